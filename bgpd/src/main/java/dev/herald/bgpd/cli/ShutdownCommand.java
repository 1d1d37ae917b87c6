package dev.herald.bgpd.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "shutdown", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class)
final class ShutdownCommand extends AdminCommand {
    @Option(names = {"-m", "--message"}, paramLabel = "TEXT", defaultValue = "",
            description = "Shutdown communication shown by the routers (RFC 9003, at most 255 bytes of UTF-8).")
    String message;

    @Override
    int run(AdminClient client, PrintWriter out, PrintWriter err) throws AdminClient.Unreachable {
        int refused = postCommunication(client, "/v1/shutdown", message, out, err);
        if (refused >= 0) {
            return refused;
        }
        for (int i = 0; i < 300 && client.answers(); i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (client.answers()) {
            err.println("herald: shutdown requested, but herald still answers after 30 s");
            return ExitCodes.INTERNAL_ERROR;
        }
        if (!admin.json) {
            out.println("herald withdrew its routes and stopped");
        }
        return ExitCodes.OK;
    }
}
