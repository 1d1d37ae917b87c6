package dev.herald.bfd.io;

/**
 * Why {@link BfdTransport} dropped a datagram the codec accepted or never saw: the checks that
 * need the socket or the sessions, beside the codec's {@link dev.herald.bfd.DropReason}s.
 */
public enum TransportDrop {
    /**
     * Single hop: a TTL / hop limit other than 255 (RFC 5881 5, the packet may come from off the
     * link); multihop: below the session's configured least TTL (RFC 5883 5).
     */
    TTL,
    /** Your Discriminator names no session (RFC 5880 6.8.6), or one of the other hop mode. */
    UNKNOWN_DISCRIMINATOR,
    /** Your Discriminator is 0 and no session has the packet's source address and interface. */
    NO_SESSION_FOR_ADDRESS
}
