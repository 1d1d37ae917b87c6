package dev.herald.bgpd.cli;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(name = "routes", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class)
final class RoutesCommand extends AdminCommand {
    @Option(names = {"-p", "--peer"}, paramLabel = "NAME", description = "Only this peer.")
    String peer;

    // -a is gobgp's spelling (gobgp global rib -a ipv4).
    @Option(names = {"-f", "-a", "--family"}, paramLabel = "FAMILY", converter = FamilyName.class,
            description = "Only this family: " + FamilyName.FORMS + ".")
    String family;

    @Option(names = {"-e", "--explain"}, paramLabel = "PREFIX",
            description = "Explain one prefix instead (exit 4 when no source offers it).")
    String explain;

    @Override
    int run(AdminClient client, PrintWriter out, PrintWriter err) throws AdminClient.Unreachable {
        if (explain != null) {
            return explain(client, out, err);
        }
        List<String> query = new ArrayList<>();
        if (peer != null) {
            query.add("peer=" + encode(peer));
        }
        if (family != null) {
            query.add("family=" + encode(family));
        }
        AdminClient.Reply r = client.get("/v1/routes" + (query.isEmpty() ? "" : "?" + String.join("&", query)));
        if (!r.ok()) {
            return failed(r, err);
        }
        if (admin.json) {
            printJson(out, r.body());
            return ExitCodes.OK;
        }
        Table t = new Table("PEER", "PREFIX", "NEXT HOP", "ATTRIBUTES", "SOURCE");
        for (JsonNode e : r.body()) {
            t.row(text(e, "peer"), text(e, "prefix"), text(e, "next_hop"), text(e, "attributes"), text(e, "source"));
        }
        t.print(out);
        return ExitCodes.OK;
    }

    private int explain(AdminClient client, PrintWriter out, PrintWriter err) throws AdminClient.Unreachable {
        AdminClient.Reply r = client.get("/v1/routes/explain?prefix=" + encode(explain));
        if (!r.ok()) {
            return failed(r, err);
        }
        JsonNode x = r.body();
        boolean offered = x.path("offered").asBoolean();
        if (admin.json) {
            printJson(out, x);
            return offered ? ExitCodes.OK : ExitCodes.NOT_FOUND;
        }
        out.println(text(x, "prefix"));
        if (!offered) {
            out.println("  no source offers it");
        } else {
            out.println("  from    " + facts(x.get("winner")));
            for (JsonNode l : x.path("losers")) {
                out.println("  lost    " + facts(l));
            }
        }
        Table t = new Table("  PEER", "VERDICT", "DETAIL");
        for (JsonNode p : x.path("peers")) {
            String detail = p.path("verdict").asString().equals("sent")
                    ? "next hop " + text(p, "next_hop") + (text(p, "attributes").isEmpty() ? "" : ", " + text(p, "attributes"))
                            + ", update group " + text(p, "update_group")
                            + (p.hasNonNull("reason") ? ", " + text(p, "reason") : "") // degraded by a health check
                    : text(p, "reason");
            t.row("  " + text(p, "peer"), p.path("verdict").asString().replace('_', ' '), detail);
        }
        t.print(out);
        return offered ? ExitCodes.OK : ExitCodes.NOT_FOUND;
    }

    /** "lxd (lxd network default/lxdbr0 subnet) priority 100 next-hop 192.0.2.1 med 5 tags {...}" */
    private static String facts(JsonNode f) {
        StringBuilder sb = new StringBuilder(text(f, "source"));
        if (!text(f, "origin").equals(text(f, "source"))) {
            sb.append(" (").append(text(f, "origin")).append(')');
        }
        if (f.path("priority").asLong() != 0) {
            sb.append(" priority ").append(text(f, "priority"));
        }
        for (String k : List.of("next_hop_ipv4", "next_hop_ipv6")) {
            if (!f.path(k).isNull()) {
                sb.append(" next-hop ").append(text(f, k));
            }
        }
        if (!f.path("med").isNull()) {
            sb.append(" med ").append(text(f, "med"));
        }
        List<String> tags = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : f.path("tags").properties()) {
            tags.add(e.getKey() + "=" + e.getValue().asString());
        }
        if (!tags.isEmpty()) {
            sb.append(" tags ").append(String.join(",", tags));
        }
        return sb.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
