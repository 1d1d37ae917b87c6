package dev.herald.rib;

import java.util.List;
import java.util.OptionalLong;

/** What happens to the routes a check holds while it says Down. */
public sealed interface OnFailure {
    /** The routes are withdrawn; the normal announcement comes back when the check is Up. */
    record Withdraw() implements OnFailure {
    }

    /**
     * The routes stay announced but less preferred, so another path takes over without a gap: a MED,
     * extra AS-path prepends (0..64, on top of the policy's), communities added.
     */
    record Degrade(OptionalLong med, int prepend, List<Long> communities) implements OnFailure {
        public Degrade {
            communities = List.copyOf(communities);
            if (prepend < 0 || prepend > 64) {
                throw new IllegalArgumentException("degrade prepend must be 0..64, got " + prepend);
            }
            if (med.isPresent() && (med.getAsLong() < 0 || med.getAsLong() > 0xFFFF_FFFFL)) {
                throw new IllegalArgumentException("degrade med must be 0..4294967295, got " + med.getAsLong());
            }
            if (med.isEmpty() && prepend == 0 && communities.isEmpty()) {
                throw new IllegalArgumentException("degrade needs a med, a prepend or communities");
            }
        }
    }
}
