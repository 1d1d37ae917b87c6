package dev.herald.rib;

import dev.herald.codec.Afi;
import dev.herald.codec.CodecContext;
import dev.herald.codec.Family;
import dev.herald.codec.Prefix;
import dev.herald.codec.Update;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Peers whose {@link ExportContext} is equal: they are sent the same UPDATEs, encoded once. The
 * group's Adj-RIB-Out is not stored per prefix: it is what the exporter makes of the origin
 * table's winners, minus the few prefixes held back by maximum-prefix-out. Only counters and that
 * (normally empty) held-back set are kept, so a million prefixes cost no memory per group.
 */
final class UpdateGroup {
    private static final System.Logger LOG = System.getLogger("rib");

    final int id;
    final Exporter exporter;
    /**
     * Members in sync: they get every delta. Each is in lockstep with the group (no lane of its own:
     * it is sent what {@link #outbox} says) or behind it (its own lane). Changed only by
     * {@link #add} and {@link #remove}.
     */
    final List<Member> members = new ArrayList<>();
    /**
     * What the members in lockstep have not been sent yet, with what they hold: encoded once for
     * all of them when one of them can write (docs/adr/0012-back-pressure.md).
     */
    private final PendingPrefixes outbox = new PendingPrefixes();
    /** Members waiting for their initial table (started by the next flush, once for all of them). */
    final List<Member> joining = new ArrayList<>();
    /** The initial table being sent, a slice per flush, to the members that joined together; null when none is. */
    InitialTable sync;
    /** Answers to ROUTE-REFRESH requests being sent, a slice per flush, to members in sync. */
    final List<RefreshAnswer> refreshes = new ArrayList<>();
    /** The counters and held-back set reflect the table (false for a group nobody has synced with yet). */
    boolean admitted;
    /** Prefixes sent per family, by {@link #familyIndex}: counted for every prefix of a table walk, so no boxing. */
    private final int[] sent = new int[Family.ALL.size()];
    /** Prefixes the policy accepts but maximum-prefix-out holds back. */
    private final Set<Prefix> heldBack = new HashSet<>();
    private boolean warned;

    /** One Established peer in the group. */
    static final class Member {
        final PeerSessionInfo session;
        final UpdateSink sink;
        UpdateGroup group;
        /**
         * What it may hold from an earlier group while it waits for or receives a table of this one;
         * null when it holds nothing the table does not account for (a new session, or in sync).
         */
        StalePrefixes stale;
        /**
         * Families whose enhanced ROUTE-REFRESH answer was cut short by a new table: the BoRR went out,
         * so the EoRR follows that table's End-of-RIB (RFC 7313 4), the table having re-sent every route.
         */
        final Set<Family> eorrOwed = new LinkedHashSet<>();
        /** The session takes more bytes now (its transport is below its high-water mark). */
        boolean writable = true;
        /** Bytes of UPDATEs written to it in lockstep since it last could not write (the lag it may build up). */
        long blockedBytes;
        /**
         * Behind the group: what it has not been sent, with what it holds, drained when it can
         * write; null in lockstep. Then what it holds is this lane's state, or else the group's
         * Adj-RIB-Out (the outbox does not apply).
         */
        PendingPrefixes lane;

        Member(PeerSessionInfo session, UpdateSink sink) {
            this.session = session;
            this.sink = sink;
        }

        String name() {
            return session.peerName();
        }
    }

    UpdateGroup(int id, ExportContext ctx) {
        this.id = id;
        this.exporter = new Exporter(ctx);
    }

    ExportContext context() {
        return exporter.context();
    }

    int sent(Family f) {
        return sent[familyIndex(f)];
    }

    private static int familyIndex(Family f) {
        return f.afi() == Afi.IPV4 ? 0 : 1; // herald's families are Family.ALL: IPv4 and IPv6 unicast
    }

    boolean heldBack(Prefix p) {
        return heldBack.contains(p);
    }

