package dev.herald.rib;

import dev.herald.codec.CodecContext;
import dev.herald.codec.Family;
import dev.herald.codec.MessageCodec;
import dev.herald.codec.Prefix;
import dev.herald.codec.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
    /** Members in sync: they get every delta. */
    final List<Member> members = new ArrayList<>();
    /** Members waiting for their initial table (started by the next flush, once for all of them). */
    final List<Member> joining = new ArrayList<>();
    /** The initial table being sent, a slice per flush, to the members that joined together; null when none is. */
    TableSync sync;
    /** Answers to ROUTE-REFRESH requests being sent, a slice per flush, to members in sync. */
    final List<TableSync> refreshes = new ArrayList<>();
    /** The counters and held-back set reflect the table (false for a group nobody has synced with yet). */
    boolean admitted;
    private final Map<Family, Integer> sent = new HashMap<>();
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
        return sent.getOrDefault(f, 0);
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
        if (exporter.decide(p, winner) instanceof Decision.Send s) {
            if (atLimit(s.advertisement().family())) {
                holdBack(p);
            } else {
                sent.merge(s.advertisement().family(), 1, Integer::sum);
                batch.announce(s.advertisement(), p);
            }
        }
    }

    /** The winner of {@code p} went from {@code before} to {@code after}: what the members must hear. */
    void transition(Prefix p, RouteFacts before, RouteFacts after, UpdateBatch batch) {
        Decision od = exporter.decide(p, before);
        Decision nd = exporter.decide(p, after);
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
                    sent.merge(a.family(), 1, Integer::sum);
                    batch.announce(a, p);
                }
            }
        } else {
            if (wasSent) {
                sent.merge(Exporter.familyOf(p), -1, Integer::sum);
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
                sent.merge(f, 1, Integer::sum);
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
        sent.clear();
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

    /** Sends a batch to every member: encoded once when the members' sinks take bytes. */
    void send(UpdateBatch batch, List<Member> to) {
        if (batch.isEmpty() || to.isEmpty()) {
            return;
        }
        List<Update> updates = batch.updates(context().maxMessageLength(), context().fourOctetAs());
        write(updates, to);
    }

    void write(List<Update> updates, List<Member> to) {
        boolean encodeOnce = to.size() > 1 && to.stream().allMatch(m -> m.sink.acceptsEncoded());
        CodecContext codec = new CodecContext(context().fourOctetAs(), context().maxMessageLength());
        for (Update u : updates) {
            if (encodeOnce) {
                ByteBuf buf = ByteBufAllocator.DEFAULT.buffer();
                try {
                    MessageCodec.encode(u, codec, buf);
                    for (Member m : to) {
                        m.sink.sendEncoded(buf.retainedDuplicate());
                    }
                } finally {
                    buf.release();
                }
            } else {
                for (Member m : to) {
                    m.sink.send(u);
                }
            }
        }
        for (Member m : to) {
            m.sink.flush();
        }
    }
}
