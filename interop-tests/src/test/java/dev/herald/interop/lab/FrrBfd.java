package dev.herald.interop.lab;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * FRR's bfdd in the lab: its configuration (one profile per set of timers, the router's own
 * sessions under {@code bfd / peer}) and its {@code show bfd peers json} read into
 * {@link RouterBfdSession}s. bfdd runs beside bgpd when a neighbour or a peer has BFD.
 */
final class FrrBfd {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FrrBfd() {
    }

    static boolean needed(RouterConfig c) {
        return !c.bfdPeers().isEmpty() || c.neighbors().stream().anyMatch(n -> n.options().bfd() != null);
    }

    /** The profile named after the timers: {@code lab-RX-TX-MULT}. */
    static String profile(RouterConfig.Bfd t) {
        return "lab-" + t.minRxMs() + "-" + t.minTxMs() + "-" + t.multiplier();
    }

    static String configText(RouterConfig c) {
        Set<RouterConfig.Bfd> timers = new LinkedHashSet<>();
        c.neighbors().stream().map(n -> n.options().bfd()).filter(java.util.Objects::nonNull).forEach(t -> timers.add(plain(t)));
        c.bfdPeers().forEach(p -> timers.add(plain(p.timers())));
        StringBuilder sb = new StringBuilder("bfd\n");
        for (RouterConfig.Bfd t : timers) {
            sb.append(" profile ").append(profile(t)).append('\n');
            sb.append("  receive-interval ").append(t.minRxMs()).append('\n');
            sb.append("  transmit-interval ").append(t.minTxMs()).append('\n');
            sb.append("  detect-multiplier ").append(t.multiplier()).append('\n');
            sb.append(" exit\n");
        }
        for (RouterConfig.BfdPeer p : c.bfdPeers()) {
            sb.append(" peer ").append(IpPrefix.format(p.remote())).append(p.multihop() ? " multihop" : "")
                    .append(" local-address ").append(IpPrefix.format(p.local()))
                    .append(p.interfaceName() != null ? " interface " + p.interfaceName() : "").append('\n');
            sb.append("  profile ").append(profile(p.timers())).append('\n');
            sb.append(" exit\n");
        }
        sb.append("exit\n");
        return sb.toString();
    }

    /** Profiles carry timers only: two neighbours differing in {@code graceful} share one. */
    private static RouterConfig.Bfd plain(RouterConfig.Bfd t) {
        return RouterConfig.Bfd.of(t.minRxMs(), t.minTxMs(), t.multiplier());
    }

    /** {@code show bfd peers json} with {@code show bfd peers counters json} (its down events mark flaps). */
    static List<RouterBfdSession> sessions(String peersJson, String countersJson) {
        JsonNode counters = JSON.readTree(countersJson);
        List<RouterBfdSession> out = new ArrayList<>();
        for (JsonNode p : JSON.readTree(peersJson)) {
            String peer = p.path("peer").asString();
            boolean multihop = p.path("multihop").asBoolean(false);
            long downs = -1;
            for (JsonNode c : counters) {
                if (c.path("peer").asString().equals(peer) && c.path("multihop").asBoolean(false) == multihop
                        && c.path("interface").asString("").equals(p.path("interface").asString(""))) {
                    downs = c.path("session-down").asLong(-1);
                }
            }
            long remoteTx = p.path("remote-transmit-interval").asLong();
            long detect = p.path("remote-detect-multiplier").asLong() * Math.max(p.path("receive-interval").asLong(), remoteTx);
            out.add(new RouterBfdSession(IpPrefix.address(peer.replaceFirst("%.*$", "")), multihop,
                    "up".equals(p.path("status").asString()), OptionalLong.of(remoteTx), detect, "down-events=" + downs));
        }
        return out;
    }
}
