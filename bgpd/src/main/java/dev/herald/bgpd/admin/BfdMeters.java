package dev.herald.bgpd.admin;

import dev.herald.bfd.DropReason;
import dev.herald.bfd.io.TransportDrop;
import dev.herald.bfd.io.TransportStatus;
import dev.herald.bgpd.daemon.BfdView;
import dev.herald.bgpd.daemon.PeerView;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * BFD's series (issue 19, ADR 0016): per peer with bfd enabled, read from its {@link BfdView} in
 * the scrape's {@link Reading}; transport-wide, from the transport's counters. No series at all
 * while no peer has bfd enabled. Names and meanings are listed in docs/metrics.md.
 */
final class BfdMeters {
    /** One reason a datagram was dropped and how many were. */
    private record Drop(String reason, long count) {
    }

    private BfdMeters() {
    }

    static List<LiveFamily<?>> families(MeterRegistry registry) {
        List<LiveFamily<?>> f = new ArrayList<>();
        Function<Reading, Collection<PeerView>> withBfd = r -> r.peers().stream().filter(p -> p.bfd() != null).toList();
        Function<PeerView, Tags> peer = p -> Tags.of("peer", p.name());
        // FRR's exporter has frr_bfd_peer_state 1 Up, 0 otherwise: the 0/1 series alerts and panels want.
        f.add(LiveFamily.gauge(registry, "herald_peer_bfd_up", "1 while the peer's BFD session is Up.", withBfd, peer,
                p -> "Up".equals(p.bfd().state()) ? 1 : 0));
        f.add(LiveFamily.gauge(registry, "herald_peer_bfd_state",
                "BFD state as in BFD-STD-MIB bfdSessState (RFC 7331): 1 AdminDown, 2 Down, 3 Init, 4 Up; 0 while no"
                        + " BFD session runs (the BGP session is not Established).",
                withBfd, peer, p -> stateNumber(p.bfd().state())));
        f.add(LiveFamily.gauge(registry, "herald_peer_bfd_transmit_interval_seconds",
                "Negotiated interval herald sends BFD Control packets at (the larger of min-tx and the peer's"
                        + " min-rx); 0 while no session runs.",
                withBfd, peer, p -> p.bfd().txIntervalMs() / 1000));
        f.add(LiveFamily.gauge(registry, "herald_peer_bfd_receive_interval_seconds",
                "Interval herald expects the peer's BFD Control packets at; 0 before any arrived.", withBfd, peer,
                p -> p.bfd().rxIntervalMs() / 1000));
        f.add(LiveFamily.gauge(registry, "herald_peer_bfd_detection_time_seconds",
                "herald declares the BFD session Down after this long without a packet; 0 before any arrived.",
                withBfd, peer, p -> p.bfd().detectionTimeMs() / 1000));
        f.add(LiveFamily.counter(registry, "herald_peer_bfd_up_transitions",
                "Times the peer's BFD sessions reached Up (each Up after the first follows a Down: a flap).", withBfd,
                peer, p -> p.bfd().upTransitions()));
        f.add(LiveFamily.counter(registry, "herald_peer_bfd_bgp_resets",
                "BGP sessions ended with Cease/10 (BFD Down, RFC 9384) because the peer's BFD session went Down.",
                withBfd, peer, p -> p.bfd().bgpResets()));

        Function<Reading, Collection<TransportStatus>> transport = r -> r.bfd().stream().toList();
        f.add(transportWide(registry, false, "herald_bfd_sessions", "BFD sessions running.", transport,
                TransportStatus::sessions));
        f.add(transportWide(registry, true, "herald_bfd_packets_received", "UDP datagrams received on the BFD ports.",
                transport, TransportStatus::received));
        f.add(transportWide(registry, true, "herald_bfd_packets_sent", "BFD Control packets sent.", transport,
                TransportStatus::sent));
        f.add(transportWide(registry, true, "herald_bfd_send_errors",
                "BFD Control packets the kernel refused to send (no route, interface down).", transport,
                TransportStatus::sendErrors));
        f.add(LiveFamily.counter(registry, "herald_bfd_packets_dropped",
                "Received datagrams dropped, by reason: the RFC 5880 6.8.6 checks (bad_version, bad_length, ...,"
                        + " auth_not_configured), ttl (RFC 5881 5, RFC 5883 5), unknown_discriminator,"
                        + " no_session_for_address.",
                r -> r.bfd().map(BfdMeters::drops).orElse(List.of()), d -> Tags.of("reason", d.reason()), Drop::count));
        return f;
    }

    private static LiveFamily<TransportStatus> transportWide(MeterRegistry registry, boolean counter, String name,
            String help, Function<Reading, Collection<TransportStatus>> items, ToDoubleFunction<TransportStatus> value) {
        return counter ? LiveFamily.counter(registry, name, help, items, s -> Tags.empty(), value)
                : LiveFamily.gauge(registry, name, help, items, s -> Tags.empty(), value);
    }

    /** Every reason, also those at 0, so rate() has a series from the first scrape. */
    private static List<Drop> drops(TransportStatus s) {
        List<Drop> out = new ArrayList<>();
        for (DropReason r : DropReason.values()) {
            out.add(new Drop(label(r.name()), s.decodeDrops().getOrDefault(r, 0L)));
        }
        for (TransportDrop r : TransportDrop.values()) {
            out.add(new Drop(label(r.name()), s.transportDrops().getOrDefault(r, 0L)));
        }
        return out;
    }

    private static String label(String constant) {
        return constant.toLowerCase(Locale.ROOT);
    }

    /** BFD-STD-MIB's BfdSessStateTC, from the state {@code herald peers} shows. */
    static int stateNumber(String state) {
        return switch (state) {
            case "AdminDown" -> 1;
            case "Down" -> 2;
            case "Init" -> 3;
            case "Up" -> 4;
            default -> 0; // Idle: no BFD session while BGP is not Established
        };
    }
}
