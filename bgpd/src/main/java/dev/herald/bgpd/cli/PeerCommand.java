package dev.herald.bgpd.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "peer", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class)
final class PeerCommand extends AdminCommand {
    enum Action { disable, enable }

    @Parameters(index = "0", paramLabel = "NAME", description = "The peer's name in the config.")
    String name;

    @Parameters(index = "1", paramLabel = "ACTION", description = "disable or enable.")
    Action action;

    @Option(names = {"-m", "--message"}, paramLabel = "TEXT", defaultValue = "",
            description = "With disable: shutdown communication shown by the router (RFC 9003, at most 255 bytes).")
    String message;

    @Override
    int run(AdminClient client, PrintWriter out, PrintWriter err) throws AdminClient.Unreachable {
        int refused = postCommunication(client, "/v1/peers/" + name + "/" + action, message, out, err);
        if (refused >= 0) {
            return refused;
        }
        if (!admin.json) {
            out.println("peer " + name + ": " + (action == Action.disable ? "disabled (Cease/2 sent)" : "enabled"));
        }
        return ExitCodes.OK;
    }
}
