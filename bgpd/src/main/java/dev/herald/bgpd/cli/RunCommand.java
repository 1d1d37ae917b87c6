package dev.herald.bgpd.cli;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.Callable;

import dev.herald.bgpd.admin.Operations;
import dev.herald.bgpd.daemon.Daemon;
import dev.herald.bgpd.daemon.Instance;
import dev.herald.bgpd.daemon.ListenFailedException;
import dev.herald.bgpd.daemon.StateDirectory;
import dev.herald.bgpd.logging.LogFormat;
import dev.herald.bgpd.logging.LogLevel;
import dev.herald.bgpd.logging.Logging;
import dev.herald.bgpd.systemd.NotifyEnvironment;
import dev.herald.bgpd.systemd.SystemdNotifier;
import dev.herald.config.HeraldConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Load the configuration and run the daemon in the foreground until stopped.")
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = System.getLogger("cli");

    @Mixin
    ConfigOption config;

    @Mixin
    InstanceOption instance;

    // The environment default lets a systemd drop-in raise the level without editing ExecStart.
    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "${env:HERALD_LOG_LEVEL:-info}",
            description = "error, warn, info, debug or trace (default: ${DEFAULT-VALUE}, from HERALD_LOG_LEVEL if set).")
    LogLevel logLevel;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "${env:HERALD_LOG_FORMAT:-auto}",
            description = "auto, text, journal or json (default: ${DEFAULT-VALUE}, from HERALD_LOG_FORMAT if set). "
                    + "text: timestamped lines; journal: no timestamp (journald adds its own) and a syslog priority "
                    + "per line; json: one JSON object per line (time, level, logger, message, exception); "
                    + "auto: journal when stderr is the systemd journal, else text.")
    LogFormat logFormat;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Logging.install(logLevel, logFormat);
        HeraldConfig file = ConfigFiles.loadOrReport(config.file, spec.commandLine().getErr());
        if (file == null) {
            return ExitCodes.INVALID_CONFIG;
        }
        Instance named = instance.get();
        HeraldConfig loaded = named.withDefaults(file);
        LOG.log(Level.INFO, "herald {0}{1} starting with {2}: {3} peer(s), {4} static prefix(es)",
                VersionProvider.version(), named.name() == null ? "" : " instance " + named.name(), config.file,
                loaded.peers().size(), loaded.sources().staticRoutes().size());
        try {
            return runDaemon(loaded, config.file, named);
        } catch (ListenFailedException e) {
            LOG.log(Level.ERROR, "herald cannot start: {0}", e.getMessage()); // one line, no stack trace
            return ExitCodes.CANNOT_START;
        }
    }

    private static int runDaemon(HeraldConfig loaded, java.nio.file.Path configFile, Instance named) {
        return Daemon.run(loaded, StateDirectory.fromEnvironment(named), d -> {
            Operations operations = Operations.start(d, configFile, named, VersionProvider.version());
            // After the admin API, so that `herald status` answers once `systemctl start` returns.
            SystemdNotifier notifier = SystemdNotifier.start(d, NotifyEnvironment.current());
            return () -> {
                notifier.close(); // STOPPING=1 first: systemd shows the stop while sessions close
                operations.close();
            };
        });
    }
}
