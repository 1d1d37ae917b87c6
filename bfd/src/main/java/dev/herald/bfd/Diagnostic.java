package dev.herald.bfd;

/**
 * The diagnostic codes of RFC 5880 4.1 ("Diag"): why the sender's session last changed state.
 * Codes 9 to 31 are reserved; a received packet keeps its raw code ({@link ControlPacket#diag()}).
 */
public enum Diagnostic {
    NO_DIAGNOSTIC,
    CONTROL_DETECTION_TIME_EXPIRED,
    ECHO_FUNCTION_FAILED,
    NEIGHBOR_SIGNALED_SESSION_DOWN,
    FORWARDING_PLANE_RESET,
    PATH_DOWN,
    CONCATENATED_PATH_DOWN,
    ADMINISTRATIVELY_DOWN,
    REVERSE_CONCATENATED_PATH_DOWN;

    /** The 5-bit wire value: the RFC numbers the codes in declaration order. */
    public int code() {
        return ordinal();
    }
}
