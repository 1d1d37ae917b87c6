package dev.herald.codec;

/** Subsequent Address Family Identifier, the subset herald speaks. */
public enum Safi {
    UNICAST(1);

    private final int code;

    Safi(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The SAFI with this code, or null when herald does not speak it. */
    public static Safi ofCode(int code) {
        return code == 1 ? UNICAST : null;
    }
}
