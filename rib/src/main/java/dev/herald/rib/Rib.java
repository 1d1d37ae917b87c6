package dev.herald.rib;

import dev.herald.codec.Family;
import dev.herald.codec.Prefix;
import dev.herald.codec.RouteRefresh;
import dev.herald.codec.Update;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
    /** RFC 7313 ROUTE-REFRESH subtypes: Beginning and End of Route Refresh. */
    static final int BORR = 1;
    static final int EORR = 2;
    /** Marks "no candidates" in {@link #pending}. */
    private static final Object ABSENT = new Object();

    private final OriginTable origin;
    private final Map<String, ExportPolicy> policies = new LinkedHashMap<>();
    private final Map<String, UpdateGroup.Member> up = new LinkedHashMap<>();
    private final Map<ExportContext, UpdateGroup> groups = new LinkedHashMap<>();
    /** Prefix to its candidates before the first change since the last flush. */
    private final Map<Prefix, Object> pending = new LinkedHashMap<>();
    /** Sources that have offered something since the RIB started (the others have nothing to withdraw). */
    private final Set<String> offering = new HashSet<>();
    private boolean autoFlush = true;
    private int nextGroupId = 1;
    /** Prefixes of an initial table sent per flush (a slice), so that other work runs in between. */
    private int syncChunk = DEFAULT_SYNC_CHUNK;
    /** A slice of this many prefixes takes some tens of milliseconds to pack and encode. */
    public static final int DEFAULT_SYNC_CHUNK = 20_000;
    /** UPDATEs a member that cannot write is still sent with its update group before it falls behind. */
    private int lagBound = DEFAULT_LAG_BOUND;
    /**
     * 16 UPDATEs, at most 64 KB (1 MB with extended messages) on top of the transport's high-water
     * mark: a writability blip does not cost a lane and its separate encoding.
     */
    public static final int DEFAULT_LAG_BOUND = 16;

    public Rib() {
        this(SourcePrecedence.DEFAULT);
    }

    public Rib(SourcePrecedence precedence) {
        this.origin = new OriginTable(precedence);
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
     * How many UPDATEs a member in lockstep that cannot write is still sent with its group before
     * it falls behind and goes on alone (at least 0).
     */
    public void setLagBound(int updates) {
        lagBound = Math.max(0, updates);
    }

    /** Changes or initial tables wait for {@link #flush()}. */
    public boolean hasPending() {
        return !pending.isEmpty() || syncing();
    }

    /**
     * True while {@link #flush()} has more to send now: the next slice of an initial table or a
     * ROUTE-REFRESH answer, or what waits for a member that can write. Whatever waits for members
     * that cannot write does not count: their writability coming back makes it true again.
     */
    public boolean syncing() {
        for (UpdateGroup g : groups.values()) {
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
        UpdateGroup.Member m = up.get(peerName);
        if (m == null || m.writable == writable) {
            return;
        }
        m.writable = writable;
        if (writable) {
            m.blockedWrites = 0;
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
        origin.clearInterned(source);
        for (Route r : routes) {
            if (!r.source().equals(source)) {
                throw new IllegalArgumentException("route " + r + " is not from source " + source);
            }
        }
        if (offering.add(source)) {
            // The source's first view: nothing of it to withdraw, so no set of what it offers and no sweep.
            for (Route r : routes) {
                offer(r.prefix(), origin.intern(r.facts()));
            }
            maybeFlush();
            return;
        }
        Set<Prefix> offered = new HashSet<>(Math.max(16, routes.size() * 4 / 3 + 1));
        for (Route r : routes) {
            offer(r.prefix(), origin.intern(r.facts()));
            offered.add(r.prefix());
        }
        List<Prefix> gone = new ArrayList<>();
        origin.forEach((p, v) -> {
            if (!offered.contains(p) && OriginTable.candidateOf(v, source) != null) {
                gone.add(p);
            }
        });
        for (Prefix p : gone) {
            withdraw(p, source);
        }
        maybeFlush();
    }

    /** Applies one source's delta: prefixes it now offers (with only its name) and prefixes it no longer offers. */
    public void change(String source, Collection<Prefix> added, Collection<Prefix> removed) {
        RouteFacts plain = origin.intern(RouteFacts.of(source));
        for (Prefix p : removed) {
            withdraw(p, source);
        }
        for (Prefix p : added) {
            offer(p, plain);
        }
        maybeFlush();
    }

    /** Applies one source's delta: routes it now offers or offers with new facts, and prefixes it no longer offers. */
    public void update(String source, Collection<Route> upserted, Collection<Prefix> removed) {
        for (Prefix p : removed) {
            withdraw(p, source);
        }
        for (Route r : upserted) {
            if (!r.source().equals(source)) {
                throw new IllegalArgumentException("route " + r + " is not from source " + source);
            }
            offer(r.prefix(), origin.intern(r.facts()));
        }
        maybeFlush();
    }

    private void offer(Prefix p, RouteFacts f) {
        offering.add(f.source());
        Object before = origin.get(p);
        if (origin.offer(p, f)) {
            remember(p, before);
        }
    }

    private void withdraw(Prefix p, String source) {
        Object before = origin.get(p);
        if (origin.withdraw(p, source)) {
            remember(p, before);
        }
    }

    private void remember(Prefix p, Object before) {
        if (!groups.isEmpty()) { // nobody to tell: nothing to remember (keeps start-up lean)
            pending.putIfAbsent(p, before == null ? ABSENT : before);
        }
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
        flushChanges();
        PrefixMap snapshot = null;
        for (UpdateGroup g : List.copyOf(groups.values())) {
            g.sendPending(origin, syncChunk, lagBound);
            boolean whole = origin.size() <= syncChunk; // one slice: no copy needed, nothing changes meanwhile
            if (g.tableToStart() && !whole && snapshot == null) {
                snapshot = origin.snapshot(); // shared by the groups starting now
            }
            g.startTable(whole ? origin.live() : snapshot, whole);
            if (g.sync != null && g.tableToSend()) {
                syncStep(g);
            }
            for (RefreshAnswer r : g.answersToSend()) {
                refreshStep(g, r);
            }
        }
    }

    /**
     * Sends the next slice of a ROUTE-REFRESH answer: each prefix of the copy with its current
     * state. The member gets the deltas meanwhile (prefixes added since the copy come that way), so
     * between BoRR and EoRR it hears every prefix it is to keep, at least once.
     */
    private void refreshStep(UpdateGroup g, RefreshAnswer r) {
        UpdateGroup.Member m = r.member;
        g.detach(m);
        UpdateBatch batch = new UpdateBatch();
        r.cursor = r.table.forEachSlot(r.cursor, r.end, syncChunk, (p, v) -> {
            Advertisement a = g.view(p, OriginTable.winner(origin.get(p))); // live: it may have changed since
            if (m.lane == null) {
                // in lockstep: the outbox was empty (detach), so it holds the view
            } else if (a != null) {
                m.lane.sent(p);
            } else if (r.enhanced) {
                m.lane.unknown(p); // what it holds waited to be withdrawn, and is stale since the BoRR
            }
            if (a != null) {
                batch.announce(a, p);
            }
        });
        r.announced += batch.announced();
        g.send(batch, List.of(m));
        if (r.done()) {
            g.answerSent(r);
            if (r.enhanced) {
                g.sendPendingOf(m, r.family, origin);
                m.sink.sendRouteRefresh(new RouteRefresh(r.family.afi().code(), EORR, r.family.safi().code()));
                m.sink.flush();
            }
            LOG.log(Level.INFO, "peer {0}: ROUTE-REFRESH {1} answered with {2} routes{3} (in slices, {4} ms)", m.name(),
                    r.family, r.announced, r.enhanced ? " between BoRR and EoRR" : "",
                    (System.nanoTime() - r.startedNanos) / 1_000_000);
        }
    }

    /** Sends the next slice of {@code g}'s initial table; the last one also what changed meanwhile, and End-of-RIB. */
    private void syncStep(UpdateGroup g) {
        InitialTable s = g.sync;
        ExportContext ctx = g.context();
        UpdateBatch batch = new UpdateBatch();
        s.cursor = s.table.forEachSlot(s.cursor, s.live ? Integer.MAX_VALUE : syncChunk, (p, v) -> {
            if (!s.dirty.isEmpty() && s.dirty.containsKey(p)) {
                return; // changed since the sync started: the last slice sends its state then
            }
            RouteFacts w = OriginTable.winner(v);
            if (s.fresh) {
                g.admit(p, w, batch);
            } else {
                Advertisement a = g.view(p, w);
                if (a != null) {
                    batch.announce(a, p);
                }
            }
        });
        boolean done = s.done();
        if (done) {
            for (Map.Entry<Prefix, Boolean> e : s.dirty.entrySet()) {
                Prefix p = e.getKey();
                boolean sent = e.getValue();
                RouteFacts now = OriginTable.winner(origin.get(p));
                if (s.fresh) {
                    if (sent) {
                        g.transition(p, OriginTable.winner(s.table.get(p)), now, batch);
                    } else {
                        g.admit(p, now, batch);
                    }
                } else {
                    Advertisement a = g.view(p, now);
                    if (a != null) {
                        batch.announce(a, p);
                    } else if (sent) {
                        batch.withdraw(p);
                    }
                }
            }
            if (s.fresh) {
                g.releaseHeldBack(origin, batch);
            }
        }
        s.announced += batch.announced();
        List<Update> updates = batch.updates(ctx.maxMessageLength(), ctx.fourOctetAs());
        s.updates += updates.size();
        if (!updates.isEmpty()) {
            g.write(updates, s.members);
        }
        if (done) {
            for (UpdateGroup.Member m : s.members) {
                if (m.stale != null) {
                    // What it held from before and the table did not re-announce: gone or filtered by now.
                    UpdateBatch sweep = new UpdateBatch();
                    m.stale.withdrawUnsent(g, origin, sweep);
                    m.stale = null;
                    g.send(sweep, List.of(m));
                }
            }
            List<Update> eor = new ArrayList<>();
            for (Family f : Family.ALL) {
                if (ctx.families().contains(f)) {
                    eor.add(Update.endOfRib(f)); // RFC 4724 2: after the whole initial table
                }
            }
            s.updates += eor.size();
            g.write(eor, s.members);
            for (UpdateGroup.Member m : s.members) {
                for (Family f : m.eorrOwed) {
                    m.sink.sendRouteRefresh(new RouteRefresh(f.afi().code(), EORR, f.safi().code()));
                }
                if (!m.eorrOwed.isEmpty()) {
                    m.eorrOwed.clear();
                    m.sink.flush();
                }
            }
            g.tableSent();
        }
        if (done) {
            LOG.log(Level.INFO, "peers {0}: initial table and End-of-RIB sent ({1} routes in {2} UPDATEs, {3} ms{4}),"
                    + " update group {5} {6}", s.members.stream().map(UpdateGroup.Member::name).toList(), s.announced,
                    s.updates, (System.nanoTime() - s.startedNanos) / 1_000_000,
                    s.live ? "" : ", " + s.dirty.size() + " changed meanwhile", g.id, g.names());
        }
    }

    private void flushChanges() {
        if (pending.isEmpty()) {
            return;
        }
        for (UpdateGroup g : groups.values()) {
            InitialTable sync = g.sync;
            if (sync != null) {
                for (Prefix p : pending.keySet()) {
                    sync.changed(p);
                }
            }
            if (!g.admitted) {
                continue; // only joining members: their initial table shows the current state
            }
            // Counts and maximum-prefix-out only: what goes out is computed when the members can write.
            UpdateBatch accounting = new UpdateBatch();
            for (Map.Entry<Prefix, Object> e : pending.entrySet()) {
                Prefix p = e.getKey();
                RouteFacts before = OriginTable.winner(e.getValue() == ABSENT ? null : e.getValue());
                RouteFacts after = OriginTable.winner(origin.get(p));
                if (before != after) {
                    Advertisement was = g.view(p, before);
                    g.transition(p, before, after, accounting);
                    g.changed(p, was);
                }
            }
            g.releaseHeldBack(origin, accounting, p -> {
                g.changed(p, null); // held back: nobody was sent it
                if (sync != null) {
                    sync.changed(p);
                }
            });
        }
        pending.clear();
    }

    // ---- peers --------------------------------------------------------------------------

    /**
     * The export policy of a configured peer (also for a peer not yet Established, so that
     * {@link #explain} can say its session is down). A peer already up moves to the update group of
     * its new policy and is sent only the difference.
     */
    public void setPolicy(String peer, ExportPolicy policy) {
        ExportPolicy old = policies.put(peer, policy);
        UpdateGroup.Member m = up.get(peer);
        if (m == null || policy.equals(old)) {
            return;
        }
        flush();
        UpdateGroup from = m.group;
        ExportContext ctx = ExportContext.of(m.session, policy);
        if (ctx.equals(from.context())) {
            return; // the policy it had by default, now configured: it is sent the same
        }
        boolean inSync = from.members.contains(m);
        List<RefreshAnswer> answering = from.answersTo(m);
        UpdateGroup existing = groups.get(ctx);
        if (!inSync || existing != null && existing.sync != null) {
            // Its initial table was not complete, or its new group's is still being sent: it starts over in
            // the new group (initial table and End-of-RIB again). What the new policy does not send now is
            // withdrawn at once; the rest stays stale until that table ends, since it hears no delta before.
            StalePrefixes held = heldBeforeMove(m, inSync); // before leaving: it reads the old group's table
            leave(m);
            UpdateGroup target = groups.computeIfAbsent(ctx, c -> new UpdateGroup(nextGroupId++, c));
            UpdateBatch gone = new UpdateBatch();
            held.withdrawUnsent(target, origin, gone);
            target.send(gone, List.of(m));
            m.stale = held.isEmpty() ? null : held;
            answering.stream().filter(r -> r.enhanced).forEach(r -> m.eorrOwed.add(r.family));
            target.awaitTable(m);
            LOG.log(Level.INFO, "peer {0}: export policy changed, now in update group {1} (initial table follows)", peer,
                    target.id);
            maybeFlush();
            return;
        }
        // What it holds: its old group's view, except what it still waits for there.
        PendingPrefixes holds = new PendingPrefixes();
        origin.forEach((p, v) -> holds.changed(p, from.holds(m, p, OriginTable.winner(v))));
        from.forEachWaiting(m, holds::changed); // also those gone from the table since
        leave(m);
        UpdateGroup to = groups.computeIfAbsent(ctx, c -> new UpdateGroup(nextGroupId++, c));
        to.admitAll(origin);
        // It goes on behind its new group, its lane the prefixes where what it holds is not the new view.
        PendingPrefixes lane = new PendingPrefixes();
        holds.forEach((p, held) -> {
            if (!java.util.Objects.equals(to.view(p, OriginTable.winner(origin.get(p))), held)) {
                lane.changed(p, held);
            }
        });
        to.add(m, lane);
        if (m.writable && m.lane != null) {
            to.catchUp(m, origin, syncChunk); // the first slice at once; the rest as its lane drains
        }
        // Answers to its ROUTE-REFRESH go on in the new group: what they sent so far is what the difference
        // above starts from, so the rest of the walk, with the new group's view, completes them.
        answering.forEach(to::answer);
        LOG.log(Level.INFO, "peer {0}: export policy changed, now in update group {1}", peer, to.id);
        maybeFlush();
    }

    /**
     * What {@code m} may hold before it leaves its group: its group's view when in sync; else what
     * it held before this group's table and what that table sent it so far.
     */
    private StalePrefixes heldBeforeMove(UpdateGroup.Member m, boolean inSync) {
        UpdateGroup from = m.group;
        StalePrefixes held = m.stale != null ? m.stale : new StalePrefixes();
        if (inSync) {
            origin.forEach((p, v) -> {
                if (from.holds(m, p, OriginTable.winner(v)) != null) {
                    held.add(p);
                }
            });
            from.forEachWaiting(m, (p, a) -> {
                if (a != null) {
                    held.add(p); // withdrawn from the table but not from it yet
                }
            });
        } else if (from.sync != null && from.sync.members.contains(m)) {
            from.sync.forEachSent(from.exporter, held::add);
        }
        return held;
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
        flushChanges(); // the groups catch up first; the newcomer then starts from the same state
        UpdateGroup.Member old = up.get(session.peerName());
        if (old != null) {
            LOG.log(Level.WARNING, "peer {0}: Established again without going down first", session.peerName());
            up.remove(old.name());
            leave(old);
        }
        UpdateGroup.Member m = new UpdateGroup.Member(session, sink);
        ExportContext ctx = ExportContext.of(session, policies.getOrDefault(session.peerName(), ExportPolicy.DEFAULT));
        UpdateGroup g = groups.computeIfAbsent(ctx, c -> new UpdateGroup(nextGroupId++, c));
        g.awaitTable(m);
        up.put(m.name(), m);
        for (Map.Entry<Family, NextHop> e : ctx.self().entrySet()) {
            if (e.getValue() instanceof NextHop.Missing miss) {
                LOG.log(Level.WARNING, "peer {0}: {1} routes not sent: {2} (routes whose source gives a next hop of"
                        + " that family still are)", session.peerName(), e.getKey(), miss.reason());
            } else {
                LOG.log(Level.INFO, "peer {0}: {1} next hop {2}", session.peerName(), e.getKey(), e.getValue());
            }
        }
        maybeFlush();
    }

    /** The session left Established: its Adj-RIB-Out is gone with it. */
    public void peerDown(String peerName) {
        UpdateGroup.Member m = up.remove(peerName);
        if (m != null) {
            leave(m);
        }
    }

    /**
     * The peer asked for a ROUTE-REFRESH of one family (RFC 2918): its Adj-RIB-Out of that family
     * is sent again. With enhanced route refresh negotiated (RFC 7313) it comes between a BoRR and
     * an EoRR, so the peer can drop what it held and was not re-sent.
     */
    public void routeRefresh(String peerName, Family family) {
        UpdateGroup.Member m = up.get(peerName);
        if (m == null) {
            return;
        }
        flush();
        UpdateGroup g = m.group;
        if (g.syncing(m)) {
            LOG.log(Level.INFO, "peer {0}: ROUTE-REFRESH {1} while its initial table is on its way: that table answers it",
                    peerName, family);
            return;
        }
        boolean enhanced = m.session.enhancedRouteRefresh();
        // A new request for the same family starts the answer over (RFC 7313 4: a new BoRR).
        g.dropAnswer(m, family);
        if (origin.size() > syncChunk || !m.writable) {
            // A large table: answered in slices between the deltas, like an initial table (ADR 0005); and a
            // peer that cannot write now gets its answer when it can, a slice at a time (ADR 0012).
            if (enhanced) {
                m.sink.sendRouteRefresh(new RouteRefresh(family.afi().code(), BORR, family.safi().code()));
                g.refreshStarts(m, family);
            }
            g.answer(new RefreshAnswer(m, origin.snapshot(), family, enhanced));
            maybeFlush();
            return;
        }
        g.detach(m);
        UpdateBatch batch = new UpdateBatch();
        origin.forEach((p, v) -> {
            if (Exporter.familyOf(p).equals(family)) {
                Advertisement a = g.view(p, OriginTable.winner(v));
                if (a != null) {
                    batch.announce(a, p);
                    if (m.lane != null) {
                        m.lane.sent(p);
                    }
                }
            }
        });
        if (enhanced) {
            m.sink.sendRouteRefresh(new RouteRefresh(family.afi().code(), BORR, family.safi().code()));
            g.refreshStarts(m, family);
        }
        g.send(batch, List.of(m));
        if (enhanced) {
            g.sendPendingOf(m, family, origin);
            m.sink.sendRouteRefresh(new RouteRefresh(family.afi().code(), EORR, family.safi().code()));
            m.sink.flush();
        }
        LOG.log(Level.INFO, "peer {0}: ROUTE-REFRESH {1} answered with {2} routes{3}", peerName, family,
                batch.announced(), enhanced ? " between BoRR and EoRR" : "");
    }

    private void leave(UpdateGroup.Member m) {
        if (m.group.leave(m)) {
            groups.remove(m.group.context());
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
        Object v = origin.get(prefix);
        List<RouteFacts> cands = OriginTable.candidates(v);
        RouteFacts winner = cands.isEmpty() ? null : cands.getFirst();
        List<RouteExplanation.PeerVerdict> verdicts = new ArrayList<>();
        Set<String> names = new java.util.LinkedHashSet<>(policies.keySet());
        names.addAll(up.keySet());
        for (String name : names) {
            UpdateGroup.Member m = up.get(name);
            if (m == null) {
                verdicts.add(new RouteExplanation.PeerVerdict(name, Verdict.SESSION_DOWN, "session not Established",
                        Optional.empty(), -1));
                continue;
            }
            UpdateGroup g = m.group;
            Decision d = g.exporter.decide(prefix, winner);
            if (d instanceof Decision.Send s) {
                if (g.heldBack(prefix)) {
                    verdicts.add(new RouteExplanation.PeerVerdict(name, Verdict.MAX_PREFIX_OUT, "maximum-prefix-out "
                            + g.context().policy().maxPrefixOut() + " reached", Optional.empty(), g.id));
                } else {
                    verdicts.add(new RouteExplanation.PeerVerdict(name, Verdict.SENT, "", Optional.of(s.advertisement()),
                            g.id));
                }
            } else {
                Decision.Refuse r = (Decision.Refuse) d;
                verdicts.add(new RouteExplanation.PeerVerdict(name, r.verdict(), r.reason(), Optional.empty(), g.id));
            }
        }
        return new RouteExplanation(prefix, Optional.ofNullable(winner), cands.isEmpty() ? List.of()
                : cands.subList(1, cands.size()), verdicts);
    }

    /**
     * A peer's Adj-RIB-Out (what it was sent and holds now), sorted by prefix; empty when the peer
     * is not Established. {@code family} null: every family.
     */
    public List<AdjRibOutEntry> adjRibOut(String peerName, Family family) {
        flush();
        UpdateGroup.Member m = up.get(peerName);
        if (m == null) {
            return List.of();
        }
        List<AdjRibOutEntry> out = new ArrayList<>();
        origin.forEach((p, v) -> {
            if (family == null || Exporter.familyOf(p).equals(family)) {
                RouteFacts w = OriginTable.winner(v);
                Advertisement a = m.group.view(p, w);
                if (a != null) {
                    out.add(new AdjRibOutEntry(p, a, w.source()));
                }
            }
        });
        out.sort((x, y) -> x.prefix().compareTo(y.prefix()));
        return out;
    }

    /**
     * Per Established peer: next hop per family, routes in its Adj-RIB-Out per family, and the
     * output herald holds for it (prefixes waiting, bytes queued).
     */
    public List<PeerStatus> status() {
        List<PeerStatus> out = new ArrayList<>();
        for (UpdateGroup.Member m : up.values()) {
            Map<Family, Integer> counts = new LinkedHashMap<>();
            for (Family f : m.group.context().self().keySet()) {
                counts.put(f, m.group.sent(f));
            }
            int pending = m.group.members.contains(m) ? m.group.pendingFor(m) : 0;
            out.add(new PeerStatus(m.name(), m.group.context().self(), counts, pending, m.sink.queuedBytes()));
        }
        return out;
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
        List<UpdateGroupStatus> out = new ArrayList<>();
        for (UpdateGroup g : groups.values()) {
            Map<Family, Integer> counts = new HashMap<>();
            for (Family f : g.context().families()) {
                counts.put(f, g.sent(f));
            }
            out.add(new UpdateGroupStatus(g.id, g.names(), counts, g.heldBackCount()));
        }
        return out;
    }
}
