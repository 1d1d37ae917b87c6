package dev.herald.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link Prefix} holds its address in two longs: these pin that it behaves exactly as the
 * byte-array form did (bytes, equality, hash, order, text, validation), and that the decoder's
 * path through {@link PrefixCodec#readAll} gives the same prefixes as {@link Prefix#of}.
 */
class PrefixTest {
    private static final Random RANDOM = new Random(20261204);

    /** A random prefix of the family's size with host bits cleared, as bytes and length. */
    private static byte[] randomAddress(int size, int length) {
        byte[] a = new byte[size];
        RANDOM.nextBytes(a);
        for (int bit = length; bit < size * 8; bit++) {
            a[bit >> 3] &= (byte) ~(0x80 >>> (bit & 7));
        }
        return a;
    }

    @Test
    void bytesHashAndTextMatchTheArrayForm() {
        for (int size : new int[] {4, 16}) {
            for (int length = 0; length <= size * 8; length++) {
                byte[] a = randomAddress(size, length);
                Prefix p = Prefix.of(a, length);
                assertArrayEquals(a, p.address());
                for (int i = 0; i < size; i++) {
                    assertEquals(a[i] & 0xFF, p.addressByte(i));
                }
                assertEquals(size == 4 ? Afi.IPV4 : Afi.IPV6, p.afi());
                assertEquals(length, p.length());
                assertEquals((length + 7) / 8, p.wireBytes());
                assertEquals(Prefix.of(a.clone(), length).hashCode(), p.hashCode());
                assertEquals(InetAddresses.toText(a) + "/" + length, p.toString());
                assertEquals(p, Prefix.of(a.clone(), length));
                assertEquals(p, Prefix.parse(p.toString()));
            }
        }
    }

    /** Distinct hash values among {@code n} prefixes made by {@code make}. */
    private static int distinctHashes(int n, IntFunction<Prefix> make) {
        int[] h = new int[n];
        for (int i = 0; i < n; i++) {
            h[i] = make.apply(i).hashCode();
        }
        Arrays.sort(h);
        int distinct = n == 0 ? 0 : 1;
        for (int i = 1; i < n; i++) {
            distinct += h[i] != h[i - 1] ? 1 : 0;
        }
        return distinct;
    }

    @Test
    void consecutivePrefixesHashApart() {
        // A kernel or OVN table of a million routes is mostly consecutive prefixes; the hash maps
        // that hold one need (nearly) as many hash values as keys. The old polynomial hash gave
        // 11,044 values for the first case (22,576 for 2^20).
        int n = 1 << 18;
        int v4 = distinctHashes(n, i -> Prefix.of(new byte[] {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i}, 32));
        int v4Slash24 = distinctHashes(1 << 16, i -> Prefix.of(new byte[] {(byte) (100 + (i >>> 14)), (byte) (i >>> 6),
                (byte) (i << 2), 0}, 24));
        int v6 = distinctHashes(n, i -> Prefix.of(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, (byte) (i >>> 16),
                (byte) (i >>> 8), (byte) i, 0, 0, 0, 0, 0, 0, 0, 0}, 64));
        int v6Hosts = distinctHashes(n, i -> Prefix.of(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0,
                0, 0, 0, 0, 0, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i}, 128));
        // Random 32-bit values would give n - n^2/2^33 ~ 99.99 % distinct; ask for 99.9 %.
        for (int distinct : new int[] {v4, v6, v6Hosts}) {
            assertTrue(distinct > n * 0.999, distinct + " distinct hash values for " + n + " prefixes");
        }
        assertTrue(v4Slash24 > (1 << 16) * 0.999, v4Slash24 + " distinct hash values for 65,536 /24s");
        // The same address at another length is another key.
        assertNotEquals(Prefix.parse("10.0.0.0/8").hashCode(), Prefix.parse("10.0.0.0/16").hashCode());
    }

    @Test
    void orderIsIpv4FirstThenUnsignedAddressThenLength() {
        List<Prefix> sorted = List.of(Prefix.parse("0.0.0.0/0"), Prefix.parse("10.0.0.0/8"),
                Prefix.parse("10.0.0.0/24"), Prefix.parse("127.255.0.0/16"), Prefix.parse("128.0.0.0/1"),
                Prefix.parse("255.255.255.255/32"), Prefix.parse("::/0"), Prefix.parse("2001:db8::/32"),
                Prefix.parse("2001:db8::1/128"), Prefix.parse("2001:db8:0:0:8000::/65"),
                Prefix.parse("ff00::/8"));
        List<Prefix> shuffled = new ArrayList<>(sorted);
        java.util.Collections.shuffle(shuffled, RANDOM);
        java.util.Collections.sort(shuffled);
        assertEquals(sorted, shuffled);
        for (int i = 0; i < 1000; i++) {
            byte[] a = randomAddress(16, 128);
            byte[] b = randomAddress(16, 128);
            int expected = Integer.signum(Arrays.compareUnsigned(a, b));
            assertEquals(expected, Integer.signum(Prefix.of(a, 128).compareTo(Prefix.of(b, 128))));
        }
    }

    @Test
    void familiesAndLengthsAreNotConfused() {
        assertNotEquals(Prefix.parse("0.0.0.0/0"), Prefix.parse("::/0"));
        assertNotEquals(Prefix.parse("10.0.0.0/8"), Prefix.parse("10.0.0.0/9"));
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> Prefix.parse("10.0.0.0/8").addressByte(4));
    }

    @Test
    void validationIsUnchanged() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Prefix.of(new byte[] {10, 0, 0, 1}, 24));
        assertEquals("host bits set in 10.0.0.1/24", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Prefix.parse("2001:db8::1/127"));
        assertEquals("host bits set in 2001:db8::1/127", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Prefix.parse("2001:db8::/0"));
        assertEquals("host bits set in 2001:db8::/0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Prefix.of(new byte[4], 33));
        assertEquals("prefix length 33 out of range for IPV4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Prefix.of(new byte[5], 8));
        assertEquals("address must be 4 or 16 bytes, got 5", e.getMessage());
    }

    /** Every length, with random trailing bits on the wire: decoded equals Prefix.of of the masked bytes. */
    @Test
    void decoderBuildsTheSamePrefixesAsPrefixOf() throws BgpDecodeException {
        for (Afi afi : Afi.values()) {
            var wire = Unpooled.buffer();
            List<Prefix> expected = new ArrayList<>();
            for (int length = 0; length <= afi.maxPrefixLength(); length++) {
                byte[] a = new byte[afi.addressBytes()];
                RANDOM.nextBytes(a);
                int n = (length + 7) / 8;
                wire.writeByte(length).writeBytes(a, 0, n);
                Arrays.fill(a, n, a.length, (byte) 0);
                if ((length & 7) != 0) {
                    a[n - 1] &= (byte) (0xFF << (8 - (length & 7)));
                }
                expected.add(Prefix.of(a, length));
            }
            List<Prefix> decoded = PrefixCodec.readAll(wire, afi, DecodeErrors.INVALID_NETWORK_FIELD, null, "NLRI");
            assertEquals(expected, decoded);
            assertTrue(!wire.isReadable(), "the field is consumed");
            assertThrows(UnsupportedOperationException.class, () -> decoded.add(expected.getFirst()));
            wire.release();
        }
    }
}