    /** What this group's peers hold for {@code p} given its winner: the advertisement, or null. */
    Advertisement view(Prefix p, RouteFacts winner) {
        return exporter.decide(p, winner) instanceof Decision.Send s && !heldBack.contains(p) ? s.advertisement() : null;
    }

    /** A fresh group's initial view: counts what is sent and holds back what exceeds the limit. */
    void admit(Prefix p, RouteFacts winner, UpdateBatch batch) {
        Decision d = exporter.decide(p, winner);
        exporter.countHolds(p, winner, d, 1);
        if (d instanceof Decision.Send s) {
            if (atLimit(s.advertisement().family())) {
                holdBack(p);
            } else {
                sent[familyIndex(s.advertisement().family())]++;
                batch.announce(s.advertisement(), p);
            }
        }
    }

    /** The winner of {@code p} went from {@code before} to {@code after}: what the members must hear. */
    void transition(Prefix p, RouteFacts before, RouteFacts after, UpdateBatch batch) {
        Decision od = exporter.decide(p, before);
        Decision nd = exporter.decide(p, after);
        exporter.countHolds(p, before, od, -1);
        exporter.countHolds(p, after, nd, 1);
        boolean held = heldBack.contains(p);
        boolean wasSent = od instanceof Decision.Send && !held;
        if (nd instanceof Decision.Send ns) {
            Advertisement a = ns.advertisement();
            if (wasSent) {
                if (!a.equals(((Decision.Send) od).advertisement())) {
                    batch.announce(a, p); // implicit withdraw of the old path (RFC 4271 3.1)
                }
            } else if (!held) {
                if (atLimit(a.family())) {
                    holdBack(p);
                } else {
                    sent[familyIndex(a.family())]++;
                    batch.announce(a, p);
                }
            }
        } else {
            if (wasSent) {
                sent[familyIndex(Exporter.familyOf(p))]--;
                batch.withdraw(p);
            }
            heldBack.remove(p);
        }
    }

    /** After withdrawals made room under maximum-prefix-out: announce held-back prefixes. */
    void releaseHeldBack(OriginTable origin, UpdateBatch batch) {
        releaseHeldBack(origin, batch, p -> { });
    }

    /** {@link #releaseHeldBack(OriginTable, UpdateBatch)}, telling {@code released} each prefix it announces. */
    void releaseHeldBack(OriginTable origin, UpdateBatch batch, java.util.function.Consumer<Prefix> released) {
        if (heldBack.isEmpty()) {
            return;
        }
        for (Iterator<Prefix> it = heldBack.iterator(); it.hasNext(); ) {
            Prefix p = it.next();
            Family f = Exporter.familyOf(p);
            if (atLimit(f)) {
                continue;
            }
            it.remove();
            if (exporter.decide(p, OriginTable.winner(origin.get(p))) instanceof Decision.Send s) {
                sent[familyIndex(f)]++;
                batch.announce(s.advertisement(), p);
                released.accept(p);
            }
        }
        if (heldBack.isEmpty() && warned) {
            warned = false;
            LOG.log(Level.INFO, "update group {0} ({1}): below maximum-prefix-out {2} again, nothing held back", id,
                    names(), context().policy().maxPrefixOut());
        }
    }

    private boolean atLimit(Family f) {
        long max = context().policy().maxPrefixOut();
        return max > 0 && sent(f) >= max;
    }

    private void holdBack(Prefix p) {
        heldBack.add(p);
        if (!warned) {
            warned = true;
            LOG.log(Level.WARNING, "update group {0} ({1}): maximum-prefix-out {2} reached; further {3} routes are"
                    + " held back until others are withdrawn", id, names(), context().policy().maxPrefixOut(),
                    Exporter.familyOf(p));
        }
    }

    /** Forgets the counts of an admission that did not finish (its members left mid-way). */
    void resetCounts() {
        java.util.Arrays.fill(sent, 0);
        exporter.resetHolds();
        heldBack.clear();
        admitted = false;
    }

    int heldBackCount() {
        return heldBack.size();
    }

