package dev.herald.bgpd.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import picocli.CommandLine;

/** The {@code herald} command line. */
public final class Main {
    /**
     * herald's commands by name, in the order help lists them. picocli reads every command's
     * annotations when it is added (reflection, annotation proxies: picocli's classes are too old
     * for the JVM's AOT cache, so this is not cached); a run needs only the one it runs.
     */
    static final Map<String, Supplier<Object>> COMMANDS = commands();

    private Main() {
    }

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> c = new LinkedHashMap<>();
        c.put("run", RunCommand::new);
        c.put("validate", ValidateCommand::new);
        c.put("status", StatusCommand::new);
        c.put("peers", PeersCommand::new);
        c.put("routes", RoutesCommand::new);
        c.put("reload", ReloadCommand::new);
        c.put("shutdown", ShutdownCommand::new);
        c.put("peer", PeerCommand::new);
        c.put("drain", DrainCommand::new);
        c.put("undrain", UndrainCommand::new);
        c.put("aot-training", AotTrainingCommand::new);
        return c;
    }

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /** The configured command line with every command; tests swap its output streams. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line for {@code args}: when the first argument names a command, that command
     * alone (what it prints and returns is the same: a command's parsing and help never look at
     * its siblings); otherwise every command, for herald's own help and usage errors.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new HeraldCommand());
        Supplier<Object> named = args.length == 0 ? null : COMMANDS.get(args[0]);
        if (named != null) {
            cl.addSubcommand(named.get());
        } else {
            COMMANDS.values().forEach(c -> cl.addSubcommand(c.get()));
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            err.println("herald: internal error: " + e);
            e.printStackTrace(err);
            err.flush();
            return ExitCodes.INTERNAL_ERROR;
        });
        return cl;
    }
}
