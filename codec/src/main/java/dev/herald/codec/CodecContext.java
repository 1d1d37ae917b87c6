package dev.herald.codec;

/**
 * What was negotiated for one session and changes how messages are encoded and decoded.
 *
 * @param fourOctetAs       both sides sent the 4-octet AS capability (AS_PATH carries 4-byte ASes)
 * @param maxMessageLength  the largest message herald sends: 4096, or 65535 once extended messages
 *                          are negotiated (both OPENs carry capability 6, RFC 8654 4)
 * @param externalPeer      the peer is in another AS: a LOCAL_PREF, ORIGINATOR_ID or CLUSTER_LIST
 *                          from it is discarded (RFC 7606 7.5, 7.9, 7.10) and confederation
 *                          segments in its AS_PATH are malformed (RFC 5065 5; herald is in no
 *                          confederation). False when not known, which keeps them all
 * @param maxReceiveLength  the largest message herald takes: 65535 when herald's own OPEN offered
 *                          extended messages, whether or not the peer did (RFC 8654 4: "MUST be
 *                          capable of receiving"), else 4096 (RFC 8654 5: no more liberal policy)
 */
public record CodecContext(boolean fourOctetAs, int maxMessageLength, boolean externalPeer, int maxReceiveLength) {
    public static final int MAX_MESSAGE = 4096;
    public static final int MAX_EXTENDED_MESSAGE = 65535;

    /** Before OPEN exchange: 2-octet AS paths, 4096-byte messages. */
    public static final CodecContext INITIAL = new CodecContext(false, MAX_MESSAGE);
    /** The usual modern session: 4-octet AS, 4096-byte messages. */
    public static final CodecContext FOUR_OCTET = new CodecContext(true, MAX_MESSAGE);

    public CodecContext {
        if (maxMessageLength < MAX_MESSAGE || maxMessageLength > MAX_EXTENDED_MESSAGE
                || maxReceiveLength < MAX_MESSAGE || maxReceiveLength > MAX_EXTENDED_MESSAGE) {
            throw new IllegalArgumentException("message lengths must be 4096..65535: " + maxMessageLength + ", "
                    + maxReceiveLength);
        }
    }

    /** Sends and takes messages of the same size. */
    public CodecContext(boolean fourOctetAs, int maxMessageLength, boolean externalPeer) {
        this(fourOctetAs, maxMessageLength, externalPeer, maxMessageLength);
    }

    /** A context that does not depend on the session type (encoding, or an internal peer). */
    public CodecContext(boolean fourOctetAs, int maxMessageLength) {
        this(fourOctetAs, maxMessageLength, false);
    }
}
