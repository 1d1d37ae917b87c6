package dev.herald.bgpd.admin;

import dev.herald.bgpd.daemon.PeerView;
import dev.herald.codec.Family;
import dev.herald.fsm.State;
import dev.herald.fsm.transport.MessageCounts;
import dev.herald.rib.UpdateGroupStatus;
import dev.herald.sources.SourceHealth;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * herald's own series (BGP, RIB, sources): each a {@link LiveFamily} over the scrape's
 * {@link Reading}. Names and meanings are listed in docs/metrics.md.
 */
final class HeraldMeters {
    private static final Pattern NOTIFICATION = Pattern.compile("NOTIFICATION (\\d+)/(\\d+)");

    /** A peer and one of its families. */
    private record PeerFamily(PeerView peer, Family family) {
    }

    /** A peer's count of one message type, in or out. */
    private record PeerMessages(PeerView peer, int type) {
    }

    /** A source's health. */
    private record Health(String source, SourceHealth health) {
    }

    /** A source's errors of one kind. */
    private record SourceErrors(String source, String kind, long count) {
    }

    private final MeterRegistry registry;
    private final List<LiveFamily<?>> families = new ArrayList<>();

    HeraldMeters(MeterRegistry registry) {
        this.registry = registry;
        rib();
        sources();
        peers();
        messages();
        families.addAll(BfdMeters.families(registry));
        families.addAll(HealthMeters.families(registry));
    }

    /** The families' names as the text format writes them, also of those without a series now. */
    List<String> names() {
        return families.stream().map(LiveFamily::exposedName).toList();
    }

    /** Points every family at {@code r}. */
    void refresh(Reading r) {
        for (LiveFamily<?> f : families) {
            f.refresh(r);
        }
    }

    private void rib() {
        gauge("herald_rib_prefixes", "Prefixes in the RIB's origin table (offered by at least one source).",
                HeraldMeters::whole, r -> Tags.empty(), Reading::ribPrefixes);
        gauge("herald_update_groups", "Update groups: sets of Established peers sent the same UPDATEs.",
                HeraldMeters::whole, r -> Tags.empty(), r -> r.groups().size());
        gauge("herald_update_group_members", "Peers in each update group.", Reading::groups, HeraldMeters::group,
                g -> g.members().size());
        gauge("herald_update_group_held_back", "Prefixes an update group holds back for maximum-prefix-out.",
                Reading::groups, HeraldMeters::group, UpdateGroupStatus::heldBack);
    }

    private void sources() {
        gauge("herald_source_up", "1 for each running route source.", r -> r.health().entrySet(), HeraldMeters::source, e -> 1);
        gauge("herald_source_prefixes", "Prefixes a source offers in the RIB (whether it wins them or not).",
                r -> r.bySource().entrySet(), HeraldMeters::source, Map.Entry::getValue);
        counter("herald_source_deliveries", "Complete views and changes a source handed to the RIB.",
                r -> r.activity().entrySet(), HeraldMeters::source, e -> e.getValue().deliveries());
        gauge("herald_source_last_delivery_timestamp_seconds",
                "When a source last handed the RIB a view or a change (Unix time); time() minus it is how long it has"
                        + " been quiet.",
                r -> r.activity().entrySet(), HeraldMeters::source, e -> e.getValue().lastMillis() / 1000.0);
        gauge("herald_source_last_sync_lag_seconds",
                "Sync lag of the last change the RIB applied from a source (NaN before the first).",
                r -> r.activity().entrySet(), HeraldMeters::source, e -> e.getValue().lastLagSeconds());
        Function<Health, Tags> healthOf = h -> Tags.of("source", h.source());
        gauge("herald_source_connected", "1 while a source that talks to a daemon (ovn, lxd) is connected to it.",
                r -> health(r).stream().filter(h -> h.health().connected().isPresent()).toList(), healthOf,
                h -> h.health().connected().orElseThrow() ? 1 : 0);
        counter("herald_source_resyncs",
                "Full reads of a source's daemon: LXD full syncs, OVN full snapshots, kernel dumps after lost"
                        + " notifications.",
                r -> health(r).stream().filter(h -> h.health().resyncs().isPresent()).toList(), healthOf,
                h -> h.health().resyncs().orElseThrow());
        counter("herald_source_errors",
                "Source errors by kind: connect (failed connection), garbage (input it could not read, skipped),"
                        + " overflow (kernel notifications lost).",
                r -> health(r).stream().flatMap(h -> h.health().errors().entrySet().stream()
                        .map(e -> new SourceErrors(h.source(), e.getKey(), e.getValue()))).toList(),
                e -> Tags.of("source", e.source(), "kind", e.kind()), SourceErrors::count);
        counter("herald_source_rejected_routes",
                "Routes a source refused to announce (outside its allow-lists, a restricted project's foreign prefix,"
                        + " ...).",
                r -> health(r).stream().filter(h -> h.health().rejectedRoutes().isPresent()).toList(), healthOf,
                h -> h.health().rejectedRoutes().orElseThrow());
    }

