package dev.herald.rib;

import dev.herald.codec.Afi;
import dev.herald.codec.Prefix;
import java.util.function.BiConsumer;

/**
 * Prefix to value without a {@link Prefix} object or a map entry per key: open addressing with
 * linear probing over parallel arrays, one table for IPv4 (the key packed into one long) and one
 * for IPv6 (two longs and a length byte). A million IPv4 prefixes cost about 25 bytes each, IPv6
 * ones about 45, against roughly 100 for a {@code HashMap<Prefix, Object>}. Keys are rebuilt as
 * {@code Prefix} objects only while iterating. Not thread-safe; {@link #forEach} must not be
 * combined with changes.
 */
final class PrefixMap {
    private static final int MIN_CAPACITY = 16;

    /** (address << 8 | length) + 1; 0 marks an empty slot. */
    private long[] k4 = new long[MIN_CAPACITY];
    private Object[] v4 = new Object[MIN_CAPACITY];
    private int n4;

    private long[] hi6 = new long[MIN_CAPACITY];
    private long[] lo6 = new long[MIN_CAPACITY];
    /** length + 1; 0 marks an empty slot. */
    private byte[] len6 = new byte[MIN_CAPACITY];
    private Object[] v6 = new Object[MIN_CAPACITY];
    private int n6;

    int size() {
        return n4 + n6;
    }

    Object get(Prefix p) {
        if (p.afi() == Afi.IPV4) {
            int i = find4(key4(p));
            return i < 0 ? null : v4[i];
        }
        int i = find6(hi(p), lo(p), p.length() + 1);
        return i < 0 ? null : v6[i];
    }

