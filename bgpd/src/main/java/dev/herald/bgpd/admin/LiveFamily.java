package dev.herald.bgpd.admin;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * One metric family whose series follow herald's live state: a gauge or function counter per
 * item of the current {@link Reading} (a peer, a source, a group), whose value Micrometer reads
 * from that item when it renders the scrape. Peers and sources come and go with reloads, so each
 * refresh registers the series of new items and removes those of items that went; a series that
 * stays keeps its meter.
 *
 * @param <T> the item a series reads, e.g. a peer's view
 */
final class LiveFamily<T> {
    private final MeterRegistry registry;
    private final String name;
    private final String help;
    private final boolean counter;
    private final Function<Reading, Collection<T>> items;
    private final Function<T, Tags> tags;
    private final ToDoubleFunction<T> value;
    private final Map<Tags, Meter> meters = new HashMap<>();
    private volatile Map<Tags, T> current = Map.of();

    private LiveFamily(MeterRegistry registry, String name, String help, boolean counter,
                       Function<Reading, Collection<T>> items, Function<T, Tags> tags, ToDoubleFunction<T> value) {
        this.registry = registry;
        this.name = name;
        this.help = help;
        this.counter = counter;
        this.items = items;
        this.tags = tags;
        this.value = value;
    }

    static <T> LiveFamily<T> gauge(MeterRegistry registry, String name, String help,
                                   Function<Reading, Collection<T>> items, Function<T, Tags> tags,
                                   ToDoubleFunction<T> value) {
        return new LiveFamily<>(registry, name, help, false, items, tags, value);
    }

    /** A monotonic count; {@code name} without Prometheus' {@code _total}, which the registry adds. */
    static <T> LiveFamily<T> counter(MeterRegistry registry, String name, String help,
                                     Function<Reading, Collection<T>> items, Function<T, Tags> tags,
                                     ToDoubleFunction<T> value) {
        return new LiveFamily<>(registry, name, help, true, items, tags, value);
    }

    /** The family's name as the text format writes it. */
    String exposedName() {
        return counter ? name + "_total" : name;
    }

    /** Points the series at {@code r}'s items: new ones get a meter, gone ones lose theirs. */
    void refresh(Reading r) {
        Map<Tags, T> next = new LinkedHashMap<>();
        for (T item : items.apply(r)) {
            next.put(tags.apply(item), item);
        }
        current = next;
        for (Tags t : next.keySet()) {
            meters.computeIfAbsent(t, this::register);
        }
        meters.entrySet().removeIf(e -> {
            if (next.containsKey(e.getKey())) {
                return false;
            }
            registry.remove(e.getValue());
            return true;
        });
    }

    private Meter register(Tags t) {
        ToDoubleFunction<LiveFamily<T>> read = f -> f.read(t);
        return counter
                ? FunctionCounter.builder(name, this, read).description(help).tags(t).register(registry)
                : Gauge.builder(name, this, read).description(help).tags(t).strongReference(true).register(registry);
    }

    private double read(Tags t) {
        T item = current.get(t);
        return item == null ? Double.NaN : value.applyAsDouble(item);
    }
}
