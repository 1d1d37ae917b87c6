package dev.herald.bfd;

/**
 * The local timer parameters of a session (RFC 5880 6.8.1), in microseconds as on the wire.
 *
 * @param desiredMinTxInterval bfd.DesiredMinTxInterval as configured; {@link BfdSession}
 *     advertises at least 1 s while the session is not Up (6.8.3)
 * @param requiredMinRxInterval bfd.RequiredMinRxInterval; 0 asks the peer to send nothing
 * @param detectMult bfd.DetectMult
 */
public record Parameters(long desiredMinTxInterval, long requiredMinRxInterval, int detectMult) {
    /** FRR's defaults, herald's too (issue 19): 300 ms x 3. */
    public static final Parameters DEFAULT = new Parameters(300_000, 300_000, 3);

    public Parameters {
        if (desiredMinTxInterval < 1 || desiredMinTxInterval > ControlPacket.MAX_INTERVAL) {
            throw new IllegalArgumentException("desired min TX " + desiredMinTxInterval + " us is not 1..2^32-1");
        }
        if (requiredMinRxInterval < 0 || requiredMinRxInterval > ControlPacket.MAX_INTERVAL) {
            throw new IllegalArgumentException("required min RX " + requiredMinRxInterval + " us is not 0..2^32-1");
        }
        if (detectMult < 1 || detectMult > 255) {
            throw new IllegalArgumentException("detect mult " + detectMult + " is not 1..255");
        }
    }
}
