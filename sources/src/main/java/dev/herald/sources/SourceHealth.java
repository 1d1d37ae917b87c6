package dev.herald.sources;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a source says about itself, in one shape for every source (as BIRD's protocols answer
 * {@code get_status}): the metrics and the admin API read this, never a source's own type.
 *
 * @param connected      whether a source that talks to a daemon (OVN, LXD) is connected to it;
 *                       empty for a source without one
 * @param resyncs        full reads of the source's daemon (LXD full syncs, OVN full snapshots,
 *                       kernel dumps after lost notifications); empty where there are none
 * @param errors         error counts by kind ("connect", "garbage", "overflow"), in a stable order
 * @param rejectedRoutes routes the source refused to announce; empty where it never refuses any
 */
public record SourceHealth(Optional<Boolean> connected, OptionalLong resyncs, Map<String, Long> errors,
                           OptionalLong rejectedRoutes) {
    /** A source with nothing to report (the static source). */
    public static final SourceHealth NONE = new SourceHealth(Optional.empty(), OptionalLong.empty(), Map.of(),
            OptionalLong.empty());

    public SourceHealth {
        errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }
}
