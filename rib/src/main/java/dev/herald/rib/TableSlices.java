package dev.herald.rib;

import dev.herald.codec.Family;
import dev.herald.codec.Prefix;
import dev.herald.codec.RouteRefresh;
import dev.herald.codec.Update;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The walks of the table that go out in slices between the deltas (ADR 0005): an update group's
 * initial table ending with End-of-RIB, and a ROUTE-REFRESH answer.
 */
final class TableSlices {
    private static final System.Logger LOG = System.getLogger("rib");

    private TableSlices() {
    }

    /**
     * Sends the next slice of a ROUTE-REFRESH answer: each prefix of the copy with its current
     * state. The member gets the deltas meanwhile (prefixes added since the copy come that way), so
     * between BoRR and EoRR it hears every prefix it is to keep, at least once.
     */
    static void refreshSlice(UpdateGroup g, RefreshAnswer r, OriginTable origin, int syncChunk) {
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
                m.sink.sendRouteRefresh(new RouteRefresh(r.family.afi().code(), RouteRefreshes.EORR, r.family.safi().code()));
                m.sink.flush();
            }
            LOG.log(Level.INFO, "peer {0}: ROUTE-REFRESH {1} answered with {2} routes{3} (in slices, {4} ms)", m.name(),
                    r.family, r.announced, r.enhanced ? " between BoRR and EoRR" : "",
                    (System.nanoTime() - r.startedNanos) / 1_000_000);
        }
    }

    /** Sends the next slice of {@code g}'s initial table; the last one also what changed meanwhile, and End-of-RIB. */
    static void initialSlice(UpdateGroup g, OriginTable origin, int syncChunk) {
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
                    m.sink.sendRouteRefresh(new RouteRefresh(f.afi().code(), RouteRefreshes.EORR, f.safi().code()));
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
}
