package dev.herald.bfd;

/**
 * Why a received datagram is not a BFD Control packet herald acts on: the receive checks of
 * RFC 5880 6.8.6 that need no session, in the RFC's order, one counter each.
 */
public enum DropReason {
    /** Fewer than the 4 octets that hold the version, flags and Length. */
    TRUNCATED,
    /** "If the version number is not correct (1), the packet MUST be discarded." */
    BAD_VERSION,
    /**
     * "If the Length field is less than the minimum correct value (24 if the A bit is clear, or
     * 26 if the A bit is set)". herald also drops a Length above 24 with the A bit clear: the
     * RFC defines nothing after the mandatory section, and every implementation sends 24.
     */
    BAD_LENGTH,
    /** "If the Length field is greater than the payload of the encapsulating protocol". */
    LENGTH_EXCEEDS_DATAGRAM,
    /** "If the Detect Mult field is zero". */
    ZERO_DETECT_MULT,
    /** "If the Multipoint (M) bit is nonzero". */
    MULTIPOINT,
    /** "If the My Discriminator field is zero". */
    ZERO_MY_DISCRIMINATOR,
    /** "If the Your Discriminator field is zero and the State field is not Down or AdminDown". */
    ZERO_YOUR_DISCRIMINATOR,
    /** "If the A bit is set and no authentication is in use": herald configures none. */
    AUTH_NOT_CONFIGURED
}
