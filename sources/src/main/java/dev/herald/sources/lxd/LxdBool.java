package dev.herald.sources.lxd;

import java.util.Locale;
import java.util.Set;

/**
 * A boolean LXD config value read as LXD reads it (Go {@code shared.IsTrue}): "true", "1", "yes"
 * or "on" in any case is true; anything else is false, an absent key included. LXD validates
 * booleans with true/false/yes/no/on/off/1/0 and stores what the user wrote, so herald must not
 * compare with "true" alone. Where LXD fills a default (ipv4.nat=true on {@code lxc network
 * create}), it writes it into the config, so the absent key is false here as in LXD itself.
 */
final class LxdBool {
    private static final Set<String> TRUE = Set.of("true", "1", "yes", "on");

    private LxdBool() {
    }

    /** Whether LXD takes {@code value} (null: the key is absent) as true. */
    static boolean isTrue(String value) {
        // no trimming, like LXD: " true" is not true there either
        return value != null && TRUE.contains(value.toLowerCase(Locale.ROOT));
    }
}
