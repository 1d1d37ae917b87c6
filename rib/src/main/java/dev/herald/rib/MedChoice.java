package dev.herald.rib;

import java.util.Locale;

/** Where the MED sent to a peer comes from. */
public sealed interface MedChoice {
    /** This value, 0..4294967295. */
    record Fixed(long value) implements MedChoice {
        public Fixed {
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("MED must be 0..4294967295, got " + value);
            }
        }

        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    /** The choices that carry no value, each written as its config keyword. */
    enum Keyword implements MedChoice {
        /** The winning route's priority (clamped to 0..4294967295): a kernel metric, OVN's locality. */
        PRIORITY,
        /** No MED at all, even if the source asked for one. */
        NONE;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    MedChoice PRIORITY = Keyword.PRIORITY;
    MedChoice NONE = Keyword.NONE;
}
