package dev.herald.bgpd.daemon;

import dev.herald.codec.Prefix;
import dev.herald.config.HeraldConfig;
import dev.herald.rib.Rib;
import dev.herald.rib.Route;
import dev.herald.sources.RouteSink;
import dev.herald.sources.RouteSource;
import dev.herald.sources.StaticSource;
import dev.herald.sources.kernel.KernelSource;
import dev.herald.sources.lxd.LxdSource;
import dev.herald.sources.ovn.OvnSource;
import io.netty.channel.EventLoopGroup;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The daemon's route sources: builds them from the config (the one place that knows the source
 * kinds), gives each a sink of its own into the RIB, replaces one on reload and stops them all.
 * A source a reload replaced is dropped from here, and what it still says is ignored.
 */
final class SourceSet {
    private static final System.Logger LOG = System.getLogger("daemon");
    /** The kinds of source, by the name their routes carry. */
    static final List<String> KINDS = List.of(StaticSource.NAME, KernelSource.NAME, LxdSource.NAME, OvnSource.NAME);

    private final RibExecutor rib;
    private final List<RouteSource> running = new CopyOnWriteArrayList<>();
    /**
     * Whether each running source's sink still delivers, by source name (one source per kind): false
     * once a reload replaced it, read by every delivery without a scan of {@link #running}.
     */
    private final Map<String, AtomicBoolean> live = new ConcurrentHashMap<>();
    /** Names the sources used for their routes; {@link #withdrawAll} withdraws all of them. */
    private final Set<String> routeSources = ConcurrentHashMap.newKeySet();
    private final SourceActivity activity = new SourceActivity();
    /** The daemon's event loops, for the sources' connections and timers (the daemon stops them after this set). */
    private final EventLoopGroup loops;

    SourceSet(RibExecutor rib, EventLoopGroup loops) {
        this.rib = rib;
        this.loops = loops;
    }

    /** Builds and starts every source {@code config} lists; each start waits for its first complete view. */
    void start(HeraldConfig config) {
        for (String kind : KINDS) {
            RouteSource s = create(kind, config, loops);
            if (s != null) {
                running.add(s);
            }
        }
        for (RouteSource s : running) {
            s.start(sinkFor(s));
        }
        LOG.log(Level.INFO, "sources started: {0} static prefixes, {1} prefix file(s)",
                config.sources().staticRoutes().size(), config.sources().staticFiles().size());
    }

    /** Starts the source {@code name} anew from {@code config}, or withdraws its routes when it is gone. */
    void replace(String name, HeraldConfig config) {
        RouteSource old = running.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
        RouteSource fresh = create(name, config, loops);
        if (old != null) {
            running.remove(old);
            AtomicBoolean oldLive = live.remove(name);
            if (oldLive != null) { // null only when it was never started
                oldLive.set(false);
            }
            old.close();
        }
        if (fresh != null) {
            start(fresh); // its first complete view replaces the old one's routes
        } else {
            rib.post(r -> r.replaceSource(name, List.of()));
        }
    }

    /** Starts {@code s}, running from now on, with a sink of its own. */
    void start(RouteSource s) {
        running.add(s);
        s.start(sinkFor(s));
    }

    /**
     * The source of kind {@code kind} that {@code config} asks for, or null when it asks for none;
     * those with sockets or timers run them on {@code loops}.
     */
    static RouteSource create(String kind, HeraldConfig config, EventLoopGroup loops) {
        return switch (kind) {
            case StaticSource.NAME -> staticSource(config);
            case KernelSource.NAME -> config.sources().kernel().map(KernelSource::new).orElse(null);
            case LxdSource.NAME -> config.sources().lxd().map(c -> LxdSources.create(c, loops)).orElse(null);
            case OvnSource.NAME -> config.sources().ovn().map(c -> OvnSources.create(c, loops)).orElse(null);
            default -> throw new IllegalArgumentException("no source kind " + kind + " (kinds: " + KINDS + ")");
        };
    }

    /** The static source: its prefixes, and its prefix files read when it starts. */
    private static StaticSource staticSource(HeraldConfig config) {
        return new StaticSource(config.sources().staticRoutes(),
                config.sources().staticFiles(), file -> dev.herald.config.PrefixFiles.read(file,
                        (line, column, message) -> LOG.log(Level.WARNING, "{0}:{1}:{2}: {3} (line skipped)", file,
                                Integer.toString(line), Integer.toString(column), message)));
    }

    List<RouteSource> running() {
        return List.copyOf(running);
    }

    List<String> names() {
        return running.stream().map(RouteSource::name).toList();
    }

    Map<String, SourceActivity.Snapshot> activity() {
        return activity.snapshot();
    }

    /** The status texts of the running sources that have one, by name. */
    Map<String, String> statusTexts() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        running.forEach(s -> s.statusText().ifPresent(t -> out.put(s.name(), t)));
        return out;
    }

    /** Stops every source; withdraws nothing. */
    void close() {
        for (RouteSource s : running) {
            s.close();
        }
    }

    /** Queues the withdrawal of every route any source gave (a stop for good). */
    void withdrawAll() {
        for (String name : List.copyOf(routeSources)) {
            rib.post(r -> r.replaceSource(name, List.of()));
        }
    }

    /**
     * The sink of one source instance: once a reload has replaced it, what it still says is dropped.
     * Each delivery's sync lag (from when the source observed it to when the RIB thread applied it)
     * goes to {@link SourceActivity}.
     */
    private RouteSink sinkFor(RouteSource owner) {
        AtomicBoolean ownerLive = new AtomicBoolean(true);
        live.put(owner.name(), ownerLive);
        return new RouteSink() {
            @Override
            public void replaceAll(String source, Collection<Route> routes) {
                replaceAll(source, routes, System.nanoTime());
            }

            @Override
            public void replaceAll(String source, Collection<Route> routes, long observedNanos) {
                List<Route> copy = List.copyOf(routes);
                deliver(ownerLive, source, observedNanos, r -> r.replaceSource(source, copy));
            }

            @Override
            public void change(String source, Collection<Prefix> added, Collection<Prefix> removed) {
                List<Prefix> a = List.copyOf(added);
                List<Prefix> w = List.copyOf(removed);
                deliver(ownerLive, source, System.nanoTime(), r -> r.change(source, a, w));
            }

            @Override
            public void update(String source, Collection<Route> upserted, Collection<Prefix> removed) {
                update(source, upserted, removed, System.nanoTime());
            }

            @Override
            public void update(String source, Collection<Route> upserted, Collection<Prefix> removed, long observedNanos) {
                List<Route> a = List.copyOf(upserted);
                List<Prefix> w = List.copyOf(removed);
                deliver(ownerLive, source, observedNanos, r -> r.update(source, a, w));
            }
        };
    }

    /** One delivery of a source's, unless a reload replaced it ({@code ownerLive} false): applied on the RIB thread, its lag recorded. */
    private void deliver(AtomicBoolean ownerLive, String source, long observedNanos, Consumer<Rib> apply) {
        if (!ownerLive.get()) {
            return;
        }
        routeSources.add(source);
        activity.delivered(source);
        rib.post(r -> {
            apply.accept(r);
            activity.applied(source, System.nanoTime() - observedNanos);
        });
    }
}
