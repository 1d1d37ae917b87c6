package dev.herald.rib;

import dev.herald.codec.Family;
import dev.herald.codec.Prefix;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The origin table (prefix to the candidates offering it, best first), the export policy of every
 * configured peer, and the update groups of the Established ones. Not thread-safe by design:
 * exactly one thread owns it and every call comes from that thread (the daemon's RIB executor),
 * so there are no locks to reason about.
 *
 * <p>Changes are collected and sent by {@link #flush()}: at once after each call by default, or,
 * with {@link #setAutoFlush(boolean) autoFlush} off, when the owner decides (a coalescing window:
 * a prefix that comes and goes within it is never sent, and everything that changed is packed
 * into as few UPDATEs as fit).
 */
public final class Rib {
    private static final System.Logger LOG = System.getLogger("rib");
    private final OriginTable origin;
    private final Map<String, ExportPolicy> policies = new LinkedHashMap<>();
    private final UpdateGroups groups = new UpdateGroups();
    private final OriginChanges changes = new OriginChanges();
    private final SourceDeltas sources;
    private HealthGates health = HealthGates.NONE;
    private boolean autoFlush = true;
    /** Prefixes of an initial table sent per flush (a slice), so that other work runs in between. */
    private int syncChunk = DEFAULT_SYNC_CHUNK;
    /** A slice of this many prefixes takes some tens of milliseconds to pack and encode. */
    public static final int DEFAULT_SYNC_CHUNK = 20_000;
    /** Bytes of UPDATEs a member that cannot write is still sent with its update group before it falls behind. */
    private long lagBound = DEFAULT_LAG_BOUND;
    /**
     * 64 KiB (16 full UPDATEs of 4,096 bytes, with or without extended messages) on top of the
     * transport's high-water mark: a writability blip does not cost a lane and its separate encoding.
     */
    public static final long DEFAULT_LAG_BOUND = 64 * 1024;

    public Rib() {
        this(SourcePrecedence.DEFAULT);
    }

    public Rib(SourcePrecedence precedence) {
        this.origin = new OriginTable(precedence);
        this.sources = new SourceDeltas(origin, groups, changes);
    }

    /** With autoFlush off, changes wait for {@link #flush()}. */
    public void setAutoFlush(boolean on) {
        autoFlush = on;
        if (on) {
            drain();
        }
    }

    /**
     * How many prefixes of an initial table one {@link #flush()} sends (at least 1). A table of
     * at most this many is sent whole by one flush.
     */
    public void setSyncChunk(int prefixes) {
        syncChunk = Math.max(1, prefixes);
    }

    /**
     * How many bytes of UPDATEs (their encoded size) a member in lockstep that cannot write is still
     * sent with its group before it falls behind and goes on alone (at least 0).
     */
    public void setLagBound(long bytes) {
        lagBound = Math.max(0, bytes);
    }

    /** Changes or initial tables wait for {@link #flush()}. */
    public boolean hasPending() {
        return !changes.isEmpty() || syncing();
    }

    /**
     * True while {@link #flush()} has more to send now: the next slice of an initial table or a
     * ROUTE-REFRESH answer, or what waits for a member that can write. Whatever waits for members
     * that cannot write does not count: their writability coming back makes it true again.
     */
    public boolean syncing() {
        for (UpdateGroup g : groups.all()) {
            if (g.tableToSend() || g.canSend() || !g.answersToSend().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The peer's transport can take more bytes ({@code true}) or is above its high-water mark.
     * What it is to be sent waits meanwhile as prefixes, its latest state computed when it can
     * write again (docs/adr/0012-back-pressure.md).
     */
    public void writable(String peerName, boolean writable) {
        UpdateGroup.Member m = groups.member(peerName);
        if (m == null || m.writable == writable) {
            return;
        }
        m.writable = writable;
        if (writable) {
            m.blockedBytes = 0;
            maybeFlush();
        }
    }

    /** Flushes until every initial table is sent (autoFlush; tests). */
    private void drain() {
        flush();
        while (syncing()) {
            flush();
        }
    }

    // ---- sources ------------------------------------------------------------------------

    /**
     * Replaces everything {@code source} offers with {@code routes}, and sends each peer only the
     * difference.
     */
    public void replaceSource(String source, Collection<Route> routes) {
        sources.replaceSource(source, routes);
        maybeFlush();
    }

    /** Applies one source's delta: prefixes it now offers (with only its name) and prefixes it no longer offers. */
    public void change(String source, Collection<Prefix> added, Collection<Prefix> removed) {
        sources.change(source, added, removed);
        maybeFlush();
    }

    /** Applies one source's delta: routes it now offers or offers with new facts, and prefixes it no longer offers. */
    public void update(String source, Collection<Route> upserted, Collection<Prefix> removed) {
        sources.update(source, upserted, removed);
        maybeFlush();
    }

    private void maybeFlush() {
        if (autoFlush) {
            drain();
        }
    }

    /**
     * Sends every update group's members in sync what changed since the last flush, then the next
     * slice of each initial table on its way ({@link #setSyncChunk}): peers that joined since start
     * theirs (one per group, encoded once for all of them when several joined together), and the
     * last slice ends with End-of-RIB. While {@link #syncing()}, the owner calls flush again after
     * the work that came in meanwhile, so a joining peer's table never holds up the others' deltas.
     */
    public void flush() {
        changes.apply(groups, origin);
        PrefixMap snapshot = null;
        for (UpdateGroup g : groups.snapshot()) {
            g.sendPending(origin, syncChunk, lagBound);
            boolean whole = origin.size() <= syncChunk; // one slice: no copy needed, nothing changes meanwhile
            if (g.tableToStart() && !whole && snapshot == null) {
                snapshot = origin.snapshot(); // shared by the groups starting now
            }
            g.startTable(whole ? origin.live() : snapshot, whole);
            if (g.sync != null && g.tableToSend()) {
                TableSlices.initialSlice(g, origin, syncChunk);
            }
            for (RefreshAnswer r : g.answersToSend()) {
                TableSlices.refreshSlice(g, r, origin, syncChunk);
            }
        }
    }

    // ---- peers --------------------------------------------------------------------------

    /**
     * The export policy of a configured peer (also for a peer not yet Established, so that
     * {@link #explain} can say its session is down). A peer already up moves to the update group of
     * its new policy and is sent only the difference.
     */
    public void setPolicy(String peer, ExportPolicy policy) {
        ExportPolicy old = policies.put(peer, policy);
        if (!policy.equals(old)) {
            move(peer);
        }
    }

    /**
     * The health-check gates and their announcements now (ADR 0019), laid over every peer's policy:
     * a check's transition is one call, and every peer moves as for a policy change, so it is sent
     * only the routes whose decision changed, coalesced, also while its initial table is on its way.
     */
    public void setHealthGates(HealthGates gates) {
        if (gates.equals(health)) {
            return;
        }
        health = gates;
        for (UpdateGroup.Member m : List.copyOf(groups.members())) {
            move(m.name());
        }
    }

    /** The gates {@link #setHealthGates} set last. */
    public HealthGates healthGates() {
        return health;
    }

    /** What {@code peer} is sent by: its policy (or the default) with the health gates over it. */
    private ExportPolicy effective(String peer) {
        return policies.getOrDefault(peer, ExportPolicy.DEFAULT).withHealth(health);
    }

    /** An Established peer whose effective policy may have changed moves to the group of its new one. */
    private void move(String peer) {
        UpdateGroup.Member m = groups.member(peer);
        if (m == null) {
            return;
        }
        flush();
        ExportContext ctx = ExportContext.of(m.session, effective(peer));
        if (ctx.equals(m.group.context())) {
            return; // the policy it had by default, now configured: it is sent the same
        }
        PolicyMoves.move(m, ctx, groups, origin, syncChunk);
        maybeFlush();
    }

    /** A peer removed from the config. */
    public void removePolicy(String peer) {
        policies.remove(peer);
    }

    /**
     * A session reached Established: it joins its update group and gets the whole table and
     * End-of-RIB with the next flush (at once with autoFlush), together with any other peer of
     * its group that came up meanwhile.
     */
    public void peerUp(PeerSessionInfo session, UpdateSink sink) {
        changes.apply(groups, origin); // the groups catch up first; the newcomer then starts from the same state
        UpdateGroup.Member old = groups.remove(session.peerName());
        if (old != null) {
            LOG.log(Level.WARNING, "peer {0}: Established again without going down first", session.peerName());
            groups.leave(old);
        }
        UpdateGroup.Member m = new UpdateGroup.Member(session, sink);
        ExportContext ctx = ExportContext.of(session, effective(session.peerName()));
        groups.groupFor(ctx).awaitTable(m);
        groups.put(m);
        RibReports.logNextHops(session.peerName(), ctx);
        maybeFlush();
    }

    /** The session left Established: its Adj-RIB-Out is gone with it. */
    public void peerDown(String peerName) {
        UpdateGroup.Member m = groups.remove(peerName);
        if (m != null) {
            groups.leave(m);
        }
    }

    /**
     * The peer asked for a ROUTE-REFRESH of one family (RFC 2918): its Adj-RIB-Out of that family
     * is sent again. With enhanced route refresh negotiated (RFC 7313) it comes between a BoRR and
     * an EoRR, so the peer can drop what it held and was not re-sent.
     */
    public void routeRefresh(String peerName, Family family) {
        UpdateGroup.Member m = groups.member(peerName);
        if (m == null) {
            return;
        }
        flush();
        if (RouteRefreshes.answer(m, family, origin, syncChunk)) {
            maybeFlush();
        }
    }

    // ---- queries ------------------------------------------------------------------------

    /** Prefixes in the origin table. */
    public int size() {
        return origin.size();
    }

    public boolean contains(Prefix p) {
        return origin.get(p) != null;
    }

    /**
     * Which source object produced {@code prefix}, which candidates lost, and for every configured
     * or Established peer whether it is sent and, if not, why.
     */
    public RouteExplanation explain(Prefix prefix) {
        flush();
        return RibReports.explain(prefix, origin, policies, groups);
    }

    /**
     * A peer's Adj-RIB-Out (what it was sent and holds now), sorted by prefix; empty when the peer
     * is not Established. {@code family} null: every family.
     */
    public List<AdjRibOutEntry> adjRibOut(String peerName, Family family) {
        flush();
        return RibReports.adjRibOut(peerName, family, origin, groups);
    }

    /**
     * Per Established peer: next hop per family, routes in its Adj-RIB-Out per family, and the
     * output herald holds for it (prefixes waiting, bytes queued).
     */
    public List<PeerStatus> status() {
        return RibReports.status(groups);
    }

    /**
     * Prefixes each source offers, winning or not, for metrics. Reads the table as it is (pending
     * coalesced changes included) without flushing anything to the peers.
     */
    public Map<String, Integer> prefixesBySource() {
        return origin.offeredBySource(); // counted as changes come: a scrape never walks the table
    }

    /** The update groups and their members. */
    public List<UpdateGroupStatus> updateGroups() {
        return RibReports.updateGroups(groups);
    }
}
