package dev.herald.rib;

import java.lang.System.Logger.Level;
import java.util.List;

/**
 * A peer whose export policy changed moves to the update group of its new export context and is
 * sent only what differs from what it holds, or, when a table is on its way on either side, a new
 * initial table with what it held and is no longer sent withdrawn (RFC 4271 9.1.3: nothing it holds
 * is left behind).
 */
final class PolicyMoves {
    private static final System.Logger LOG = System.getLogger("rib");

    private PolicyMoves() {
    }

    /** Moves {@code m} to the group of {@code ctx}, which is not its group's. The owner flushes after. */
    static void move(UpdateGroup.Member m, ExportContext ctx, UpdateGroups groups, OriginTable origin, int syncChunk) {
        UpdateGroup from = m.group;
        boolean inSync = from.members.contains(m);
        List<RefreshAnswer> answering = from.answersTo(m);
        UpdateGroup existing = groups.existing(ctx);
        if (!inSync || existing != null && existing.sync != null) {
            // Its initial table was not complete, or its new group's is still being sent: it starts over in
            // the new group (initial table and End-of-RIB again). What the new policy does not send now is
            // withdrawn at once; the rest stays stale until that table ends, since it hears no delta before.
            StalePrefixes held = heldBeforeMove(m, inSync, origin); // before leaving: it reads the old group's table
            groups.leave(m);
            UpdateGroup target = groups.groupFor(ctx);
            UpdateBatch gone = new UpdateBatch();
            held.withdrawUnsent(target, origin, gone);
            target.send(gone, List.of(m));
            m.stale = held.isEmpty() ? null : held;
            answering.stream().filter(r -> r.enhanced).forEach(r -> m.eorrOwed.add(r.family));
            target.awaitTable(m);
            LOG.log(Level.INFO, "peer {0}: export policy changed, now in update group {1} (initial table follows)",
                    m.name(), target.id);
            return;
        }
        // What it holds: its old group's view, except what it still waits for there.
        PendingPrefixes holds = new PendingPrefixes();
        origin.forEach((p, v) -> holds.changed(p, from.holds(m, p, OriginTable.winner(v))));
        from.forEachWaiting(m, holds::changed); // also those gone from the table since
        groups.leave(m);
        UpdateGroup to = groups.groupFor(ctx);
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
        LOG.log(Level.INFO, "peer {0}: export policy changed, now in update group {1}", m.name(), to.id);
    }

    /**
     * What {@code m} may hold before it leaves its group: its group's view when in sync; else what
     * it held before this group's table and what that table sent it so far.
     */
    private static StalePrefixes heldBeforeMove(UpdateGroup.Member m, boolean inSync, OriginTable origin) {
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
}