    List<String> names() {
        List<String> out = new ArrayList<>(members.stream().map(Member::name).toList());
        if (sync != null) {
            sync.members.forEach(m -> out.add(m.name()));
        }
        joining.forEach(m -> out.add(m.name()));
        return out;
    }

    boolean isEmpty() {
        return members.isEmpty() && joining.isEmpty() && (sync == null || sync.members.isEmpty());
    }

    /** True while {@code m} waits for or receives its initial table. */
    boolean syncing(Member m) {
        return joining.contains(m) || sync != null && sync.members.contains(m);
    }

    // ---- membership and back-pressure (docs/adr/0012-back-pressure.md) -----------------

    /**
     * {@code m} is in sync from now on, holding the group's Adj-RIB-Out as it is now. While the
     * members in lockstep still wait for some of it, it cannot share their outbox (it holds the
     * newer state), so it starts behind, with an empty lane.
     */
    void add(Member m) {
        add(m, new PendingPrefixes());
    }

    /** {@code m} is in sync from now on, holding the current view except for the prefixes of {@code lane}. */
    void add(Member m, PendingPrefixes lane) {
        m.group = this;
        m.lane = lane.isEmpty() && outbox.isEmpty() ? null : lane;
        members.add(m);
    }

    /** Each prefix {@code m} (in sync) waits for, with what it holds. */
    void forEachWaiting(Member m, java.util.function.BiConsumer<Prefix, Advertisement> action) {
        (m.lane != null ? m.lane : outbox).forEach(action);
    }

    /** {@code m} waits for the group's next initial table, started by a flush for all who wait then. */
    void awaitTable(Member m) {
        m.group = this;
        joining.add(m);
    }

    /**
     * Starts the initial table for the members waiting, walking {@code table} ({@code live}: the
     * origin table itself, walked in one slice); false when nobody waits or a table is on its way.
     */
    boolean startTable(PrefixMap table, boolean live) {
        if (sync != null || joining.isEmpty()) {
            return false;
        }
        sync = new InitialTable(joining, table, live, !admitted);
        joining.clear();
        return true;
    }

    /** Members wait for a table and none is on its way: the next flush starts one. */
    boolean tableToStart() {
        return sync == null && !joining.isEmpty();
    }

    /**
     * A flush can start a table or send its next slice. Joiners wait while a table is on its way
     * to others, and a table waits for the slowest of the peers that joined together.
     */
    boolean tableToSend() {
        return sync == null ? !joining.isEmpty() : sync.members.stream().allMatch(m -> m.writable);
    }

    /** The table on its way has ended with End-of-RIB: its peers are in sync from now on. */
    void tableSent() {
        InitialTable s = sync;
        sync = null;
        admitted = true;
        s.members.forEach(this::add);
    }

    /** A ROUTE-REFRESH answer for a member in sync goes out a slice per flush. */
    void answer(RefreshAnswer r) {
        refreshes.add(r);
    }

    /** The ROUTE-REFRESH answers whose peer can write: a flush sends their next slice. */
    List<RefreshAnswer> answersToSend() {
        return refreshes.stream().filter(r -> r.member.writable).toList();
    }

    /** The answer {@code r} has ended. */
    void answerSent(RefreshAnswer r) {
        refreshes.remove(r);
    }

    /** A new ROUTE-REFRESH of {@code family} from {@code m}: the answer on its way is dropped, the new one starts over. */
    void dropAnswer(Member m, Family family) {
        refreshes.removeIf(x -> x.member == m && x.family.equals(family));
    }

    /** The answers on their way to {@code m}. */
    List<RefreshAnswer> answersTo(Member m) {
        return refreshes.stream().filter(r -> r.member == m).toList();
    }

    /** Counts what the group sends and holds back over maximum-prefix-out, unless done already; sends nothing. */
    void admitAll(OriginTable origin) {
        if (!admitted) {
            UpdateBatch counting = new UpdateBatch();
            origin.forEach((p, v) -> admit(p, OriginTable.winner(v), counting));
            admitted = true;
        }
    }

