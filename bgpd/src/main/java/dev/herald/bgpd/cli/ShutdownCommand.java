package dev.herald.bgpd.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(name = "shutdown", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class)
final class ShutdownCommand extends AdminCommand {
    @Option(names = {"-m", "--message"}, paramLabel = "TEXT", defaultValue = "",
            description = "Shutdown communication shown by the routers (RFC 9003, at most 255 bytes of UTF-8).")
    String message;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to wait for the herald process to exit (default: ${DEFAULT-VALUE}); "
                    + "exit 75 when it still runs after it. 0: do not wait.")
    int timeoutSeconds;

    @Option(names = {"-d", "--drain"}, paramLabel = "SECONDS", defaultValue = "0",
            description = "First drain every peer (RFC 8326, as herald drain) and wait this long with the sessions up,"
                    + " so routers move traffic to other paths; then withdraw and stop (default: ${DEFAULT-VALUE},"
                    + " at once). --timeout counts from the end of the drain.")
    int drainSeconds;

    /** Tests replace these to stand for a process that exits late or never. */
    java.util.function.LongPredicate processAlive = StopWait.PROCESS_ALIVE;
    StopWait.Clock clock = StopWait.SYSTEM;

    @Override
    int run(AdminClient client, PrintWriter out, PrintWriter err) throws AdminClient.Unreachable {
        if (timeoutSeconds < 0) {
            err.println("herald: --timeout must be 0 or more seconds");
            return ExitCodes.USAGE;
        }
        if (drainSeconds < 0 || drainSeconds > 3600) {
            err.println("herald: --drain must be 0..3600 seconds");
            return ExitCodes.USAGE;
        }
        long pid = daemonPid(client);
        int refused = postCommunication(client, "/v1/shutdown", message,
                drainSeconds == 0 ? Map.of() : Map.of("drain_seconds", drainSeconds), _ -> { }, out, err);
        if (refused >= 0) {
            return refused;
        }
        if (timeoutSeconds == 0) {
            return ExitCodes.OK;
        }
        boolean gone;
        try {
            gone = StopWait.until(() -> !client.answers() && (pid < 0 || !processAlive.test(pid)),
                    Duration.ofSeconds(drainSeconds + (long) timeoutSeconds), clock);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gone = false;
        }
        if (!gone) {
            err.println("herald: shutdown requested, but herald" + (pid < 0 ? "" : " (pid " + pid + ")")
                    + " still runs after " + (drainSeconds + timeoutSeconds) + " s");
            return ExitCodes.STILL_RUNNING;
        }
        if (!admin.json) {
            out.println("herald withdrew its routes and stopped");
        }
        return ExitCodes.OK;
    }

    /** The daemon's pid from its status, or -1 when the status does not say: then only the socket is waited for. */
    private static long daemonPid(AdminClient client) throws AdminClient.Unreachable {
        AdminClient.Reply r = client.get("/v1/status");
        JsonNode pid = r.ok() ? r.body().get("pid") : null;
        return pid != null && pid.canConvertToLong() ? pid.asLong() : -1;
    }
}