    private void peers() {
        Function<PeerView, Tags> peer = p -> Tags.of("peer", p.name());
        gauge("herald_peer_state",
                "BGP FSM state as in BGP4-MIB bgpPeerState: 1 Idle, 2 Connect, 3 Active, 4 OpenSent, 5 OpenConfirm,"
                        + " 6 Established.",
                Reading::peers, peer, p -> stateNumber(p.state()));
        gauge("herald_peer_up", "1 while the session is Established.", Reading::peers, peer,
                p -> p.since() == null ? 0 : 1);
        gauge("herald_peer_admin_down", "1 while the peer is disabled with 'herald peer NAME disable'.",
                Reading::peers, peer, p -> p.adminDown() ? 1 : 0);
        // A peer's drain is daemon state, not part of its view: the reading pairs them.
        gauge("herald_peer_drained", "1 while the peer is drained with 'herald drain' (RFC 8326 graceful shutdown).",
                r -> r.peers().stream().map(p -> Map.entry(p.name(), r.drained().contains(p.name()))).toList(),
                e -> Tags.of("peer", e.getKey()), e -> e.getValue() ? 1 : 0);
        gauge("herald_peer_uptime_seconds", "Seconds since the session became Established; 0 when it is not.",
                Reading::peers, peer,
                p -> p.since() == null ? 0 : Duration.between(p.since(), Instant.now()).toMillis() / 1000.0);
        counter("herald_peer_flaps", "Established sessions that ended.", Reading::peers, peer, PeerView::flaps);
        gauge("herald_peer_last_error_code",
                "Error code of the NOTIFICATION that ended the last session or attempt (sent or received); 0 when none"
                        + " did.",
                Reading::peers, peer, p -> notification(p, 1));
        gauge("herald_peer_last_error_subcode", "Its subcode; 0 when none.", Reading::peers, peer,
                p -> notification(p, 2));
        Function<PeerFamily, Tags> peerFamily = pf -> Tags.of("peer", pf.peer().name(), "family",
                pf.family().configName());
        gauge("herald_peer_prefixes_announced",
                "Prefixes in the peer's Adj-RIB-Out, per configured family (0 while not Established or not"
                        + " negotiated).",
                r -> r.peers().stream().flatMap(p -> configured(p, r).stream().map(f -> new PeerFamily(p, f))).toList(),
                peerFamily, pf -> pf.peer().advertised().getOrDefault(pf.family(), 0));
        Function<Reading, Collection<PeerView>> established = r -> r.peers().stream()
                .filter(p -> p.since() != null).toList();
        gauge("herald_peer_output_pending_prefixes",
                "Prefixes whose newest state waits for the peer's socket to take more (one each, however often it"
                        + " changed).",
                established, peer, PeerView::pendingPrefixes);
        gauge("herald_peer_output_queued_bytes", "Bytes written for the peer that its socket has not taken yet.",
                established, peer, PeerView::queuedBytes);
        gauge("herald_peer_family_held_back",
                "1 when a negotiated family's routes are not sent for want of a usable next hop (see herald peers).",
                r -> r.peers().stream().flatMap(p -> p.heldBack().keySet().stream().map(f -> new PeerFamily(p, f)))
                        .toList(),
                peerFamily, pf -> 1);
    }

    private void messages() {
        Function<Reading, Collection<PeerMessages>> all = r -> r.peers().stream().flatMap(p -> java.util.stream.IntStream
                .range(1, MessageCounts.TYPES.size()).mapToObj(t -> new PeerMessages(p, t))).toList();
        Function<PeerMessages, Tags> tags = m -> Tags.of("peer", m.peer().name(), "type",
                MessageCounts.TYPES.get(m.type()));
        counter("herald_peer_messages_received", "BGP messages received, by type.", all, tags,
                m -> m.peer().messages().in(m.type()));
        counter("herald_peer_messages_sent", "BGP messages sent, by type.", all, tags,
                m -> m.peer().messages().out(m.type()));
    }

    static List<Family> configured(PeerView p, Reading r) {
        var c = r.configured().get(p.name());
        return c == null ? List.of() : List.copyOf(c);
    }

    private static Collection<Reading> whole(Reading r) {
        return List.of(r);
    }

    private static List<Health> health(Reading r) {
        return r.health().entrySet().stream().map(e -> new Health(e.getKey(), e.getValue())).toList();
    }

    private static Tags source(Map.Entry<String, ?> e) {
        return Tags.of("source", e.getKey());
    }

    private static Tags group(UpdateGroupStatus g) {
        return Tags.of("group", Integer.toString(g.id()));
    }

    private static int notification(PeerView p, int group) {
        Matcher m = NOTIFICATION.matcher(p.lastError());
        return m.find() ? Integer.parseInt(m.group(group)) : 0;
    }

    static int stateNumber(String state) {
        State[] all = State.values();
        for (int i = 0; i < all.length; i++) {
            if (all[i].toString().equals(state)) {
                return i + 1;
            }
        }
        return 0;
    }

    private <T> void gauge(String name, String help, Function<Reading, Collection<T>> items, Function<T, Tags> tags,
                           ToDoubleFunction<T> value) {
        families.add(LiveFamily.gauge(registry, name, help, items, tags, value));
    }

    private <T> void counter(String name, String help, Function<Reading, Collection<T>> items, Function<T, Tags> tags,
                             ToDoubleFunction<T> value) {
        families.add(LiveFamily.counter(registry, name, help, items, tags, value));
    }
}
