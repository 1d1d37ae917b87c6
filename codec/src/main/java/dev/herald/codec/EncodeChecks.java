package dev.herald.codec;

/** Range checks for values about to be written into fixed-width wire fields. */
final class EncodeChecks {
    private EncodeChecks() {
    }

    static int u8(int v, String what) {
        if (v < 0 || v > 0xFF) {
            throw new IllegalArgumentException(what + " does not fit one byte: " + v);
        }
        return v;
    }

    static int u16(int v, String what) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException(what + " does not fit two bytes: " + v);
        }
        return v;
    }

    static int u32(long v, String what) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " does not fit four bytes: " + v);
        }
        return (int) v;
    }
}
