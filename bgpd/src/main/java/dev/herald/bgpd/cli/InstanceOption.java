package dev.herald.bgpd.cli;

import dev.herald.bgpd.daemon.Instance;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code -N, --instance NAME}: which of several heralds on one host (FRR's {@code -N}), for
 * {@code herald run} and every command that talks to a running herald.
 */
final class InstanceOption {
    @Option(names = {"-N", "--instance"}, paramLabel = "NAME", converter = InstanceOption.Converter.class,
            description = "Which herald, when several run on one host (e.g. one per network namespace): its"
                    + " state and admin socket are in /run/herald/NAME instead of /run/herald"
                    + " (systemd: herald@NAME.service). Letters, digits, '_', '.' and '-', at most 64.")
    Instance instance = Instance.DEFAULT;

    /** /run/herald unless a test puts the instances' directories elsewhere. */
    java.nio.file.Path runRoot;

    /** The instance the command line names, its directories under {@link #runRoot} if set. */
    Instance get() {
        return runRoot == null ? instance : instance.under(runRoot);
    }

    /** A name that is not a safe directory name is a usage error (exit 2) naming the rule. */
    static final class Converter implements ITypeConverter<Instance> {
        @Override
        public Instance convert(String value) {
            try {
                return Instance.named(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
