package dev.herald.interop.kernel;

import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.Netns;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One route as {@code ip -N -j route show table all} prints it: the truth the differential test
 * compares herald with, read with iproute2, never with herald's netlink code. {@code -N} makes
 * table, protocol and type numbers; iproute2 leaves out what has its default: no "type" is
 * unicast (1), no "table" is main (254), no "protocol" is boot (3), no "metric" is 0.
 *
 * @param gateway "via" address or null
 * @param dev     the outgoing device or null
 * @param from    an IPv6 source prefix ({@code from}) or null: source-specific routes
 */
public record KernelRouteRow(IpPrefix prefix, long table, int protocol, int type, long metric, String gateway, String dev,
        String from) {
    static final int UNICAST = 1;
    static final int BOOT = 3;
    static final long MAIN = 254;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Every IPv4 and IPv6 route of every table in {@code ns}. */
    public static List<KernelRouteRow> readAll(Netns ns) {
        List<KernelRouteRow> rows = new ArrayList<>();
        for (String family : List.of("-4", "-6")) {
            // the family flag is not optional: iproute2 6.1 mixes IPv6 routes into "table all" without it
            String out = Exec.run(List.of("ip", "-n", ns.name(), "-N", "-j", family, "route", "show", "table", "all"))
                    .check().stdout();
            rows.addAll(parse(out, family.equals("-6")));
        }
        return rows;
    }

    public static List<KernelRouteRow> parse(String json, boolean v6) {
        List<KernelRouteRow> rows = new ArrayList<>();
        String text = json.isBlank() ? "[]" : json;
        for (JsonNode r : JSON.readTree(text)) {
            String dst = r.path("dst").asString();
            IpPrefix p = dst.equals("default") ? IpPrefix.parse(v6 ? "::/0" : "0.0.0.0/0")
                    : IpPrefix.parse(dst.contains("/") ? dst : dst + (v6 ? "/128" : "/32"));
            rows.add(new KernelRouteRow(p, number(r, "table", MAIN), (int) number(r, "protocol", BOOT),
                    (int) number(r, "type", UNICAST), number(r, "metric", 0), text(r, "gateway"), text(r, "dev"),
                    text(r, "from")));
        }
        return rows;
    }

    private static long number(JsonNode r, String key, long absent) {
        JsonNode n = r.get(key);
        return n == null ? absent : Long.parseLong(n.asString());
    }

    private static String text(JsonNode r, String key) {
        JsonNode n = r.get(key);
        return n == null ? null : n.asString();
    }

    /** The route as {@code ip route} arguments that name exactly it (for del and replace). */
    String spec() {
        StringBuilder sb = new StringBuilder();
        if (type != UNICAST) {
            sb.append(RouteSpecs.typeName(type)).append(' ');
        }
        sb.append(prefix);
        if (type == UNICAST) {
            if (gateway != null) {
                sb.append(" via ").append(gateway);
            }
            if (dev != null) {
                sb.append(" dev ").append(dev);
            }
        }
        sb.append(" table ").append(table).append(" proto ").append(protocol).append(" metric ").append(metric);
        return sb.toString();
    }
}
