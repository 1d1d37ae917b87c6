package dev.herald.bgpd.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "peers", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class)
final class PeersCommand extends AdminCommand {
    @Parameters(arity = "0..1", paramLabel = "NAME", description = "Only this peer, in detail.")
    String name;

    @Option(names = {"-d", "--detail"}, description = "Every peer in detail.")
    boolean detail;

    @Override
    int run(AdminClient client, PrintWriter out, PrintWriter err) throws AdminClient.Unreachable {
        AdminClient.Reply r = client.get(name == null ? "/v1/peers" : "/v1/peers/" + name);
        if (!r.ok()) {
            return failed(r, err);
        }
        if (admin.json) {
            printJson(out, r.body());
            return ExitCodes.OK;
        }
        List<JsonNode> peers = new ArrayList<>();
        if (r.body().isArray()) {
            r.body().forEach(peers::add);
        } else {
            peers.add(r.body());
        }
        if (name != null || detail) {
            for (JsonNode p : peers) {
                detail(p, out);
            }
            return ExitCodes.OK;
        }
        // The BFD column only where a peer has BFD: the table of a setup without it stays as it was.
        boolean bfd = peers.stream().anyMatch(p -> p.path("bfd").isObject());
        // The same for the HEALTH column: only while a Down check holds routes of some peer.
        boolean health = peers.stream().anyMatch(p -> !p.path("health_holds").isEmpty());
        List<String> header = new ArrayList<>(List.of("PEER", "ADDRESS", "AS", "STATE", "UPTIME", "SENT", "FLAPS",
                "LAST ERROR"));
        if (bfd) {
            header.add(4, "BFD");
        }
        if (health) {
            header.add(header.size() - 2, "HEALTH");
        }
        Table t = new Table(header.toArray(String[]::new));
        for (JsonNode p : peers) {
            List<String> row = new ArrayList<>(List.of(text(p, "name"), text(p, "address"), text(p, "asn"), state(p),
                    duration(p.get("uptime_seconds")), sent(p), text(p, "flaps"), text(p, "last_error")));
            if (bfd) {
                row.add(4, bfdState(p));
            }
            if (health) {
                row.add(row.size() - 2, holds(p));
            }
            t.row(row.toArray(String[]::new));
        }
        t.print(out);
        return ExitCodes.OK;
    }

    private static String state(JsonNode p) {
        return text(p, "state") + (p.path("admin_down").asBoolean() ? " (disabled)" : "")
                + (p.path("drained").isObject() ? " (drained)" : "");
    }

    /** The BFD state, "-" for a peer without BFD. */
    static String bfdState(JsonNode p) {
        JsonNode b = p.path("bfd");
        return b.isObject() ? text(b, "state") : "-";
    }

    /** "Up, tx 100 ms, rx 100 ms, detection 300 ms, 2 flap(s); configured min-rx 100ms, min-tx 100ms x 3" */
    static String bfdDetail(JsonNode b) {
        return text(b, "state") + (b.path("diagnostic").asString("").equals("NoDiagnostic") ? ""
                : " (" + text(b, "diagnostic") + ")") + ", tx " + ms(b.path("tx_interval_ms")) + ", rx "
                + ms(b.path("rx_interval_ms")) + ", detection " + ms(b.path("detection_time_ms")) + ", "
                + text(b, "flaps") + " flap(s); configured min-rx " + text(b, "min_rx_ms") + "ms, min-tx "
                + text(b, "min_tx_ms") + "ms x " + text(b, "multiplier");
    }

    /** "300 ms", "-" for 0 (nothing negotiated yet). */
    private static String ms(JsonNode n) {
        double v = n.asDouble(0);
        if (v == 0) {
            return "-";
        }
        return (v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v)) + " ms";
    }

    /** "web: 2 prefix(es) withdrawn since 2026-12-08T00:40:00Z" */
    static String hold(JsonNode h) {
        return text(h, "check") + ": " + text(h, "prefixes") + " prefix(es) " + text(h, "routes") + " since "
                + text(h, "since");
    }

    /** "web 2 withdrawn, db 1 degraded", "-" when no check holds anything back. */
    private static String holds(JsonNode p) {
        List<String> parts = new ArrayList<>();
        for (JsonNode h : p.path("health_holds")) {
            parts.add(text(h, "check") + " " + text(h, "prefixes") + " " + text(h, "routes"));
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    /** "ipv4-unicast 3, ipv6-unicast 2 (held back)" */
    private static String sent(JsonNode p) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : p.path("prefixes_sent").properties()) {
            parts.add(e.getKey() + " " + e.getValue().asString());
        }
        for (Map.Entry<String, JsonNode> e : p.path("held_back").properties()) {
            parts.add(e.getKey() + " held back");
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    private static void detail(JsonNode p, PrintWriter out) {
        out.printf("peer %s: %s AS %s%s%n", text(p, "name"), text(p, "address"), text(p, "asn"),
                p.path("passive").asBoolean() ? " (passive)" : "");
        out.printf("  state         %s%s%n", state(p),
                p.get("uptime_seconds").isNull() ? "" : ", up " + duration(p.get("uptime_seconds")) + " since "
                        + text(p, "established_since"));
        if (!p.path("local_address").isNull()) {
            out.printf("  session       local %s, remote %s, peer AS %s, router-id %s, hold time %s s%n",
                    text(p, "local_address"), text(p, "remote_address"), text(p, "peer_asn"), text(p, "peer_router_id"),
                    text(p, "hold_time"));
            out.printf("  families      %s%n", join(p.path("families")));
            out.printf("  capabilities  %s%n", join(p.path("capabilities")));
            for (Map.Entry<String, JsonNode> e : p.path("next_hops").properties()) {
                out.printf("  %-13s next hop %s, %s prefix(es) sent%n", e.getKey(), e.getValue().asString(),
                        p.path("prefixes_sent").path(e.getKey()).asString("0"));
            }
            for (Map.Entry<String, JsonNode> e : p.path("held_back").properties()) {
                out.printf("  %-13s held back: %s%n", e.getKey(), e.getValue().asString());
            }
            out.printf("  output        %s prefix(es) pending, %s byte(s) queued%n", p.path("prefixes_pending").asString("0"),
                    p.path("bytes_queued").asString("0"));
        }
        if (p.path("bfd").isObject()) {
            out.printf("  bfd           %s%n", bfdDetail(p.path("bfd")));
        }
        for (JsonNode h : p.path("health_holds")) {
            out.printf("  health check  %s%n", hold(h));
        }
        out.printf("  flaps         %s%n", text(p, "flaps"));
        out.printf("  last error    %s%n", text(p, "last_error"));
        JsonNode m = p.path("messages");
        out.printf("  messages in   %s%n", counts(m.path("in")));
        out.printf("  messages out  %s%n", counts(m.path("out")));
        out.println();
    }

    private static String join(JsonNode list) {
        List<String> parts = new ArrayList<>();
        list.forEach(n -> parts.add(n.asString()));
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    private static String counts(JsonNode byType) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : byType.properties()) {
            parts.add(e.getKey() + " " + e.getValue().asString());
        }
        return String.join(", ", parts);
    }
}
