package dev.herald.bgpd.daemon;

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
import java.time.Duration;
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
    private static final Duration CONNECT_RETRY = Duration.ofSeconds(5);

    private final HeraldConfig config;
    private final RibExecutor rib = new RibExecutor();
    private final List<RouteSource> sources = new ArrayList<>();
    private BgpTransport transport;

    private Daemon(HeraldConfig config) {
        this.config = config;
    }

    /**
     * Starts herald with this config and blocks until SIGTERM or SIGINT, then closes every session
     * and returns 0: a requested stop is a clean exit, not the JVM's 128+signal status.
     */
    public static int run(HeraldConfig config) {
        CountDownLatch stop = new CountDownLatch(1);
        StopSignals.onStop(stop::countDown);
        Daemon daemon = start(config);
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        daemon.close();
        return 0;
    }

    /** Starts everything and returns; {@link #close()} stops it. */
    public static Daemon start(HeraldConfig config) {
        Daemon d = new Daemon(config);
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
        List<Prefix> statics = config.sources().staticRoutes().stream().map(StaticRouteConfig::prefix).toList();
        sources.add(new StaticSource(statics));
        config.sources().kernel().ifPresent(k -> sources.add(new dev.herald.sources.kernel.KernelSource(
                new dev.herald.sources.kernel.KernelSourceSettings(k.tableIds().stream().map(Long::intValue).toList(),
                        k.tableNames(), java.util.Set.copyOf(k.protocols()), java.util.Set.copyOf(k.types()),
                        k.prefixes().stream().map(r -> new dev.herald.sources.kernel.PrefixRange(r.prefix(), r.ge(), r.le()))
                                .toList(), k.metricAsMed(), k.receiveBuffer()))));
        RouteSink sink = new RouteSink() {
            @Override
            public void replaceAll(String source, Collection<Route> routes) {
                List<Route> copy = List.copyOf(routes);
                rib.post(r -> r.replaceSource(source, copy));
            }

            @Override
            public void change(String source, Collection<Prefix> added, Collection<Prefix> removed) {
                List<Prefix> a = List.copyOf(added);
                List<Prefix> w = List.copyOf(removed);
                rib.post(r -> r.change(source, a, w));
            }
        };
        for (RouteSource s : sources) {
            s.start(sink);
        }
        LOG.log(Level.INFO, "sources started: {0} static prefixes", statics.size());
    }

    private void startSessions() {
        transport = new BgpTransport(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
        config.router().listen().ifPresent(l -> {
            try {
                InetSocketAddress bound = transport.listen(new InetSocketAddress(l.address(), l.port()));
                LOG.log(Level.INFO, "listening on {0}", bound);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while binding the listen socket", e);
            }
        });
        for (PeerConfig p : config.peers()) {
            SessionConfig sc = new SessionConfig(p.name(), p.address(), p.port(), p.localAddress().orElse(null),
                    config.router().asn(), p.asn(), config.router().routerId(), p.holdTime(), p.families(),
                    p.passive(), CONNECT_RETRY);
            transport.addPeer(sc, new Listener(p));
            LOG.log(Level.INFO, "peer {0}: {1} AS {2}{3}", p.name(), p.address().getHostAddress(), Long.toString(p.asn()),
                    p.passive() ? " (passive)" : "");
        }
    }

    /** Per-peer status as the RIB sees it; waits for the RIB thread. */
    public List<PeerStatus> peerStatus() throws InterruptedException {
        return rib.query(r -> r.status());
    }

    @Override
    public void close() {
        LOG.log(Level.INFO, "stopping");
        for (RouteSource s : sources) {
            s.close();
        }
        if (transport != null) {
            transport.close();
        }
        rib.close();
    }

    /** Connects one peer's session events to the RIB. */
    private final class Listener implements SessionListener {
        private final PeerConfig peer;

        Listener(PeerConfig peer) {
            this.peer = peer;
        }

        @Override
        public void established(EstablishedSession s) {
            LOG.log(Level.INFO, "peer {0}: Established ({1})", peer.name(), SessionInfos.describe(s));
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
            };
            rib.post(r -> r.peerUp(info, sink));
        }

        @Override
        public void down(String peerName, String reason) {
            LOG.log(Level.DEBUG, "peer {0}: down: {1}", peerName, reason);
            rib.post(r -> r.peerDown(peerName));
        }
    }
}
