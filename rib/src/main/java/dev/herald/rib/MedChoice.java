package dev.herald.rib;

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

    /** The winning route's priority (clamped to 0..4294967295): a kernel metric, OVN's locality. */
    record FromPriority() implements MedChoice {
        @Override
        public String toString() {
            return "priority";
        }
    }

    /** No MED at all, even if the source asked for one. */
    record None() implements MedChoice {
        @Override
        public String toString() {
            return "none";
        }
    }

    MedChoice PRIORITY = new FromPriority();
    MedChoice NONE = new None();
}
