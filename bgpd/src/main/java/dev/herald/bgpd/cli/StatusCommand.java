package dev.herald.bgpd.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class)
final class StatusCommand extends AdminCommand {
    @Override
    int run(AdminClient client, PrintWriter out, PrintWriter err) throws AdminClient.Unreachable {
        AdminClient.Reply r = client.get("/v1/status");
        if (!r.ok()) {
            return failed(r, err);
        }
        JsonNode s = r.body();
        if (admin.json) {
            printJson(out, s);
            return ExitCodes.OK;
        }
        out.printf("herald %s running, pid %s, up %s (since %s)%n", text(s, "version"), text(s, "pid"),
                duration(s.get("uptime_seconds")), text(s, "started"));
        out.printf("config:  %s%n", text(s, "config_file"));
        out.printf("router:  AS %s, router-id %s%n", text(s, "asn"), text(s, "router_id"));
        out.printf("peers:   %s of %s Established%n", text(s, "peers_established"), text(s, "peers_configured"));
        JsonNode all = s.path("drained");
        if (all.isObject()) {
            out.printf("drained: every peer since %s%s%n", text(all, "since"),
                    all.path("message").asString("").isEmpty() ? "" : " \"" + text(all, "message") + "\"");
        } else if (s.path("peers_drained").asLong(0) > 0) {
            out.printf("drained: %s peer(s) (herald peers)%n", text(s, "peers_drained"));
        }
        out.printf("rib:     %s prefix(es)%n", text(s, "rib_prefixes"));
        java.util.List<String> sources = new java.util.ArrayList<>();
        for (var e : s.path("sources").properties()) {
            sources.add(e.getKey() + " " + e.getValue().asString());
        }
        out.printf("sources: %s%n", sources.isEmpty() ? "-" : String.join(", ", sources) + " prefix(es) offered");
        for (JsonNode c : s.path("health_checks")) { // what holds routes back or degrades them, and since when
            JsonNode last = c.path("last_result");
            out.printf("check:   %s %s since %s, %s transition(s), routes %s%s%n", text(c, "name"), text(c, "state"),
                    text(c, "since"), text(c, "transitions"), text(c, "routes"), last.isObject()
                            ? String.format(java.util.Locale.ROOT, ", last %s in %.3f s (%s)", text(last, "outcome"),
                                    last.path("duration_seconds").asDouble(), text(last, "detail")) : "");
        }
        if (s.hasNonNull("ovn")) {
            out.print(s.get("ovn").asString()); // the OVN source: connection, counters, announced routes
        }
        return ExitCodes.OK;
    }
}
