package dev.herald.bfd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.herald.bfd.ControlPacketCodec.Accepted;
import dev.herald.bfd.ControlPacketCodec.Dropped;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Byte layouts of RFC 5880 4.1, written by hand, and each receive check of 6.8.6. */
class ControlPacketCodecTest {
    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** An Up packet as FRR's bfdd sends it at 300 ms x 3. */
    static final byte[] UP = hex(
            "20"          // Vers 1 (001), Diag 0 (00000)
            + "c0"        // Sta 3 Up (11), P F C A D M all 0
            + "03"        // Detect Mult 3
            + "18"        // Length 24
            + "00000001"  // My Discriminator 1
            + "80000002"  // Your Discriminator 2147483650 (high bit: unsigned)
            + "000493e0"  // Desired Min TX 300,000 us
            + "000493e0"  // Required Min RX 300,000 us
            + "00000000"); // Required Min Echo RX 0: no echo

    @Test
    void decodesEveryFieldOfAnUpPacket() {
        ControlPacket p = accepted(UP);
        assertEquals(new ControlPacket(0, State.UP, false, false, false, false, 3, 1, 0x80000002,
                300_000, 300_000, 0), p);
        assertArrayEquals(UP, ControlPacketCodec.encode(p));
    }

    @Test
    void decodesEveryFlagAndDiagnostic() {
        byte[] b = hex(
                "27"          // Vers 1, Diag 7 Administratively Down (00111)
                + "3a"        // Sta 0 AdminDown (00), P 1, F 1, C 1, A 0, D 1, M 0
                + "ff"        // Detect Mult 255
                + "18"
                + "ffffffff"  // My Discriminator 2^32-1
                + "00000000"  // Your Discriminator 0: allowed in AdminDown
                + "ffffffff"  // Desired Min TX: the largest
                + "000f4240"  // Required Min RX 1 s
                + "00000001"); // Required Min Echo RX 1 us
        ControlPacket p = accepted(b);
        assertEquals(new ControlPacket(7, State.ADMIN_DOWN, true, true, true, true, 255, -1, 0,
                0xFFFFFFFFL, 1_000_000, 1), p);
        assertArrayEquals(b, ControlPacketCodec.encode(p));
    }

    @Test
    void keepsAReservedDiagnosticAndIgnoresBytesAfterLength() {
        byte[] b = hex("3f 40 01 18 00000005 00000000 000f4240 000f4240 00000000 dead"); // Diag 31, Down, 2 trailing bytes
        ControlPacket p = accepted(b);
        assertEquals(31, p.diag());
        assertEquals(State.DOWN, p.state());
        assertArrayEquals(java.util.Arrays.copyOf(b, 24), ControlPacketCodec.encode(p));
    }

    @Test
    void initWithYourDiscriminatorIsAccepted() {
        assertEquals(State.INIT, accepted(hex("20 80 03 18 00000001 00000002 000f4240 000f4240 00000000")).state());
    }

    // --- 6.8.6, one check at a time, in the RFC's order ---

    @Test
    void dropsFewerThanFourOctets() {
        assertDropped(DropReason.TRUNCATED, hex("20c003"));
        assertDropped(DropReason.TRUNCATED, new byte[0]);
    }

    @Test
    void dropsAVersionOtherThanOne() {
        assertDropped(DropReason.BAD_VERSION, withByte(UP, 0, 0x00)); // version 0 (BFD draft 0)
        assertDropped(DropReason.BAD_VERSION, withByte(UP, 0, 0x40)); // version 2
    }

    @Test
    void dropsALengthBelowTheMinimum() {
        assertDropped(DropReason.BAD_LENGTH, withByte(UP, 3, 23));
        // A set: 26 is the least (Auth Type and Auth Len follow the mandatory section).
        assertDropped(DropReason.BAD_LENGTH, withByte(withByte(UP, 1, 0xc4), 3, 25));
    }

    @Test
    void dropsALengthAbove24WithoutAuthentication() {
        byte[] b = java.util.Arrays.copyOf(withByte(UP, 3, 28), 28);
        assertDropped(DropReason.BAD_LENGTH, b);
    }

