package dev.herald.rib;

/** Whether a prefix is sent to a peer and, if not, the kind of reason. */
public enum Verdict {
    /** In the peer's Adj-RIB-Out. */
    SENT,
    /** Refused by the peer's export policy (families, allow-list, deny-list or a rule). */
    FILTERED,
    /** No valid next hop of the route's family for this session. */
    NO_NEXT_HOP,
    /** The route's family was not negotiated with this peer. */
    FAMILY_NOT_NEGOTIATED,
    /** The peer's session is not Established. */
    SESSION_DOWN,
    /** Held back: the peer's maximum-prefix-out is reached. */
    MAX_PREFIX_OUT,
    /** No source offers the prefix. */
    NOT_OFFERED,
    /** Held back by a health check that is Down and withdraws its routes (ADR 0019). */
    HEALTH_CHECK
}
