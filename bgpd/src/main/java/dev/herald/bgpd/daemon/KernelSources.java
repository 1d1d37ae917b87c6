package dev.herald.bgpd.daemon;

import dev.herald.config.KernelSourceConfig;
import dev.herald.rib.PrefixRange;
import dev.herald.sources.kernel.KernelSource;
import dev.herald.sources.kernel.KernelSourceSettings;
import java.util.Set;

/** Builds the kernel source from {@code sources.kernel}. */
final class KernelSources {
    private KernelSources() {
    }

    static KernelSourceSettings settings(KernelSourceConfig k) {
        return new KernelSourceSettings(k.tableIds().stream().map(Long::intValue).toList(), k.tableNames(),
                Set.copyOf(k.protocols()), Set.copyOf(k.types()),
                k.prefixes().stream().map(r -> new PrefixRange(r.prefix(), r.ge(), r.le())).toList(), k.metricAsMed(),
                k.receiveBuffer());
    }

    static KernelSource create(KernelSourceConfig k) {
        return new KernelSource(settings(k));
    }
}
