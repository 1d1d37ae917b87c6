package dev.herald.interop.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * BIRD's BFD in the lab: one {@code protocol bfd} holding the router's own sessions
 * ({@code neighbor}) and the timers for sessions BGP asks for (BIRD 2.0 sets BFD timers per
 * interface and for multihop, not per BGP neighbour), and {@code show bfd sessions} read into
 * {@link RouterBfdSession}s.
 */
final class BirdBfd {
    private BirdBfd() {
    }

    static boolean needed(RouterConfig c) {
        return timers(c) != null;
    }

    /** The first timers configured: BIRD applies one set per interface, the lab uses one per router. */
    private static RouterConfig.Bfd timers(RouterConfig c) {
        return c.neighbors().stream().map(n -> n.options().bfd()).filter(Objects::nonNull).findFirst()
                .orElse(c.bfdPeers().isEmpty() ? null : c.bfdPeers().getFirst().timers());
    }

    static String configText(RouterConfig c) {
        RouterConfig.Bfd t = timers(c);
        String options = "min rx interval " + t.minRxMs() + " ms; min tx interval " + t.minTxMs() + " ms; multiplier "
                + t.multiplier() + ";";
        StringBuilder sb = new StringBuilder("protocol bfd {\n");
        sb.append("  interface \"*\" { ").append(options).append(" };\n");
        sb.append("  multihop { ").append(options).append(" };\n");
        for (RouterConfig.BfdPeer p : c.bfdPeers()) {
            sb.append("  neighbor ").append(IpPrefix.format(p.remote()))
                    .append(p.interfaceName() != null ? " dev \"" + p.interfaceName() + "\"" : "")
                    .append(" local ").append(IpPrefix.format(p.local()))
                    .append(p.multihop() ? " multihop on" : "").append(";\n");
        }
        sb.append("}\n");
        return sb.toString();
    }

    /** The BGP protocol's BFD line: {@code bfd on}, or {@code bfd graceful} (RFC 5882 4.3 as BIRD reads it). */
    static String bgpLine(RouterConfig.Bfd t) {
        return t.graceful() ? "  bfd graceful;\n" : "  bfd on;\n";
    }

    /**
     * {@code show bfd sessions}: after the protocol's name and a header, one line a session:
     * {@code IP  [INTERFACE]  STATE  SINCE...  INTERVAL  TIMEOUT}, the last two in seconds; a
     * multihop session has no interface.
     */
    static List<RouterBfdSession> sessions(String text) {
        List<RouterBfdSession> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5 || !(f[0].contains(".") || f[0].contains(":")) || !Character.isLetterOrDigit(f[0].charAt(0))
                    || f[0].endsWith(":")) {
                continue;
            }
            int state = -1;
            for (int i = 1; i < f.length; i++) {
                if (List.of("Up", "Down", "Init", "AdminDown").contains(f[i])) {
                    state = i;
                    break;
                }
            }
            if (state < 0) {
                continue;
            }
            String since = String.join(" ", List.of(f).subList(state + 1, f.length - 2));
            long timeoutMs = Math.round(Double.parseDouble(f[f.length - 1]) * 1000);
            out.add(new RouterBfdSession(IpPrefix.address(f[0].replaceFirst("%.*$", "")), state == 1 || f[1].equals("---"), "Up".equals(f[state]),
                    OptionalLong.empty(), timeoutMs, "since=" + since));
        }
        return out;
    }
}
