package dev.herald.bgpd.cli;

import java.io.PrintWriter;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "undrain", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class)
final class UndrainCommand extends AdminCommand {
    @Option(names = {"-p", "--peer"}, paramLabel = "NAME",
            description = "End only this peer's own drain (default: every drain).")
    String peer;

    @Override
    int run(AdminClient client, PrintWriter out, PrintWriter err) throws AdminClient.Unreachable {
        AdminClient.Reply r = client.post("/v1/undrain", peer == null ? Map.of() : Map.of("peer", peer));
        if (!r.ok()) {
            return failed(r, err);
        }
        if (admin.json) {
            printJson(out, r.body());
        } else {
            r.body().path("undrained").forEach(n -> out.println("undrained " + n.asString()));
        }
        return ExitCodes.OK;
    }
}
