package dev.herald.bgpd.cli;

import java.io.PrintWriter;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "drain", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class)
final class DrainCommand extends AdminCommand {
    @Option(names = {"-p", "--peer"}, paramLabel = "NAME", description = "Drain only this peer (default: every peer).")
    String peer;

    @Option(names = {"-m", "--message"}, paramLabel = "TEXT", defaultValue = "",
            description = "Why, shown by herald status and herald peers (at most 255 bytes of UTF-8).")
    String message;

    @Override
    int run(AdminClient client, PrintWriter out, PrintWriter err) throws AdminClient.Unreachable {
        int refused = postCommunication(client, "/v1/drain", message, peer == null ? Map.of() : Map.of("peer", peer),
                body -> body.path("drained").forEach(n -> out.println("drained " + n.asString()
                        + " (routes sent again with GRACEFUL_SHUTDOWN)")), out, err);
        return refused >= 0 ? refused : ExitCodes.OK;
    }
}
