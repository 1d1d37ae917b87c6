package dev.herald.codec;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 prefix with no host bits set. Immutable; equal prefixes are equal objects.
 *
 * <p>The address is held as two longs, big-endian (address byte 0 in the top bits of
 * {@code high}, bytes 8 to 15 in {@code low}; IPv4 uses the top four bytes of {@code high}), not
 * as an array: a prefix is one 32-byte object, which matters to the UPDATE decoder, which builds
 * one per received prefix (issue 3, docs/benchmarks.md "Codec").
 */
public final class Prefix implements Comparable<Prefix> {
    private static final int IPV6_FLAG = 0x100;

    private final long high;
    private final long low;
    /** The prefix length, plus {@link #IPV6_FLAG} for IPv6. */
    private final int lengthAndFamily;

    private Prefix(long high, long low, int lengthAndFamily) {
        this.high = high;
        this.low = low;
        this.lengthAndFamily = lengthAndFamily;
    }

    /**
     * A prefix from address bytes (4 or 16) and a length.
     *
     * @throws IllegalArgumentException if the length is out of range or host bits are set
     */
    public static Prefix of(byte[] address, int length) {
        Afi afi = switch (address.length) {
            case 4 -> Afi.IPV4;
            case 16 -> Afi.IPV6;
            default -> throw new IllegalArgumentException("address must be 4 or 16 bytes, got " + address.length);
        };
        if (length < 0 || length > afi.maxPrefixLength()) {
            throw new IllegalArgumentException("prefix length " + length + " out of range for " + afi);
        }
        long high = bigEndian(address, 0, Math.min(8, address.length));
        long low = address.length > 8 ? bigEndian(address, 8, 8) : 0;
        if (high != (high & mask(length)) || low != (low & mask(length - 64))) {
            throw new IllegalArgumentException("host bits set in " + InetAddresses.toText(address) + "/" + length);
        }
        return new Prefix(high, low, afi == Afi.IPV6 ? length | IPV6_FLAG : length);
    }

    /**
     * The decoder's factory: address bits as read off the wire, big-endian, whatever follows the
     * prefix's own bytes included; every bit past {@code length} is cleared here, which is also
     * the masking of trailing bits RFC 4271 4.3 allows ("the value of trailing bits is
     * irrelevant"). The caller has checked {@code length} against the family's maximum.
     */
    static Prefix ofMasked(Afi afi, long high, long low, int length) {
        return new Prefix(high & mask(length), low & mask(length - 64),
                afi == Afi.IPV6 ? length | IPV6_FLAG : length);
    }

    /** The top {@code bits} bits of a long set (none for bits <= 0, all for bits >= 64). */
    private static long mask(int bits) {
        return bits <= 0 ? 0 : bits >= 64 ? -1L : -1L << (64 - bits);
    }

    private static long bigEndian(byte[] a, int from, int n) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (i < n ? a[from + i] & 0xFF : 0);
        }
        return v;
    }

    public static Prefix of(InetAddress address, int length) {
        return of(address.getAddress(), length);
    }

    /**
     * Parses "ADDRESS/LENGTH" (a bare address means a host route).
     *
     * @throws IllegalArgumentException with a readable reason
     */
    public static Prefix parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = InetAddresses.parseLiteral(addr);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + addr + "' is not an IPv4 or IPv6 address");
        }
        int len;
        if (slash < 0) {
            len = bytes.length * 8;
        } else {
            String l = s.substring(slash + 1);
            if (l.isEmpty() || l.length() > 3 || !l.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("'" + l + "' is not a prefix length");
            }
            len = Integer.parseInt(l);
        }
        return of(bytes, len);
    }

    public Afi afi() {
        return (lengthAndFamily & IPV6_FLAG) != 0 ? Afi.IPV6 : Afi.IPV4;
    }

    public int length() {
        return lengthAndFamily & 0xFF;
    }

    /** A copy of the address bytes (4 or 16). */
    public byte[] address() {
        byte[] a = new byte[(lengthAndFamily & IPV6_FLAG) != 0 ? 16 : 4];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) addressByte(i);
        }
        return a;
    }

    /** The address byte at index i, without copying. */
    public int addressByte(int i) {
        if (i < 0 || i >= ((lengthAndFamily & IPV6_FLAG) != 0 ? 16 : 4)) {
            throw new ArrayIndexOutOfBoundsException("Index " + i + " out of bounds for length "
                    + ((lengthAndFamily & IPV6_FLAG) != 0 ? 16 : 4));
        }
        return (int) ((i < 8 ? high >>> (56 - 8 * i) : low >>> (56 - 8 * (i - 8))) & 0xFF);
    }

    /** Address bytes 0 to 7, big-endian (IPv4 in the top four), for the encoder. */
    long high() {
        return high;
    }

    /** Address bytes 8 to 15, big-endian (zero for IPv4), for the encoder. */
    long low() {
        return low;
    }

    /** Number of address bytes that go on the wire for this prefix (RFC 4271 4.3). */
    public int wireBytes() {
        return (length() + 7) >>> 3;
    }

    public InetAddress inetAddress() {
        try {
            return InetAddress.getByAddress(address());
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prefix p && p.lengthAndFamily == lengthAndFamily && p.high == high && p.low == low;
    }

    /**
     * All 64 + 64 address bits and the length, mixed by MurmurHash3's 64-bit finalizer. The
     * polynomial hash of the address bytes this replaced gave 22,576 distinct values for 2^20
     * consecutive /32s (the byte weights overlap), so the kernel and OVN sources' hash maps of
     * a large table ran on tree bins ({@code PrefixTest}, {@code PrefixHashBenchmark}).
     */
    @Override
    public int hashCode() {
        long h = high ^ Long.rotateLeft(low, 32) ^ ((long) lengthAndFamily << 23);
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return (int) (h ^ (h >>> 33));
    }

    /** IPv4 before IPv6, then by address, then shorter first. */
    @Override
    public int compareTo(Prefix o) {
        int c = Integer.compare(lengthAndFamily & IPV6_FLAG, o.lengthAndFamily & IPV6_FLAG);
        if (c == 0) {
            c = Long.compareUnsigned(high, o.high);
        }
        if (c == 0) {
            c = Long.compareUnsigned(low, o.low);
        }
        return c != 0 ? c : Integer.compare(length(), o.length());
    }

    @Override
    public String toString() {
        return InetAddresses.toText(address()) + "/" + length();
    }
}
