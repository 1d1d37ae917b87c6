package dev.herald.bgpd.cli;

import java.util.concurrent.Callable;

import dev.herald.config.HeraldConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Check a configuration file without starting anything.",
                "Prints every error as FILE:LINE:COLUMN: message and exits 1, or prints FILE: ok."})
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        HeraldConfig loaded = ConfigFiles.loadOrReport(config.file, spec.commandLine().getErr());
        if (loaded == null) {
            return ExitCodes.INVALID_CONFIG;
        }
        spec.commandLine().getOut().println(config.file + ": ok");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