    @Test
    void dropsALengthBeyondTheDatagram() {
        assertDropped(DropReason.LENGTH_EXCEEDS_DATAGRAM, java.util.Arrays.copyOf(UP, 23));
        assertDropped(DropReason.LENGTH_EXCEEDS_DATAGRAM, java.util.Arrays.copyOf(UP, 4));
    }

    @Test
    void dropsDetectMultZero() {
        assertDropped(DropReason.ZERO_DETECT_MULT, withByte(UP, 2, 0));
    }

    @Test
    void dropsTheMultipointBit() {
        assertDropped(DropReason.MULTIPOINT, withByte(UP, 1, 0xc1));
    }

    @Test
    void dropsMyDiscriminatorZero() {
        byte[] b = UP.clone();
        b[7] = 0; // My Discriminator 1 -> 0
        assertDropped(DropReason.ZERO_MY_DISCRIMINATOR, b);
    }

    @Test
    void dropsYourDiscriminatorZeroUnlessDownOrAdminDown() {
        byte[] up = UP.clone();
        java.util.Arrays.fill(up, 8, 12, (byte) 0);
        assertDropped(DropReason.ZERO_YOUR_DISCRIMINATOR, up);
        assertDropped(DropReason.ZERO_YOUR_DISCRIMINATOR, withByte(up, 1, 0x80)); // Init
        assertEquals(State.DOWN, accepted(withByte(up, 1, 0x40)).state());
        assertEquals(State.ADMIN_DOWN, accepted(withByte(up, 1, 0x00)).state());
    }

    @Test
    void dropsTheAuthenticationSectionHeraldDoesNotConfigure() {
        // Simple Password (type 1, 4.2.2): Auth Len 7 = type, len, key id and a 4-octet password.
        byte[] b = hex("20 c4 03 1f 00000001 00000002 000493e0 000493e0 00000000 01 07 01 73656372");
        assertDropped(DropReason.AUTH_NOT_CONFIGURED, b);
        // Keyed SHA1 (type 4, 4.4): 28 octets.
        byte[] sha = java.util.Arrays.copyOf(withByte(withByte(UP, 1, 0xc4), 3, 52), 52);
        sha[24] = 4;
        sha[25] = 28;
        assertDropped(DropReason.AUTH_NOT_CONFIGURED, sha);
    }

    @Test
    void checksRunInTheRfcOrder() {
        // Version 2, Length 0, Detect Mult 0, M set: the version is named, as 6.8.6 checks it first.
        assertDropped(DropReason.BAD_VERSION, hex("40 01 00 00"));
        // Detect Mult 0 and M set: Detect Mult first.
        assertDropped(DropReason.ZERO_DETECT_MULT, withByte(withByte(UP, 2, 0), 1, 0xc1));
    }

    @Test
    void decodesAtAnOffset() {
        byte[] framed = new byte[UP.length + 10];
        System.arraycopy(UP, 0, framed, 7, UP.length);
        assertEquals(new Accepted(accepted(UP)), ControlPacketCodec.decode(framed, 7, UP.length));
    }

    @Test
    void refusesToBuildWhatTheWireCannotCarry() {
        assertThrows(IllegalArgumentException.class, () -> new ControlPacket(32, State.UP, false, false,
                false, false, 3, 1, 1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ControlPacket(0, State.UP, false, false,
                false, false, 0, 1, 1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ControlPacket(0, State.UP, false, false,
                false, false, 3, 1, 1, 1L << 32, 1, 0));
    }

    static ControlPacket accepted(byte[] b) {
        var d = ControlPacketCodec.decode(b);
        if (d instanceof Accepted(ControlPacket p)) {
            return p;
        }
        throw new AssertionError("dropped: " + d);
    }

    static void assertDropped(DropReason reason, byte[] b) {
        assertEquals(new Dropped(reason), ControlPacketCodec.decode(b));
    }

    static byte[] withByte(byte[] b, int at, int value) {
        byte[] c = b.clone();
        c[at] = (byte) value;
        return c;
    }
}
