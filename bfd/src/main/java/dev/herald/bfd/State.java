package dev.herald.bfd;

/** The session states of RFC 5880 4.1 ("Sta"), with their wire values. */
public enum State {
    ADMIN_DOWN, DOWN, INIT, UP;

    /** The 2-bit wire value: the RFC numbers the states in declaration order. */
    public int code() {
        return ordinal();
    }

    public static State of(int code) {
        return values()[code & 3];
    }
}
