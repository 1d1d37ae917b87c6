package dev.herald.bgpd.daemon;

import dev.herald.codec.Notification;
import dev.herald.codec.Prefix;
import dev.herald.codec.Update;
import dev.herald.config.HeraldConfig;
import dev.herald.config.PeerConfig;
import dev.herald.config.StaticRouteConfig;
import dev.herald.fsm.SessionConfig;
import dev.herald.fsm.transport.BgpTransport;
import dev.herald.fsm.transport.EstablishedSession;
import dev.herald.fsm.transport.SessionListener;
import dev.herald.rib.PeerStatus;
import dev.herald.rib.Route;
import dev.herald.rib.UpdateSink;
import dev.herald.sources.RouteSink;
import dev.herald.sources.RouteSource;
import dev.herald.sources.StaticSource;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The running daemon: sources feed the RIB (on its own thread); sessions report Established and
 * Down to it; the RIB writes each peer's UPDATEs straight to that peer's session.
 */
public final class Daemon implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("daemon");
    /** Cease/2 message of {@link #run}'s SIGINT stop. */
    static final String INTERRUPT_MESSAGE = "herald interrupted (SIGINT)";

    /** Replaced by {@link #reload}. */
    private volatile HeraldConfig config;
    private final RibExecutor rib;
    /** The running sources; a source no longer listed here (replaced by a reload) is ignored. */
    private final List<RouteSource> sources = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The current session listener per peer; a replaced peer's late events are ignored. */
    private final java.util.Map<String, Listener> listeners = new java.util.concurrent.ConcurrentHashMap<>();
    /** Peers stopped with {@link #disablePeer}. */
    private final java.util.Set<String> adminDown = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.time.Instant started = java.time.Instant.now();
    private final SourceActivity activity = new SourceActivity();
    /** Names the sources used for their routes; {@link #shutdown} withdraws all of them. */
    private final java.util.Set<String> sourceNames = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final RestartMarker restartMarker = RestartMarker.fromEnvironment();
    private BgpTransport transport;
    /** Unnumbered peering: neighbour discovery on the interfaces of interface peers (ADR 0009). */
    private final dev.herald.bgpd.unnumbered.LinkLocalNeighbours neighbours =
            new dev.herald.bgpd.unnumbered.LinkLocalNeighbours();

    private Daemon(HeraldConfig config, Hangup hangup) {
        this.config = config;
        this.hangup = hangup;
        this.rib = new RibExecutor(new dev.herald.rib.Rib(new dev.herald.rib.SourcePrecedence(
                config.rib().sourcePrecedence())), config.rib().coalesceMillis());
    }

    /**
     * Starts herald with this config and blocks until it is stopped, then returns 0 (a requested
     * stop is a clean exit, not the JVM's 128+signal status). SIGTERM (systemd stop/restart, an
     * upgrade) is {@link #close()}: sessions end without a NOTIFICATION, so peers keep herald's
     * routes as stale for the restart time. SIGINT (Ctrl-C at a terminal) and {@link #shutdown}
     * withdraw everything and send Cease/Administrative Shutdown (docs/adr/0003-stop-semantics.md).
     */
    public static int run(HeraldConfig config) {
        return run(config, d -> () -> { });
    }

    /**
     * {@link #run(HeraldConfig)}, with {@code attach} started once the daemon runs (the admin API,
     * the metrics endpoint, the SIGHUP reload through {@link #onHangup}) and closed before it stops.
     */
    public static int run(HeraldConfig config, java.util.function.Function<Daemon, AutoCloseable> attach) {
        CountDownLatch stop = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<String> shutdownMessage = new java.util.concurrent.atomic.AtomicReference<>();
        Hangup hangup = new Hangup();
        // Before any source or session starts: a signal from now on is this daemon's (ProcessSignals).
        ProcessSignals.install(stop::countDown, () -> {
            shutdownMessage.compareAndSet(null, INTERRUPT_MESSAGE);
            stop.countDown();
        }, hangup::signalled);
        Daemon daemon = start(config, hangup);
        daemon.onShutdownRequest = message -> {
            shutdownMessage.compareAndSet(null, message);
            stop.countDown();
        };
        AutoCloseable attached = attach.apply(daemon);
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        hangup.detach();
        try {
            attached.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "stopping the admin API and metrics: {0}", e.toString());
        }
        String message = shutdownMessage.get();
        if (message != null) {
            daemon.doShutdown(message);
        } else {
            daemon.close();
        }
        return 0;
    }

    /** SIGHUP's target: see {@link #onHangup}. */
    private final Hangup hangup;

    /**
     * What SIGHUP does from now on (under {@link #run}; its handler is installed before the daemon
     * starts). A SIGHUP that arrived while herald was starting runs {@code reload} at once.
     */
    public void onHangup(Runnable reload) {
        hangup.attach(reload);
    }

    /** Set by {@link #run}: a {@link #shutdown} call also ends {@code run}. */
    private volatile java.util.function.Consumer<String> onShutdownRequest;
    private final java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Starts everything and returns; {@link #close()} stops it. Returns once every source has
     * handed over its first complete view (each source's start waits for it, up to its initial
     * wait): the sources' initial sync, after which systemd is told READY=1. Their routes may
     * still be queued for the RIB thread; any RIB query ({@link #ribSize}) waits for them.
     */
    public static Daemon start(HeraldConfig config) {
        return start(config, new Hangup());
    }

    private static Daemon start(HeraldConfig config, Hangup hangup) {
        Daemon d = new Daemon(config, hangup);
        try {
            d.startSources();
            d.startSessions();
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    /**
     * Sources first, so that the RIB already holds their initial view when the first session
     * comes up and the initial table ends with a truthful End-of-RIB.
     */
    private void startSources() {
        for (PeerConfig p : config.peers()) {
            dev.herald.rib.ExportPolicy policy = ExportPolicies.of(p.export());
            rib.post(r -> r.setPolicy(p.name(), policy));
        }
        List<Prefix> statics = config.sources().staticRoutes().stream().map(StaticRouteConfig::prefix).toList();
        sources.add(staticSource());
        config.sources().kernel().ifPresent(k -> sources.add(kernelSource(k)));
        config.sources().lxd().ifPresent(l -> sources.add(LxdSources.create(l)));
        config.sources().ovn().ifPresent(o -> sources.add(OvnSources.create(o)));
        for (RouteSource s : sources) {
            s.start(sinkFor(s));
        }
        LOG.log(Level.INFO, "sources started: {0} static prefixes, {1} prefix file(s)", statics.size(),
                config.sources().staticFiles().size());
    }

    /**
     * The sink of one source instance: once a reload has replaced it, what it still says is dropped.
     * Each delivery's sync lag (from when the source observed it to when the RIB thread applied it)
     * goes to {@link SourceActivity}.
     */
    private RouteSink sinkFor(RouteSource owner) {
        return new RouteSink() {
            @Override
            public void replaceAll(String source, Collection<Route> routes) {
                replaceAll(source, routes, System.nanoTime());
            }

            @Override
            public void replaceAll(String source, Collection<Route> routes, long observedNanos) {
                if (!sources.contains(owner)) {
                    return;
                }
                sourceNames.add(source);
                activity.delivered(source);
                List<Route> copy = List.copyOf(routes);
                rib.post(r -> {
                    r.replaceSource(source, copy);
                    activity.applied(source, System.nanoTime() - observedNanos);
                });
            }

            @Override
            public void change(String source, Collection<Prefix> added, Collection<Prefix> removed) {
                long observedNanos = System.nanoTime();
                if (!sources.contains(owner)) {
                    return;
                }
                sourceNames.add(source);
                activity.delivered(source);
                List<Prefix> a = List.copyOf(added);
                List<Prefix> w = List.copyOf(removed);
                rib.post(r -> {
                    r.change(source, a, w);
                    activity.applied(source, System.nanoTime() - observedNanos);
                });
            }

            @Override
            public void update(String source, Collection<Route> upserted, Collection<Prefix> removed) {
                update(source, upserted, removed, System.nanoTime());
            }

            @Override
            public void update(String source, Collection<Route> upserted, Collection<Prefix> removed, long observedNanos) {
                if (!sources.contains(owner)) {
                    return;
                }
                sourceNames.add(source);
                activity.delivered(source);
                List<Route> a = List.copyOf(upserted);
                List<Prefix> w = List.copyOf(removed);
                rib.post(r -> {
                    r.update(source, a, w);
                    activity.applied(source, System.nanoTime() - observedNanos);
                });
            }
        };
    }

    /** The static source of the current config: its prefixes, and its prefix files read when it starts. */
    private StaticSource staticSource() {
        return new StaticSource(config.sources().staticRoutes().stream().map(StaticRouteConfig::prefix).toList(),
                config.sources().staticFiles(), file -> dev.herald.config.PrefixFiles.read(file,
                        (line, column, message) -> LOG.log(Level.WARNING, "{0}:{1}:{2}: {3} (line skipped)", file,
                                Integer.toString(line), Integer.toString(column), message)));
    }

    private RouteSource kernelSource(dev.herald.config.KernelSourceConfig k) {
        return new dev.herald.sources.kernel.KernelSource(
                new dev.herald.sources.kernel.KernelSourceSettings(k.tableIds().stream().map(Long::intValue).toList(),
                        k.tableNames(), java.util.Set.copyOf(k.protocols()), java.util.Set.copyOf(k.types()),
                        k.prefixes().stream().map(r -> new dev.herald.rib.PrefixRange(r.prefix(), r.ge(), r.le()))
                                .toList(), k.metricAsMed(), k.receiveBuffer()));
    }

    /** The OVN source's status (connection, chassis, announced routes with their facts); empty when it is off. */
    public java.util.Optional<String> ovnStatus() {
        for (RouteSource s : sources) {
            if (s instanceof dev.herald.sources.ovn.OvnSource o) {
                return java.util.Optional.of(o.status());
            }
        }
        return java.util.Optional.empty();
    }

    private void startSessions() {
        transport = new BgpTransport(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
        transport.neighbourFinder(neighbours);
        neighbours.start(interfacesOf(config));
        config.router().listen().ifPresent(l -> {
            InetSocketAddress address = new InetSocketAddress(l.address(), l.port());
            try {
                InetSocketAddress bound = transport.listen(address);
                LOG.log(Level.INFO, "listening on {0}", bound);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while binding the listen socket", e);
            } catch (Exception e) { // Netty's bind failure: an IOException its sync() throws unchecked
                throw new ListenFailedException(address, e);
            }
        });
        boolean restarted = restartMarker.startedAfterRestart();
        for (PeerConfig p : config.peers()) {
            addPeer(p, restarted);
        }
    }

    private static java.util.Set<String> interfacesOf(HeraldConfig c) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        c.peers().forEach(p -> p.interfaceName().ifPresent(out::add));
        return out;
    }

    private void addPeer(PeerConfig p, boolean restarted) {
        SessionConfig sc = SessionConfigs.of(p, config.router(), restarted);
        Listener l = new Listener(p);
        listeners.put(p.name(), l);
        transport.addPeer(sc, l);
        LOG.log(Level.INFO, "peer {0}: {1} AS {2}{3}{4}", p.name(), p.remoteText(),
                Long.toString(p.asn()), p.passive() ? " (passive)" : "", SessionConfigs.describe(p));
    }

    /** The config running now (the last one a reload applied). */
    public HeraldConfig config() {
        return config;
    }

    /** When this daemon started. */
    public java.time.Instant started() {
        return started;
    }

    /** The names of the running sources ("static", "kernel", "lxd", "ovn"). */
    public List<String> sourceNames() {
        return sources.stream().map(RouteSource::name).toList();
    }

    /** Per source name: deliveries, when the last was, and the sync lag histogram (docs/metrics.md). */
    public java.util.Map<String, SourceActivity.Snapshot> sourceActivity() {
        return activity.snapshot();
    }

    /** The running sources, for their status and counters. */
    public List<RouteSource> sources() {
        return List.copyOf(sources);
    }

    /** Prefixes each source offers in the RIB (winning or not); waits for the RIB thread. */
    public java.util.Map<String, Integer> prefixesBySource() throws InterruptedException {
        return rib.query(r -> r.prefixesBySource());
    }

    /** Prefixes in the RIB's origin table; waits for the RIB thread. */
    public int ribSize() throws InterruptedException {
        return rib.query(r -> r.size());
    }

    /** Every configured peer, in config order; waits for the RIB thread. */
    public List<PeerView> peers() throws InterruptedException {
        java.util.Map<String, PeerStatus> ribView = new java.util.HashMap<>();
        peerStatus().forEach(s -> ribView.put(s.peerName(), s));
        List<PeerView> out = new ArrayList<>();
        for (PeerConfig p : config.peers()) {
            var session = peerSession(p.name());
            Listener l = listeners.get(p.name());
            if (session.isEmpty() || l == null) {
                continue;
            }
            out.add(PeerViews.of(p, session.get(), l.stats, adminDown.contains(p.name()), ribView.get(p.name())));
        }
        return out;
    }

    /**
     * Applies {@code next} in place (SIGHUP, {@code herald reload}): peers added, removed, or reset
     * when their own settings changed (Cease/6 "other configuration change"); sources restarted
     * when theirs changed, each new one's first view replacing its predecessor's routes, so peers
     * whose settings did not change stay up and get only the difference. A change of
     * {@code router} needs a restart: then nothing is applied.
     */
    public synchronized ReloadResult reload(HeraldConfig next) {
        if (stopped.get()) {
            return new ReloadResult(List.of(), List.of("herald is stopping"));
        }
        ReloadPlan plan = ReloadPlan.of(config, next);
        if (!plan.refused().isEmpty()) {
            return new ReloadResult(List.of(), plan.refused());
        }
        config = next;
        for (String name : plan.peersRemoved()) {
            removePeer(name, Notification.CEASE_PEER_DECONFIGURED);
        }
        java.util.Set<String> keepDisabled = new java.util.HashSet<>();
        for (PeerConfig p : plan.peersChanged()) {
            if (adminDown.contains(p.name())) {
                keepDisabled.add(p.name()); // disabled for maintenance: new settings, still down
            }
            removePeer(p.name(), Notification.CEASE_OTHER_CONFIG_CHANGE);
        }
        for (PeerConfig p : next.peers()) {
            dev.herald.rib.ExportPolicy policy = ExportPolicies.of(p.export());
            rib.post(r -> r.setPolicy(p.name(), policy)); // a peer that stays up gets only the difference
        }
        neighbours.interfaces(interfacesOf(next));
        for (PeerConfig p : plan.peersAdded()) {
            dev.herald.rib.ExportPolicy policy = ExportPolicies.of(p.export());
            rib.post(r -> r.setPolicy(p.name(), policy)); // as startSources does
            addPeer(p, false);
        }
        for (PeerConfig p : plan.peersChanged()) {
            addPeer(p, false);
            if (keepDisabled.contains(p.name())) {
                adminDown.add(p.name());
                transport.peer(p.name()).stop(Notification.ceaseWithMessage(Notification.CEASE_ADMIN_SHUTDOWN, ""));
            }
        }
        for (String name : plan.sourcesChanged()) {
            replaceSource(name);
        }
        LOG.log(Level.INFO, "reloaded: {0}", plan.changes().isEmpty() ? "no changes" : String.join("; ", plan.changes()));
        return new ReloadResult(plan.changes(), List.of());
    }

    /**
     * Ends the peer's session. A reset for changed settings (Cease/6) keeps the router's graceful
     * restart retention: herald's routes are as valid as before and the new session sends them
     * again (fsm GracefulStop); a de-configured peer's routes go.
     */
    private void removePeer(String name, int ceaseSubcode) {
        listeners.remove(name);
        adminDown.remove(name);
        transport.removePeer(name, new Notification(Notification.CEASE, ceaseSubcode, new byte[0]),
                ceaseSubcode == Notification.CEASE_OTHER_CONFIG_CHANGE);
        rib.post(r -> r.peerDown(name));
        if (ceaseSubcode == Notification.CEASE_PEER_DECONFIGURED) {
            rib.post(r -> r.removePolicy(name));
        }
    }

    /** Starts the source named {@code name} anew from the current config, or withdraws it when it is gone. */
    private void replaceSource(String name) {
        RouteSource old = sources.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
        RouteSource fresh = switch (name) {
            case StaticSource.NAME -> staticSource();
            case dev.herald.sources.kernel.KernelSource.NAME -> config.sources().kernel().map(this::kernelSource).orElse(null);
            case dev.herald.sources.ovn.OvnSource.NAME -> config.sources().ovn().map(OvnSources::create).orElse(null);
            default -> config.sources().lxd().map(LxdSources::create).orElse(null);
        };
        if (old != null) {
            sources.remove(old);
            old.close();
        }
        if (fresh != null) {
            sources.add(fresh);
            fresh.start(sinkFor(fresh)); // its first complete view replaces the old one's routes
        } else {
            rib.post(r -> r.replaceSource(name, List.of()));
        }
    }

    /** Per-peer status as the RIB sees it; waits for the RIB thread. */
    public List<PeerStatus> peerStatus() throws InterruptedException {
        return rib.query(r -> r.status());
    }

    /**
     * Why {@code prefix} is or is not announced: the source object behind it, the losing
     * candidates, and per peer sent or the reason (for {@code herald routes --explain}).
     */
    public dev.herald.rib.RouteExplanation explain(Prefix prefix) throws InterruptedException {
        return rib.query(r -> r.explain(prefix));
    }

    /** A peer's Adj-RIB-Out sorted by prefix, of one family or (null) all; empty when it is not Established. */
    public List<dev.herald.rib.AdjRibOutEntry> adjRibOut(String peer, dev.herald.codec.Family family)
            throws InterruptedException {
        return rib.query(r -> r.adjRibOut(peer, family));
    }

    /** The update groups: peers sent the same UPDATEs. */
    public List<dev.herald.rib.UpdateGroupStatus> updateGroups() throws InterruptedException {
        return rib.query(r -> r.updateGroups());
    }

    /**
     * Stops for a restart (SIGTERM): sessions end without a NOTIFICATION, so routers that help with
     * graceful restart keep herald's routes as stale until herald is back and sends End-of-RIB, or
     * the restart time runs out. The restart marker stays, so the next start sets the R bit.
     */
    @Override
    public void close() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        LOG.log(Level.INFO, "stopping for a restart: sessions close without NOTIFICATION, peers keep herald's"
                + " routes as stale for the graceful restart time");
        for (RouteSource s : sources) {
            s.close();
        }
        if (transport != null) {
            transport.close();
        }
        neighbours.close();
        rib.close();
    }

    /**
     * Stops for good ("herald shutdown", the host is going away): withdraws every route from every
     * peer, sends Cease/Administrative Shutdown with {@code message} (RFC 9003; inside a Hard Reset
     * where RFC 8538 was negotiated) on every session, then stops, and clears the restart marker
     * (the next start is not a restart). When {@link #run} is waiting, this hands the work to it and
     * returns at once; run then stops and returns 0. Otherwise it returns once herald is stopped.
     */
    public void shutdown(String message) {
        java.util.function.Consumer<String> r = onShutdownRequest;
        if (r != null) {
            r.accept(message); // run() does the work on its own thread and exits
            return;
        }
        doShutdown(message);
    }

    private void doShutdown(String message) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        LOG.log(Level.INFO, "shutting down: withdrawing every route, then Cease/Administrative Shutdown \"{0}\"",
                message);
        for (RouteSource s : sources) {
            s.close();
        }
        for (String name : List.copyOf(sourceNames)) {
            rib.post(r -> r.replaceSource(name, List.of()));
        }
        try {
            rib.query(r -> r.size()); // the withdrawals are written before the NOTIFICATIONs
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "withdrawing before shutdown failed: {0}", e.toString());
        }
        if (transport != null) {
            transport.shutdown(Notification.ceaseWithMessage(Notification.CEASE_ADMIN_SHUTDOWN, message));
        }
        neighbours.close();
        rib.close();
        restartMarker.clear();
    }

    /**
     * Administrative shutdown of one peer (RFC 9003): Cease/2 with {@code message}, and the session
     * stays down until {@link #enablePeer}.
     *
     * @return false when there is no such peer
     */
    public boolean disablePeer(String name, String message) {
        var p = transport == null ? null : transport.peer(name);
        if (p == null) {
            return false;
        }
        LOG.log(Level.INFO, "peer {0}: administrative shutdown \"{1}\"", name, message);
        adminDown.add(name);
        p.stop(Notification.ceaseWithMessage(Notification.CEASE_ADMIN_SHUTDOWN, message));
        return true;
    }

    /** Starts a peer stopped with {@link #disablePeer} again; false when there is no such peer. */
    public boolean enablePeer(String name) {
        var p = transport == null ? null : transport.peer(name);
        if (p == null) {
            return false;
        }
        LOG.log(Level.INFO, "peer {0}: enabled", name);
        adminDown.remove(name);
        p.start();
        return true;
    }

    /** The session state and last error of one peer, or empty. */
    public java.util.Optional<dev.herald.fsm.transport.PeerSession> peerSession(String name) {
        return java.util.Optional.ofNullable(transport == null ? null : transport.peer(name));
    }

    /** Connects one peer's session events to the RIB. */
    private final class Listener implements SessionListener {
        private final PeerConfig peer;
        final SessionStats stats = new SessionStats();

        Listener(PeerConfig peer) {
            this.peer = peer;
        }

        @Override
        public void established(EstablishedSession s) {
            LOG.log(Level.INFO, "peer {0}: Established ({1})", peer.name(), SessionInfos.describe(s));
            stats.established(s);
            if (listeners.get(peer.name()) != this) {
                return; // removed or replaced by a reload
            }
            var info = SessionInfos.of(s, peer, config.router().asn());
            UpdateSink sink = new UpdateSink() {
                @Override
                public void send(Update update) {
                    s.send(update);
                }

                @Override
                public void flush() {
                    s.flush();
                }

                @Override
                public void sendRouteRefresh(dev.herald.codec.RouteRefresh message) {
                    s.send(message);
                }

                @Override
                public boolean acceptsEncoded() {
                    return true;
                }

                @Override
                public void sendEncoded(io.netty.buffer.ByteBuf encoded) {
                    s.send(encoded);
                }

                @Override
                public long queuedBytes() {
                    return s.queuedBytes();
                }
            };
            rib.post(r -> r.peerUp(info, sink));
            if (!s.writable()) {
                rib.post(r -> r.writable(peer.name(), false)); // full already: later changes come as events
            }
        }

        @Override
        public void writable(String peerName, boolean writable) {
            if (listeners.get(peer.name()) != this) {
                return; // removed or replaced by a reload
            }
            rib.post(r -> r.writable(peerName, writable));
        }

        @Override
        public void routeRefresh(String peerName, dev.herald.codec.Family family) {
            rib.post(r -> r.routeRefresh(peerName, family));
        }

        @Override
        public void down(String peerName, String reason) {
            LOG.log(Level.DEBUG, "peer {0}: down: {1}", peerName, reason);
            stats.down();
            if (listeners.get(peer.name()) != this) {
                return; // removed or replaced by a reload; its successor's RIB state is not this one's
            }
            rib.post(r -> r.peerDown(peerName));
        }
    }
}
