package dev.herald.rib;

import dev.herald.codec.Prefix;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One update group's initial table on its way to the members that joined together, sent a slice
 * per flush so that the RIB thread keeps applying changes and sending deltas to the members already
 * in sync (docs/adr/0005-rib-design.md).
 *
 * <p>The walk reads a {@linkplain PrefixMap#copy() copy} of the origin table taken when the sync
 * started, so the slot order is stable however the live table changes. A prefix that changes
 * meanwhile is recorded in {@link #dirty}, with whether the walk had already sent it; the walk
 * skips it from then on, and the last slice sends its current state (or, for one already sent
 * that is gone now, a withdrawal) before End-of-RIB.
 *
 * <p>The answer to a ROUTE-REFRESH of a large table is walked the same way ({@link RefreshAnswer}).
 */
final class InitialTable {
    final List<UpdateGroup.Member> members;
    /** The origin table when the sync started; not changed while it runs. */
    final PrefixMap table;
    /** True when {@link #table} is the live table: then the whole walk happens in one slice. */
    final boolean live;
    /** The group had no members in sync: the walk also admits (counts what is sent, holds back over the limit). */
    final boolean fresh;
    /** Changed since the walk started, to whether the walk had sent it before. */
    final Map<Prefix, Boolean> dirty = new LinkedHashMap<>();
    final long startedNanos = System.nanoTime();
    /** Slot positions walked so far. */
    int cursor;
    long announced;
    long updates;

    /** An initial table for {@code members}. */
    InitialTable(List<UpdateGroup.Member> members, PrefixMap table, boolean live, boolean fresh) {
        this.members = new java.util.ArrayList<>(members);
        this.table = table;
        this.live = live;
        this.fresh = fresh;
    }

    boolean done() {
        return cursor >= table.slots();
    }

    /**
     * Calls {@code action} for each prefix this initial table may have sent so far: those walked
     * that {@code exporter} sends (maximum-prefix-out aside: a superset), less those skipped as
     * changed before the walk came to them. For a member that leaves before the end.
     */
    void forEachSent(Exporter exporter, java.util.function.Consumer<Prefix> action) {
        table.forEachSlot(0, cursor, Integer.MAX_VALUE, (p, v) -> {
            if (!Boolean.FALSE.equals(dirty.get(p))
                    && exporter.decide(p, OriginTable.winner(v)) instanceof Decision.Send) {
                action.accept(p);
            }
        });
    }

    /** {@code p} changed in the live table: from now on its current state is what the members must get. */
    void changed(Prefix p) {
        if (!dirty.containsKey(p)) {
            int slot = table.slotOf(p);
            dirty.put(p, slot >= 0 && slot < cursor);
        }
    }
}
