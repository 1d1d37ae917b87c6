package dev.herald.sources;

import dev.herald.codec.Prefix;
import dev.herald.rib.Route;
import dev.herald.rib.RouteFacts;
import java.util.List;

/** The prefixes listed in the config's {@code sources.static}. */
public final class StaticSource implements RouteSource {
    public static final String NAME = "static";

    private final List<Prefix> prefixes;

    public StaticSource(List<Prefix> prefixes) {
        this.prefixes = List.copyOf(prefixes);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(RouteSink sink) {
        RouteFacts facts = RouteFacts.of(NAME).withOrigin("config sources.static");
        sink.replaceAll(NAME, prefixes.stream().map(p -> new Route(p, facts)).toList());
    }

    @Override
    public void close() {
        // Nothing runs in the background.
    }
}
