package dev.herald.bgpd.daemon;

import dev.herald.codec.Notification;
import dev.herald.config.HeraldConfig;
import dev.herald.config.PeerConfig;
import dev.herald.os.EventLoops;
import dev.herald.sources.RouteSource;
import io.netty.channel.EventLoopGroup;
import java.lang.System.Logger.Level;
import java.util.List;

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
    /** All socket I/O and timers (ADR 0014); stopped last, after everything that uses it. The RIB has its own thread. */
    private final EventLoopGroup loops = EventLoops.create("herald-io", EventLoops.defaultThreads());
    private final RibExecutor rib;
    private final RibQueries ribQueries;
    private final SourceSet sources;
    private final PeerSet peers;
    /** BFD (ADR 0016): its own thread, started when a peer has bfd enabled; stopped after the sessions. */
    private final BfdPeers bfd = new BfdPeers();
    private final PeerDrains drains;
    /** Health checks (ADR 0019): their own scheduler thread, their states posted to the RIB as its gates. */
    private final HealthGating health;
    private final java.time.Instant started = java.time.Instant.now();
    private final RestartMarker restartMarker;

    private Daemon(HeraldConfig config, Hangup hangup, RestartMarker restartMarker) {
        this.config = config;
        this.hangup = hangup;
        this.restartMarker = restartMarker;
        this.rib = new RibExecutor(new dev.herald.rib.Rib(new dev.herald.rib.SourcePrecedence(
                config.rib().sourcePrecedence())), config.rib().coalesceMillis());
        this.ribQueries = new RibQueries(rib);
        this.drains = new PeerDrains(this, () -> this.config, (peer, policy) -> rib.post(r -> r.setPolicy(peer, policy)));
        this.health = new HealthGating(rib, config.healthChecks(), loops);
        this.sources = new SourceSet(rib, loops);
        this.peers = new PeerSet(rib, config.router(), loops, bfd);
    }

    /**
     * Starts herald with this config and blocks until it is stopped, then returns 0 (a requested
     * stop is a clean exit, not the JVM's 128+signal status). SIGTERM (systemd stop/restart, an
     * upgrade) is {@link #close()}: sessions end without a NOTIFICATION, so peers keep herald's
     * routes as stale for the restart time. SIGINT (Ctrl-C at a terminal) and {@link #shutdown}
     * withdraw everything and send Cease/Administrative Shutdown (docs/adr/0003-stop-semantics.md).
     */
    public static int run(HeraldConfig config, java.nio.file.Path stateDir) {
        return run(config, stateDir, d -> () -> { });
    }

    /** {@link #run(HeraldConfig, java.nio.file.Path)} with {@code attach} (admin API, metrics, SIGHUP) around it. */
    public static int run(HeraldConfig config, java.nio.file.Path stateDir,
            java.util.function.Function<Daemon, AutoCloseable> attach) {
        return DaemonRun.run(config, stateDir, attach);
    }

    /** SIGHUP's target: see {@link #onHangup}. */
    final Hangup hangup;

    /** What SIGHUP does from now on (under {@link #run}); one that came while herald was starting runs it at once. */
    public void onHangup(Runnable reload) {
        hangup.attach(reload);
    }

    /** Set by {@link #run}: a {@link #shutdown} call also ends {@code run}. */
    volatile java.util.function.BiConsumer<String, java.time.Duration> onShutdownRequest;
    private final java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Starts everything and returns once every source has handed over its first complete view (up to
     * its initial wait), after which systemd is told READY=1; {@link #close()} stops it. Their routes
     * may still be queued for the RIB thread; any RIB query waits for them. {@code stateDir} holds the
     * restart marker ({@link StateDirectory}).
     */
    public static Daemon start(HeraldConfig config, java.nio.file.Path stateDir) {
        return start(config, new Hangup(), new RestartMarker(stateDir));
    }

    static Daemon start(HeraldConfig config, Hangup hangup, RestartMarker restartMarker) {
        Daemon d = new Daemon(config, hangup, restartMarker);
        try {
            // Sources first, so that the RIB already holds their initial view when the first
            // session comes up and the initial table ends with a truthful End-of-RIB.
            config.peers().forEach(d.drains::setPolicy);
            d.health.start();
            d.sources.start(config);
            d.peers.start(config, restartMarker.startedAfterRestart());
        } catch (RuntimeException e) {
            d.abandonStart();
            throw e;
        }
        return d;
    }

    /** The OVN source's status (connection, chassis, announced routes with their facts); empty when it is off. */
    public java.util.Optional<String> ovnStatus() {
        return java.util.Optional.ofNullable(sources.statusTexts().get(dev.herald.sources.ovn.OvnSource.NAME));
    }

    /** {@code herald drain} and {@code undrain} (RFC 8326): which peers are drained, applied to their export. */
    public PeerDrains drains() {
        return drains;
    }

    /** Each health check's state, last result and counts, in configuration order. */
    public java.util.Map<String, dev.herald.sources.health.CheckStatus> healthChecks() {
        return health.status();
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
        return sources.names();
    }

    /** Per source name: deliveries, when the last was, and the sync lag histogram (docs/metrics.md). */
    public java.util.Map<String, SourceActivity.Snapshot> sourceActivity() {
        return sources.activity();
    }

    /** The running sources, for their names and health ({@link RouteSource#health}). */
    public List<RouteSource> sources() {
        return sources.running();
    }

    /** The event loops, for what attaches to the daemon (systemd's ticks, the admin API): stopped when it stops. */
    public EventLoopGroup eventLoops() {
        return loops;
    }

    /** Reads of the RIB, for the admin API and the metrics. */
    public RibQueries rib() {
        return ribQueries;
    }

    /** BFD's transport counters while a peer has bfd enabled; empty when none has. */
    public java.util.Optional<dev.herald.bfd.io.TransportStatus> bfdStatus() {
        return bfd.status();
    }

    /** Every configured peer, in config order; waits for the RIB thread. */
    public List<PeerView> peers() throws InterruptedException {
        return peers.views(config, ribQueries.peerStatus());
    }

    /**
     * Applies {@code next} in place (SIGHUP, {@code herald reload}): peers added, removed, or reset when
     * their own settings changed (Cease/6); sources restarted when theirs changed, each new one's first
     * view replacing its predecessor's routes, so unchanged peers stay up and get only the difference;
     * health checks reconfigured. A change of {@code router} needs a restart: then nothing is applied.
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
        drains.retain(next.peers().stream().map(PeerConfig::name).toList());
        peers.reload(plan, next, () -> next.peers().forEach(drains::setPolicy)); // a peer that stays up gets only the difference
        health.reload(next.healthChecks()); // unchanged checks keep their state
        plan.sourcesChanged().forEach(name -> sources.replace(name, next));
        LOG.log(Level.INFO, "reloaded: {0}", plan.changes().isEmpty() ? "no changes" : String.join("; ", plan.changes()));
        return new ReloadResult(plan.changes(), List.of());
    }

    /**
     * Stops for a restart (SIGTERM): sessions end without a NOTIFICATION, so graceful-restart routers keep
     * herald's routes as stale until it is back (End-of-RIB) or the restart time runs out; the marker stays.
     */
    @Override
    public void close() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        LOG.log(Level.INFO, "stopping for a restart: sessions close without NOTIFICATION, peers keep herald's"
                + " routes as stale for the graceful restart time");
        bfd.plannedStop(); // BFD stays Up until the sessions are closed, then goes AdminDown (RFC 5882 3.2)
        stopParts();
    }

    /**
     * A start that failed (the listen port taken): no session came up, so there is nothing for peers
     * to keep and no restart to announce. The caller reports the reason. A marker this start wrote
     * goes again, so the next start is not taken for a restart; one left by an earlier run stays.
     */
    private void abandonStart() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        stopParts();
        restartMarker.undoStart();
    }

    private void stopParts() {
        health.close();
        sources.close();
        peers.close();
        bfd.close();
        rib.close();
        EventLoops.shutdown(loops);
    }

    /**
     * Stops for good ("herald shutdown"): withdraws every route, sends Cease/2 with {@code message}
     * (RFC 9003; inside a Hard Reset where RFC 8538 was negotiated), stops, clears the restart marker.
     * Under {@link #run} this hands the work to it and returns at once, else once herald is stopped.
     */
    public void shutdown(String message) {
        shutdown(message, java.time.Duration.ZERO);
    }

    /**
     * {@link #shutdown(String)} after a drain ({@code herald shutdown --drain}): every peer is
     * drained (RFC 8326), herald waits {@code drain} with its sessions up so routers move traffic to
     * other paths, then withdraws and sends Cease/2 as {@link #shutdown(String)} does.
     */
    public void shutdown(String message, java.time.Duration drain) {
        java.util.function.BiConsumer<String, java.time.Duration> r = onShutdownRequest;
        if (r != null) {
            r.accept(message, drain); // run() does the work on its own thread and exits
            return;
        }
        drainFor(drain);
        doShutdown(message);
    }

    /** Drains every peer and waits {@code d} (nothing when zero): the stop that follows finds no traffic. */
    void drainFor(java.time.Duration d) {
        if (!stopped.get()) {
            drains.drainAndWait(d, ribQueries);
        }
    }

    void doShutdown(String message) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        LOG.log(Level.INFO, "shutting down: withdrawing every route, then Cease/Administrative Shutdown \"{0}\"",
                message);
        health.close();
        sources.close();
        sources.withdrawAll();
        try {
            rib.query(r -> r.size()); // the withdrawals are written before the NOTIFICATIONs
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "withdrawing before shutdown failed: {0}", e.toString());
        }
        bfd.plannedStop(); // BFD stays Up until the NOTIFICATIONs are out, then goes AdminDown (RFC 5882 3.2)
        peers.shutdown(Notification.ceaseWithMessage(Notification.CEASE_ADMIN_SHUTDOWN, message));
        bfd.close();
        rib.close();
        EventLoops.shutdown(loops);
        restartMarker.clear();
    }

    /**
     * Administrative shutdown of one peer (RFC 9003): Cease/2 with {@code message}, and the session
     * stays down until {@link #enablePeer}.
     *
     * @return false when there is no such peer
     */
    public boolean disablePeer(String name, String message) {
        return peers.disable(name, message);
    }

    /** Starts a peer stopped with {@link #disablePeer} again; false when there is no such peer. */
    public boolean enablePeer(String name) {
        return peers.enable(name);
    }

    /** The session state and last error of one peer, or empty. */
    public java.util.Optional<dev.herald.fsm.transport.PeerSession> peerSession(String name) {
        return peers.session(name);
    }
}
