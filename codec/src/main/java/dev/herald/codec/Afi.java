package dev.herald.codec;

/** Address Family Identifier (IANA "Address Family Numbers"), the subset herald speaks. */
public enum Afi {
    IPV4(1, 4),
    IPV6(2, 16);

    private final int code;
    private final int addressBytes;

    Afi(int code, int addressBytes) {
        this.code = code;
        this.addressBytes = addressBytes;
    }

    public int code() {
        return code;
    }

    /** Length in bytes of one address of this family. */
    public int addressBytes() {
        return addressBytes;
    }

    public int maxPrefixLength() {
        return addressBytes * 8;
    }

    /** The AFI with this code, or null when herald does not speak it. */
    public static Afi ofCode(int code) {
        return switch (code) {
            case 1 -> IPV4;
            case 2 -> IPV6;
            default -> null;
        };
    }
}
