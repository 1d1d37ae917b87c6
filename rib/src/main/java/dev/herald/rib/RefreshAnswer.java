package dev.herald.rib;

import dev.herald.codec.Afi;
import dev.herald.codec.Family;

/**
 * The answer to one member's ROUTE-REFRESH of one family when the table is large or the member
 * cannot write: the family's slots of a {@linkplain PrefixMap#copy() copy} of the origin table,
 * walked a slice per flush, each prefix sent with its current state. The member stays in sync
 * meanwhile and gets the deltas, so a prefix added since the copy comes that way (ADR 0005).
 */
final class RefreshAnswer {
    final UpdateGroup.Member member;
    /** The origin table when the request came; not changed while the answer runs. */
    final PrefixMap table;
    final Family family;
    /** The answer ends with an EoRR (RFC 7313): a BoRR went out when it started. */
    final boolean enhanced;
    final long startedNanos = System.nanoTime();
    /** Slot positions still to walk: [cursor, end), the family's slots. */
    int cursor;
    final int end;
    long announced;

    RefreshAnswer(UpdateGroup.Member member, PrefixMap table, Family family, boolean enhanced) {
        this.member = member;
        this.table = table;
        this.family = family;
        this.enhanced = enhanced;
        boolean v4 = family.afi() == Afi.IPV4;
        this.cursor = v4 ? 0 : table.firstIpv6Slot();
        this.end = v4 ? table.firstIpv6Slot() : table.slots();
    }

    boolean done() {
        return cursor >= end;
    }
}
