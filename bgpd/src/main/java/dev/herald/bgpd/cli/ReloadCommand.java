package dev.herald.bgpd.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

@Command(name = "reload", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class)
final class ReloadCommand extends AdminCommand {
    @Override
    int run(AdminClient client, PrintWriter out, PrintWriter err) throws AdminClient.Unreachable {
        AdminClient.Reply r = client.post("/v1/reload", null);
        if (r.status() != 200 && r.status() != 422) {
            return failed(r, err);
        }
        JsonNode b = r.body();
        if (admin.json) {
            printJson(out, b);
        } else {
            b.path("errors").forEach(e -> err.println(e.asString()));
            b.path("refused").forEach(e -> err.println("herald: not reloaded: " + e.asString()));
            if (r.ok()) {
                if (b.path("changes").isEmpty()) {
                    out.println("reloaded: no changes");
                }
                b.path("changes").forEach(c -> out.println("reloaded: " + c.asString()));
            } else {
                err.println("herald: the running config was kept");
            }
        }
        return r.ok() ? ExitCodes.OK : ExitCodes.INVALID_CONFIG;
    }
}
