package dev.herald.bgpd.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "herald", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Announces routes to BGP peers.", resourceBundle = "dev.herald.bgpd.cli.AdminHelp",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:success",
            " 1:invalid configuration (reload: nothing was changed)",
            " 2:usage error",
            " 3:herald cannot be reached (not running, or no permission on the admin socket)",
            " 4:no such peer (routes --explain: no source offers the prefix)",
            "70:internal error (a bug; the stack trace is on stderr)",
            "71:herald run cannot start: router.listen cannot be bound (port in use, no CAP_NET_BIND_SERVICE)",
            "75:herald shutdown: herald accepted the request but its process still runs after --timeout",
        })
final class HeraldCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: use 'run', 'validate', 'status', 'peers', 'routes', 'reload', 'shutdown', 'peer', 'drain' or 'undrain'");
    }
}
