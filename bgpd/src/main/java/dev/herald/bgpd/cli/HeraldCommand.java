package dev.herald.bgpd.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "herald", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Announces routes to BGP peers.",
        subcommands = {RunCommand.class, ValidateCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:success",
            " 1:invalid configuration",
            " 2:usage error",
            "70:internal error (a bug; the stack trace is on stderr)",
        })
final class HeraldCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: use 'run' or 'validate'");
    }
}