    /** Sets the value (not null); returns the previous one or null. */
    Object put(Prefix p, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("null value");
        }
        if (p.afi() == Afi.IPV4) {
            long k = key4(p);
            int mask = k4.length - 1;
            for (int i = hash4(k) & mask; ; i = (i + 1) & mask) {
                if (k4[i] == 0) {
                    k4[i] = k;
                    v4[i] = value;
                    if (++n4 * 4L >= k4.length * 3L) {
                        grow4();
                    }
                    return null;
                }
                if (k4[i] == k) {
                    Object old = v4[i];
                    v4[i] = value;
                    return old;
                }
            }
        }
        long h = hi(p);
        long l = lo(p);
        int len = p.length() + 1;
        int mask = len6.length - 1;
        for (int i = hash6(h, l, len) & mask; ; i = (i + 1) & mask) {
            if (len6[i] == 0) {
                hi6[i] = h;
                lo6[i] = l;
                len6[i] = (byte) len;
                v6[i] = value;
                if (++n6 * 4L >= len6.length * 3L) {
                    grow6();
                }
                return null;
            }
            if (hi6[i] == h && lo6[i] == l && (len6[i] & 0xFF) == len) {
                Object old = v6[i];
                v6[i] = value;
                return old;
            }
        }
    }

    /** Removes the key; returns its value or null. */
    Object remove(Prefix p) {
        if (p.afi() == Afi.IPV4) {
            int i = find4(key4(p));
            if (i < 0) {
                return null;
            }
            Object old = v4[i];
            delete4(i);
            n4--;
            return old;
        }
        int i = find6(hi(p), lo(p), p.length() + 1);
        if (i < 0) {
            return null;
        }
        Object old = v6[i];
        delete6(i);
        n6--;
        return old;
    }

    /**
     * A copy that later changes of this map do not touch (the arrays are copied; values are
     * immutable), for walking the table in slices while it changes: about 21 bytes per IPv4 slot
     * and 29 per IPv6 slot while it lives.
     */
    PrefixMap copy() {
        PrefixMap c = new PrefixMap();
        c.k4 = k4.clone();
        c.v4 = v4.clone();
        c.n4 = n4;
        c.hi6 = hi6.clone();
        c.lo6 = lo6.clone();
        c.len6 = len6.clone();
        c.v6 = v6.clone();
        c.n6 = n6;
        return c;
    }

    /** Slots, used or not: the IPv4 table's, then the IPv6 table's ({@link #forEachSlot} positions). */
    int slots() {
        return k4.length + len6.length;
    }

    /** The position of the first IPv6 slot in the order of {@link #forEachSlot}. */
    int firstIpv6Slot() {
        return k4.length;
    }

    /** The slot position of {@code p} in the order of {@link #forEachSlot}, or -1 when it is absent. */
    int slotOf(Prefix p) {
        if (p.afi() == Afi.IPV4) {
            return find4(key4(p));
        }
        int i = find6(hi(p), lo(p), p.length() + 1);
        return i < 0 ? -1 : k4.length + i;
    }

    /**
     * Walks the slots from position {@code from} until {@code maxEntries} entries were visited or
     * {@code 8 * maxEntries} slots were looked at (a sparse table costs its empty slots too), and
     * returns the position to continue from ({@link #slots()} when done). Only valid on a map that
     * does not change between the calls (a {@link #copy()}).
     */
    int forEachSlot(int from, int maxEntries, BiConsumer<Prefix, Object> action) {
        return forEachSlot(from, slots(), maxEntries, action);
    }

    /** {@link #forEachSlot(int, int, BiConsumer)} that stops at position {@code to} at the latest. */
    int forEachSlot(int from, int to, int maxEntries, BiConsumer<Prefix, Object> action) {
        long maxSlots = 8L * maxEntries;
        int entries = 0;
        int i = from;
        byte[] a4 = new byte[4];
        byte[] a6 = new byte[16];
        for (; i < Math.min(to, slots()) && entries < maxEntries && i - from < maxSlots; i++) {
            if (i < k4.length) {
                long k = k4[i];
                if (k != 0) {
                    entries++;
                    action.accept(prefix4(k, a4), v4[i]);
                }
            } else {
                int j = i - k4.length;
                if (len6[j] != 0) {
                    entries++;
                    action.accept(prefix6(j, a6), v6[j]);
                }
            }
        }
        return i;
    }

    private static Prefix prefix4(long key, byte[] a4) {
        long k = key - 1;
        long addr = k >>> 8;
        a4[0] = (byte) (addr >>> 24);
        a4[1] = (byte) (addr >>> 16);
        a4[2] = (byte) (addr >>> 8);
        a4[3] = (byte) addr;
        return Prefix.of(a4, (int) (k & 0xFF));
    }

    private Prefix prefix6(int i, byte[] a6) {
        for (int b = 0; b < 8; b++) {
            a6[b] = (byte) (hi6[i] >>> (56 - 8 * b));
            a6[8 + b] = (byte) (lo6[i] >>> (56 - 8 * b));
        }
        return Prefix.of(a6, (len6[i] & 0xFF) - 1);
    }

    void forEach(BiConsumer<Prefix, Object> action) {
        byte[] a4 = new byte[4];
        for (int i = 0; i < k4.length; i++) {
            long k = k4[i];
            if (k != 0) {
                k--;
                long addr = k >>> 8;
                a4[0] = (byte) (addr >>> 24);
                a4[1] = (byte) (addr >>> 16);
                a4[2] = (byte) (addr >>> 8);
                a4[3] = (byte) addr;
                action.accept(Prefix.of(a4, (int) (k & 0xFF)), v4[i]);
            }
        }
        byte[] a6 = new byte[16];
        for (int i = 0; i < len6.length; i++) {
            if (len6[i] != 0) {
                for (int b = 0; b < 8; b++) {
                    a6[b] = (byte) (hi6[i] >>> (56 - 8 * b));
                    a6[8 + b] = (byte) (lo6[i] >>> (56 - 8 * b));
                }
                action.accept(Prefix.of(a6, (len6[i] & 0xFF) - 1), v6[i]);
            }
        }
    }

    // ---- IPv4 ---------------------------------------------------------------------------

    private static long key4(Prefix p) {
        long a = ((long) p.addressByte(0) << 24) | (p.addressByte(1) << 16) | (p.addressByte(2) << 8) | p.addressByte(3);
        return ((a << 8) | p.length()) + 1;
    }

    private static int hash4(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29) ^ (h >>> 41));
    }

    private int find4(long k) {
        int mask = k4.length - 1;
        for (int i = hash4(k) & mask; ; i = (i + 1) & mask) {
            if (k4[i] == 0) {
                return -1;
            }
            if (k4[i] == k) {
                return i;
            }
        }
    }

    /** Backward-shift deletion: later entries of the probe run move up, so no tombstones pile up. */
    private void delete4(int hole) {
        int mask = k4.length - 1;
        int i = hole;
        for (int j = (i + 1) & mask; k4[j] != 0; j = (j + 1) & mask) {
            int home = hash4(k4[j]) & mask;
            if (((j - home) & mask) >= ((j - i) & mask)) {
                k4[i] = k4[j];
                v4[i] = v4[j];
                i = j;
            }
        }
        k4[i] = 0;
        v4[i] = null;
    }

    private void grow4() {
        long[] ok = k4;
        Object[] ov = v4;
        k4 = new long[ok.length * 2];
        v4 = new Object[ok.length * 2];
        int mask = k4.length - 1;
        for (int j = 0; j < ok.length; j++) {
            if (ok[j] != 0) {
                int i = hash4(ok[j]) & mask;
                while (k4[i] != 0) {
                    i = (i + 1) & mask;
                }
                k4[i] = ok[j];
                v4[i] = ov[j];
            }
        }
    }

    // ---- IPv6 ---------------------------------------------------------------------------

    private static long hi(Prefix p) {
        long v = 0;
        for (int b = 0; b < 8; b++) {
            v = (v << 8) | p.addressByte(b);
        }
        return v;
    }

    private static long lo(Prefix p) {
        long v = 0;
        for (int b = 8; b < 16; b++) {
            v = (v << 8) | p.addressByte(b);
        }
        return v;
    }

    private static int hash6(long hi, long lo, int len) {
        long h = (hi * 0x9E3779B97F4A7C15L) ^ (lo * 0xC2B2AE3D27D4EB4FL) ^ (len * 0x165667B19E3779F9L);
        h *= 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29) ^ (h >>> 41));
    }

    private int find6(long h, long l, int len) {
        int mask = len6.length - 1;
        for (int i = hash6(h, l, len) & mask; ; i = (i + 1) & mask) {
            if (len6[i] == 0) {
                return -1;
            }
            if (hi6[i] == h && lo6[i] == l && (len6[i] & 0xFF) == len) {
                return i;
            }
        }
    }

    private void delete6(int hole) {
        int mask = len6.length - 1;
        int i = hole;
        for (int j = (i + 1) & mask; len6[j] != 0; j = (j + 1) & mask) {
            int home = hash6(hi6[j], lo6[j], len6[j] & 0xFF) & mask;
            if (((j - home) & mask) >= ((j - i) & mask)) {
                hi6[i] = hi6[j];
                lo6[i] = lo6[j];
                len6[i] = len6[j];
                v6[i] = v6[j];
                i = j;
            }
        }
        len6[i] = 0;
        v6[i] = null;
    }

    private void grow6() {
        long[] oh = hi6;
        long[] ol = lo6;
        byte[] on = len6;
        Object[] ov = v6;
        int cap = on.length * 2;
        hi6 = new long[cap];
        lo6 = new long[cap];
        len6 = new byte[cap];
        v6 = new Object[cap];
        int mask = cap - 1;
        for (int j = 0; j < on.length; j++) {
            if (on[j] != 0) {
                int i = hash6(oh[j], ol[j], on[j] & 0xFF) & mask;
                while (len6[i] != 0) {
                    i = (i + 1) & mask;
                }
                hi6[i] = oh[j];
                lo6[i] = ol[j];
                len6[i] = on[j];
                v6[i] = ov[j];
            }
        }
    }
}
