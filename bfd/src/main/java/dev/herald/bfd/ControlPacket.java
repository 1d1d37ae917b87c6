package dev.herald.bfd;

/**
 * A BFD Control packet without authentication (RFC 5880 4.1). Intervals are in microseconds,
 * as on the wire (unsigned 32 bits, held in a {@code long}); discriminators are unsigned 32-bit
 * values held in an {@code int} (only zero or not matters, and equality).
 *
 * <p>The version (always 1), the A bit (herald does not configure authentication, so a packet
 * with it is dropped) and the M bit (must be 0) are not fields: {@link ControlPacketCodec}
 * writes them as RFC 5880 requires and rejects packets that differ.
 *
 * @param diag the raw 5-bit diagnostic code (reserved codes kept, so a packet re-encodes exactly)
 * @param poll P: the sender asks for a packet with F set (a Poll Sequence, 6.5)
 * @param fin F: the answer to a Poll. {@link BfdSession} never sets P and F together (6.5), but
 *     6.8.6 does not drop a packet that does, so neither does the codec
 * @param controlPlaneIndependent C: herald sends 0 (ADR 0016)
 * @param demand D: herald never sends 1 (no Demand mode) but keeps what it receives
 */
public record ControlPacket(int diag, State state, boolean poll, boolean fin, boolean controlPlaneIndependent,
        boolean demand, int detectMult, int myDiscriminator, int yourDiscriminator, long desiredMinTxInterval,
        long requiredMinRxInterval, long requiredMinEchoRxInterval) {

    /** The largest interval the 32-bit fields carry, in microseconds. */
    public static final long MAX_INTERVAL = 0xFFFF_FFFFL;

    public ControlPacket {
        if (diag < 0 || diag > 31) {
            throw new IllegalArgumentException("diag " + diag + " is not 5 bits");
        }
        if (detectMult < 1 || detectMult > 255) {
            throw new IllegalArgumentException("detect mult " + detectMult + " is not 1..255");
        }
        checkInterval("desired min TX", desiredMinTxInterval);
        checkInterval("required min RX", requiredMinRxInterval);
        checkInterval("required min echo RX", requiredMinEchoRxInterval);
    }

    private static void checkInterval(String name, long micros) {
        if (micros < 0 || micros > MAX_INTERVAL) {
            throw new IllegalArgumentException(name + " " + micros + " us does not fit 32 bits");
        }
    }
}