    /**
     * {@code m} leaves the group, whatever it was doing in it: waiting for its table, receiving it,
     * in sync, being answered. True when nobody is left in the group.
     */
    boolean leave(Member m) {
        remove(m);
        joining.remove(m);
        refreshes.removeIf(r -> r.member == m);
        if (sync != null && sync.members.remove(m) && sync.members.isEmpty()) {
            if (sync.fresh) {
                resetCounts(); // an admission cut short: the next one counts from scratch
            }
            sync = null;
        }
        return isEmpty();
    }

    /** {@code m} leaves the members in sync; the outbox goes with the last member in lockstep. */
    private void remove(Member m) {
        members.remove(m);
        m.lane = null;
        if (members.stream().noneMatch(x -> x.lane == null)) {
            outbox.clear(); // nobody holds what it records
        }
    }

    /** What {@code m} holds for {@code p} when it is in sync: its lane's, the outbox's, or else the current view. */
    Advertisement holds(Member m, Prefix p, RouteFacts winner) {
        PendingPrefixes waiting = m.lane != null ? m.lane : outbox;
        return waiting.contains(p) ? waiting.held(p) : view(p, winner);
    }

    /** Prefixes {@code m} has not been sent the latest state of (it is in sync). */
    int pendingFor(Member m) {
        return m.lane != null ? m.lane.size() : outbox.size();
    }

    /**
     * The Adj-RIB-Out's entry for {@code p} changed; its members in sync held {@code was} (the
     * view before) unless they already wait for {@code p}. Recorded only: sent by {@link #sendPending}.
     */
    void changed(Prefix p, Advertisement was) {
        boolean lockstep = false;
        for (Member m : members) {
            if (m.lane != null) {
                m.lane.changed(p, was);
            } else {
                lockstep = true;
            }
        }
        if (lockstep) {
            outbox.changed(p, was);
        }
    }

