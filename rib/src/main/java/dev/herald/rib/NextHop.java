package dev.herald.rib;

import dev.herald.codec.InetAddresses;

/**
 * The next hop resolved for one family of one session: either the bytes to put on the wire
 * (4 for NEXT_HOP, 16 or 32 for MP_REACH_NLRI) or the reason routes of that family are held back.
 */
public sealed interface NextHop {
    /** A usable next hop; {@code viaMpReach} tells whether it goes in MP_REACH_NLRI. */
    record Valid(byte[] bytes) implements NextHop {
        public Valid {
            if (bytes.length != 4 && bytes.length != 16 && bytes.length != 32) {
                throw new IllegalArgumentException("next hop must be 4, 16 or 32 bytes");
            }
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public String toString() {
            if (bytes.length == 32) {
                byte[] g = java.util.Arrays.copyOf(bytes, 16);
                byte[] l = java.util.Arrays.copyOfRange(bytes, 16, 32);
                return InetAddresses.toText(g) + " + " + InetAddresses.toText(l);
            }
            return InetAddresses.toText(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Valid v && java.util.Arrays.equals(v.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }
    }

    /** No valid next hop: routes of this family are not sent, for this reason. */
    record Missing(String reason) implements NextHop {
    }
}
