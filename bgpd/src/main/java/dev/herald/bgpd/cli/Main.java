package dev.herald.bgpd.cli;

import java.io.PrintWriter;

import picocli.CommandLine;

/** The {@code herald} command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests swap its output streams. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new HeraldCommand());
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