    /** {@link #sendPending} has something to write now. */
    boolean canSend() {
        for (Member m : members) {
            if (m.writable && (m.lane == null ? !outbox.isEmpty() : !m.lane.isEmpty())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sends what waits, to those who can take it: up to {@code budget} prefixes of the outbox,
     * encoded once, to the members in lockstep that can write (a blocked one too while the bytes it
     * has taken since it blocked stay within {@code lagBound}; beyond that it falls behind with its
     * own lane), then up to {@code budget} prefixes of each lane whose member can write. Each prefix
     * goes with its current state, so only the newest one is ever sent.
     */
    void sendPending(OriginTable origin, int budget, long lagBound) {
        List<Member> lockstep = members.stream().filter(m -> m.lane == null).toList();
        if (!outbox.isEmpty() && lockstep.stream().anyMatch(m -> m.writable)) {
            PendingPrefixes taken = new PendingPrefixes();
            UpdateBatch batch = new UpdateBatch();
            outbox.take(budget, (p, held) -> {
                taken.changed(p, held);
                difference(p, held, origin, batch);
            });
            try (EncodedUpdates updates = encoded(batch)) {
                List<Member> to = new ArrayList<>();
                for (Member m : lockstep) {
                    if (m.writable) {
                        to.add(m);
                    } else if (withinLag(m, updates, lagBound)) {
                        m.blockedBytes += updates.wireBytes(); // a short blip: it keeps sharing the group's bytes
                        to.add(m);
                    } else {
                        fallBehind(m, taken);
                    }
                }
                if (!updates.isEmpty()) {
                    updates.writeTo(to);
                }
            }
        }
        for (Member m : members) {
            if (m.lane != null && m.writable) {
                catchUp(m, origin, budget);
            }
        }
    }

    /**
     * {@code m} cannot write and may still take {@code updates}: the bytes it took since it blocked
     * stay within {@code lagBound} (measured only when that can be so: measuring encodes).
     */
    private static boolean withinLag(Member m, EncodedUpdates updates, long lagBound) {
        return updates.isEmpty() || m.blockedBytes < lagBound && m.blockedBytes + updates.wireBytes() <= lagBound;
    }

    /**
     * Sends up to {@code budget} prefixes of {@code m}'s lane (it can write); once the lane is
     * empty and the members in lockstep wait for nothing, it holds what they do and rejoins them.
     */
    void catchUp(Member m, OriginTable origin, int budget) {
        UpdateBatch batch = new UpdateBatch();
        m.lane.take(budget, (p, held) -> difference(p, held, origin, batch));
        send(batch, List.of(m));
        if (m.lane.isEmpty() && outbox.isEmpty()) {
            m.lane = null;
            LOG.log(Level.DEBUG, "peer {0}: caught up with update group {1}", m.name(), id);
        }
    }

    /**
     * Before {@code m} is sent something on its own (a ROUTE-REFRESH answer): in lockstep while
     * the outbox is not empty, it would then hold other states than the others, so it falls behind.
     */
    void detach(Member m) {
        if (m.lane == null && !outbox.isEmpty()) {
            fallBehind(m, new PendingPrefixes());
        }
    }

    /**
     * A BoRR went out to {@code m} (it is in sync): its prefixes of {@code family} waiting now are
     * sent whatever it was sent before, since it drops at the EoRR what was not announced since;
     * those changed later are covered by the answer's walk or sent as deltas.
     */
    void refreshStarts(Member m, Family family) {
        detach(m);
        if (m.lane != null) {
            m.lane.unknown(p -> Exporter.familyOf(p).equals(family));
        }
    }

    /**
     * Before the EoRR of an enhanced ROUTE-REFRESH answer to {@code m} (it can write): what waits
     * for it in {@code family} goes out now. At the EoRR the peer drops every route of the family
     * not announced since the BoRR (RFC 7313 4), so a route it holds whose change still waited
     * would be gone from it while herald took it as held.
     */
    void sendPendingOf(Member m, Family family, OriginTable origin) {
        detach(m);
        if (m.lane == null) {
            return; // in lockstep: nothing waits
        }
        UpdateBatch batch = new UpdateBatch();
        m.lane.take(p -> Exporter.familyOf(p).equals(family), (p, held) -> difference(p, held, origin, batch));
        send(batch, List.of(m));
    }

    /** {@code m}, in lockstep, was not sent {@code taken}: it goes on alone, from what it holds. */
    private void fallBehind(Member m, PendingPrefixes taken) {
        PendingPrefixes lane = new PendingPrefixes();
        lane.addAll(taken);
        lane.addAll(outbox);
        m.lane = lane;
        if (members.stream().noneMatch(x -> x.lane == null)) {
            outbox.clear();
        }
        LOG.log(Level.DEBUG, "peer {0}: cannot take more, behind update group {1} by {2} prefixes", m.name(), id,
                lane.size());
    }

    /** Adds to {@code batch} what turns {@code held} into {@code p}'s current state, if anything. */
    private void difference(Prefix p, Advertisement held, OriginTable origin, UpdateBatch batch) {
        Advertisement now = view(p, OriginTable.winner(origin.get(p)));
        if (now == null) {
            if (held != null) {
                batch.withdraw(p);
            }
        } else if (!now.equals(held)) {
            batch.announce(now, p);
        }
    }

    /** Sends a batch to every member: encoded once when the members' sinks take bytes. */
    void send(UpdateBatch batch, List<Member> to) {
        if (batch.isEmpty() || to.isEmpty()) {
            return;
        }
        try (EncodedUpdates updates = encoded(batch)) {
            updates.writeTo(to);
        }
    }

    void write(List<Update> updates, List<Member> to) {
        try (EncodedUpdates e = new EncodedUpdates(updates, codec())) {
            e.writeTo(to);
        }
    }

    private EncodedUpdates encoded(UpdateBatch batch) {
        List<Update> updates = batch.isEmpty() ? List.of()
                : batch.updates(context().maxMessageLength(), context().fourOctetAs());
        return new EncodedUpdates(updates, codec());
    }

    private CodecContext codec() {
        return new CodecContext(context().fourOctetAs(), context().maxMessageLength());
    }
}
