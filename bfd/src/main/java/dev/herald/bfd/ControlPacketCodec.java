package dev.herald.bfd;

/**
 * Encodes and decodes {@link ControlPacket}s (RFC 5880 4.1):
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |Vers |  Diag   |Sta|P|F|C|A|D|M|  Detect Mult  |    Length     |
 * |                       My Discriminator                        |
 * |                      Your Discriminator                       |
 * |                    Desired Min TX Interval                    |
 * |                   Required Min RX Interval                    |
 * |                 Required Min Echo RX Interval                 |
 * |   Auth Type   |   Auth Len    |    Authentication Data...     |  (only if A is set)
 * </pre>
 * Decoding applies the receive checks of 6.8.6 that need no session; selecting the session by
 * Your Discriminator (and dropping the packet when none has it) is the caller's.
 */
public final class ControlPacketCodec {
    public static final int VERSION = 1;
    /** The mandatory section: the whole packet when the A bit is clear. */
    public static final int LENGTH = 24;
    /** With the A bit set: the mandatory section plus Auth Type and Auth Len. */
    static final int MIN_LENGTH_WITH_AUTH = 26;

    private static final int P = 0x20, F = 0x10, C = 0x08, A = 0x04, D = 0x02, M = 0x01;

    private ControlPacketCodec() {}

    /** What {@link #decode} found: a packet, or the reason it was dropped. */
    public sealed interface Decoded {}

    public record Accepted(ControlPacket packet) implements Decoded {}

    public record Dropped(DropReason reason) implements Decoded {}

    public static byte[] encode(ControlPacket p) {
        byte[] b = new byte[LENGTH];
        b[0] = (byte) (VERSION << 5 | p.diag());
        b[1] = (byte) (p.state().code() << 6 | (p.poll() ? P : 0) | (p.fin() ? F : 0)
                | (p.controlPlaneIndependent() ? C : 0) | (p.demand() ? D : 0));
        b[2] = (byte) p.detectMult();
        b[3] = LENGTH;
        put32(b, 4, p.myDiscriminator());
        put32(b, 8, p.yourDiscriminator());
        put32(b, 12, (int) p.desiredMinTxInterval());
        put32(b, 16, (int) p.requiredMinRxInterval());
        put32(b, 20, (int) p.requiredMinEchoRxInterval());
        return b;
    }

    /** Decodes the UDP payload {@code data[offset, offset + length)}. */
    public static Decoded decode(byte[] data, int offset, int length) {
        if (length < 4) {
            return new Dropped(DropReason.TRUNCATED);
        }
        int b0 = data[offset] & 0xFF;
        int flags = data[offset + 1] & 0xFF;
        int detectMult = data[offset + 2] & 0xFF;
        int packetLength = data[offset + 3] & 0xFF;
        if (b0 >>> 5 != VERSION) {
            return new Dropped(DropReason.BAD_VERSION);
        }
        boolean auth = (flags & A) != 0;
        if (packetLength < (auth ? MIN_LENGTH_WITH_AUTH : LENGTH)) {
            return new Dropped(DropReason.BAD_LENGTH);
        }
        if (packetLength > length) {
            return new Dropped(DropReason.LENGTH_EXCEEDS_DATAGRAM);
        }
        if (!auth && packetLength != LENGTH) {
            return new Dropped(DropReason.BAD_LENGTH);
        }
        if (detectMult == 0) {
            return new Dropped(DropReason.ZERO_DETECT_MULT);
        }
        if ((flags & M) != 0) {
            return new Dropped(DropReason.MULTIPOINT);
        }
        int my = get32(data, offset + 4);
        int your = get32(data, offset + 8);
        State state = State.of(flags >>> 6);
        if (my == 0) {
            return new Dropped(DropReason.ZERO_MY_DISCRIMINATOR);
        }
        if (your == 0 && state != State.DOWN && state != State.ADMIN_DOWN) {
            return new Dropped(DropReason.ZERO_YOUR_DISCRIMINATOR);
        }
        if (auth) {
            return new Dropped(DropReason.AUTH_NOT_CONFIGURED);
        }
        return new Accepted(new ControlPacket(b0 & 0x1F, state, (flags & P) != 0, (flags & F) != 0,
                (flags & C) != 0, (flags & D) != 0, detectMult, my, your,
                Integer.toUnsignedLong(get32(data, offset + 12)), Integer.toUnsignedLong(get32(data, offset + 16)),
                Integer.toUnsignedLong(get32(data, offset + 20))));
    }

    public static Decoded decode(byte[] datagram) {
        return decode(datagram, 0, datagram.length);
    }

    private static void put32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static int get32(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}
