package dev.herald.codec;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 prefix with no host bits set. Immutable; the address bytes are always
 * {@link Afi#addressBytes()} long so that equal prefixes are equal objects.
 */
public final class Prefix implements Comparable<Prefix> {
    private final Afi afi;
    private final byte[] address;
    private final int length;

    private Prefix(Afi afi, byte[] address, int length) {
        this.afi = afi;
        this.address = address;
        this.length = length;
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
        byte[] copy = address.clone();
        if (hasHostBits(copy, length)) {
            throw new IllegalArgumentException("host bits set in " + format(afi, copy, length));
        }
        return new Prefix(afi, copy, length);
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

    private static boolean hasHostBits(byte[] a, int length) {
        for (int bit = length; bit < a.length * 8; bit++) {
            if ((a[bit >> 3] & (0x80 >>> (bit & 7))) != 0) {
                return true;
            }
        }
        return false;
    }

    public Afi afi() {
        return afi;
    }

    public int length() {
        return length;
    }

    /** A copy of the address bytes (4 or 16). */
    public byte[] address() {
        return address.clone();
    }

    /** The address byte at index i, without copying. */
    public int addressByte(int i) {
        return address[i] & 0xFF;
    }

    /** Number of address bytes that go on the wire for this prefix (RFC 4271 4.3). */
    public int wireBytes() {
        return (length + 7) >>> 3;
    }

    public InetAddress inetAddress() {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prefix p && p.length == length && p.afi == afi && Arrays.equals(p.address, address);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 31 + length;
    }

    /** IPv4 before IPv6, then by address, then shorter first. */
    @Override
    public int compareTo(Prefix o) {
        if (afi != o.afi) {
            return afi.compareTo(o.afi);
        }
        int c = Arrays.compareUnsigned(address, o.address);
        return c != 0 ? c : Integer.compare(length, o.length);
    }

    @Override
    public String toString() {
        return format(afi, address, length);
    }

    private static String format(Afi afi, byte[] a, int length) {
        return InetAddresses.toText(a) + "/" + length;
    }
}
