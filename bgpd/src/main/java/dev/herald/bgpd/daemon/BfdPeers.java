package dev.herald.bgpd.daemon;

import dev.herald.bfd.Parameters;
import dev.herald.bfd.State;
import dev.herald.bfd.StateChange;
import dev.herald.bfd.io.BfdTransport;
import dev.herald.bfd.io.SessionSpec;
import dev.herald.bfd.io.TransportStatus;
import dev.herald.codec.Notification;
import dev.herald.config.BfdConfig;
import dev.herald.config.PeerConfig;
import dev.herald.fsm.transport.EstablishedSession;
import dev.herald.fsm.transport.PeerSession;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;

/**
 * The daemon's BFD (ADR 0016, issue 19): at most one {@link BfdTransport}, started when a peer
 * first has bfd enabled, and one BFD session per peer with bfd enabled while its BGP session is
 * Established, between that connection's own addresses. A BFD session that goes Down after
 * having been Up ends the BGP session with Cease/10 (RFC 9384), handed to the peer's event loop;
 * the BFD thread never waits for BGP.
 *
 * <p>The methods wait briefly for the BFD thread (it never blocks); the BFD listener takes no
 * lock, so a method holding this object's lock cannot deadlock with it.
 */
final class BfdPeers implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("bfd");
    /** Named like herald's other threads; created by the thread that starts it, so in its network namespace. */
    private static final ThreadFactory THREADS = r -> Thread.ofPlatform().name("herald-bfd").daemon().unstarted(r);

    /** One Established BGP session and the BFD session beside it (null while bfd is off). */
    static final class Coupled {
        final PeerConfig peer;
        final EstablishedSession bgp;
        final PeerSession session;
        volatile BfdTransport.Handle handle;

        private Coupled(PeerConfig peer, EstablishedSession bgp, PeerSession session) {
            this.peer = peer;
            this.bgp = bgp;
            this.session = session;
        }
    }

    private final ThreadFactory threads;
    private final Map<String, BfdConfig> configs = new ConcurrentHashMap<>();
    private final Map<String, Coupled> established = new ConcurrentHashMap<>();
    /** Per peer: how often its BFD sessions reached Up, over herald's life ("flaps"). */
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> ups = new ConcurrentHashMap<>();
    /** Per peer: BGP sessions BFD ended with Cease/10, over herald's life. */
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> resets = new ConcurrentHashMap<>();
    private BfdTransport transport; // guarded by this
    private volatile boolean stopping;

    BfdPeers() {
        this(THREADS);
    }

    BfdPeers(ThreadFactory threads) {
        this.threads = threads;
    }

    /**
     * The peer's settings, at start and on every reload: the transport starts with the first
     * peer that enables BFD; for an Established peer the BFD session is added, removed or given
     * its new timers (a Poll Sequence), never resetting the BGP session.
     */
    synchronized void configure(PeerConfig p) {
        BfdConfig before = configs.put(p.name(), p.bfd());
        if (p.bfd().enabled() && transport == null && !stopping) {
            try {
                transport = BfdTransport.start(threads);
                LOG.log(Level.INFO, "BFD started (UDP {0} single hop, {1} multihop)",
                        Integer.toString(BfdTransport.SINGLE_HOP_PORT), Integer.toString(BfdTransport.MULTIHOP_PORT));
            } catch (IOException e) {
                // herald runs on without BFD: the hold timer still ends dead sessions. A reload tries again.
                LOG.log(Level.ERROR, "BFD cannot start, peers run without it: {0}", e.getMessage());
                return;
            }
        }
        Coupled c = established.get(p.name());
        if (c == null || before == null || before.equals(p.bfd())) {
            return;
        }
        if (c.handle == null && p.bfd().enabled()) {
            add(c);
        } else if (c.handle != null && !p.bfd().enabled()) {
            end(c, "bfd disabled by a reload", true);
        } else if (c.handle != null && !parameters(before).equals(parameters(p.bfd()))) {
            try {
                transport.setParameters(c.handle, parameters(p.bfd()));
                LOG.log(Level.INFO, "peer {0}: BFD timers changed to {1} (Poll Sequence, BGP session kept)",
                        p.name(), describe(p.bfd()));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "peer {0}: BFD timers not changed: {1}", p.name(), e.toString());
            }
        }
    }

    /** A peer removed by a reload. */
    void forget(String name) {
        configs.remove(name);
        ups.remove(name);
        resets.remove(name);
    }

    /** The peer's BGP session is Established (on its event loop): the BFD session starts beside it. */
    synchronized Coupled established(PeerConfig p, EstablishedSession bgp, PeerSession session) {
        Coupled c = new Coupled(p, bgp, session);
        established.put(p.name(), c);
        BfdConfig cfg = configs.get(p.name());
        if (cfg != null && cfg.enabled()) {
            add(c);
        }
        return c;
    }

    /**
     * That BGP session ended. Normally its BFD session goes silently: once BGP is down the
     * router's BFD may time out, nothing depends on it any more. During a planned stop
     * ({@link #plannedStop}) it stays until {@link #close}, which takes it AdminDown after every
     * BGP session has closed.
     */
    synchronized void ended(Coupled c) {
        if (stopping) {
            return; // close() sends its AdminDown once the BGP sessions are all gone
        }
        established.remove(c.peer.name(), c);
        if (c.handle != null) {
            end(c, "BGP session ended", false);
        }
    }

    private void add(Coupled c) {
        if (transport == null || stopping) {
            return;
        }
        try {
            // The latest config (a reload does not replace c.peer for a bfd change).
            BfdConfig cfg = configs.getOrDefault(c.peer.name(), BfdConfig.defaults());
            SessionSpec spec = spec(c.peer, cfg, c.bgp.localAddress().getAddress(), c.bgp.remoteAddress().getAddress());
            c.handle = transport.add(spec, (h, change) -> changed(c, h, change));
            LOG.log(Level.INFO, "peer {0}: BFD session started, {1}", c.peer.name(), c.handle);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "peer {0}: no BFD session: {1}", c.peer.name(), e.toString());
        }
    }

    private void end(Coupled c, String why, boolean adminDown) {
        BfdTransport.Handle h = c.handle;
        c.handle = null;
        try {
            if (adminDown) {
                transport.adminDown(h); // its packet goes out before the session's socket closes
            }
            transport.remove(h);
            LOG.log(Level.INFO, "peer {0}: BFD session ended ({1})", c.peer.name(), why);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "peer {0}: BFD session end: {1}", c.peer.name(), e.toString());
        }
    }

    /** On the BFD thread: must not block. */
    private void changed(Coupled c, BfdTransport.Handle h, StateChange change) {
        if (c.handle != h || stopping) {
            return; // removed, or herald is stopping: the BGP sessions end anyway
        }
        LOG.log(Level.INFO, "peer {0}: BFD {1} -> {2} ({3})", c.peer.name(), change.from(), change.to(),
                change.diagnostic());
        if (change.to() == State.UP) {
            ups.computeIfAbsent(c.peer.name(), n -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
        }
        if (change.from() != State.UP || change.to() != State.DOWN) {
            return;
        }
        if (h.negotiated().remoteState() == State.ADMIN_DOWN) {
            // RFC 5882 3.2: the router took BFD down on purpose; that is no failure of the path.
            LOG.log(Level.INFO, "peer {0}: the neighbour sent BFD AdminDown; BGP session kept", c.peer.name());
            return;
        }
        String reason = "BFD session went Down (" + change.diagnostic() + ")";
        LOG.log(Level.WARNING, "peer {0}: {1}: ending the BGP session with Cease/10 (BFD Down, RFC 9384)",
                c.peer.name(), reason);
        resets.computeIfAbsent(c.peer.name(), n -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
        c.session.automaticStop(new Notification(Notification.CEASE, Notification.CEASE_BFD_DOWN), reason);
    }

    /**
     * A planned stop begins: from now on no BFD session starts, ends or acts on a state change, so
     * each stays Up while the BGP sessions close; {@link #close} then takes them AdminDown (RFC
     * 5882 3.2). BGP first: the lab measured FRR 8.4 dropping herald's routes during a graceful
     * restart when AdminDown came while the BGP session was still up (ADR 0016).
     */
    synchronized void plannedStop() {
        stopping = true;
    }

    private void adminDownAll() {
        for (Coupled c : established.values()) {
            BfdTransport.Handle h = c.handle;
            if (h != null) {
                try {
                    transport.adminDown(h); // returns once its packet is sent
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "peer {0}: BFD AdminDown not sent: {1}", c.peer.name(), e.toString());
                }
            }
        }
    }

    /** The BFD session of an Established peer with bfd on, for {@code herald peers}. */
    Optional<BfdTransport.Handle> session(String name) {
        Coupled c = established.get(name);
        return Optional.ofNullable(c == null ? null : c.handle);
    }

    /** How often the peer's BFD sessions reached Up since herald started it. */
    int upTransitions(String name) {
        var n = ups.get(name);
        return n == null ? 0 : n.get();
    }

    /** How many BGP sessions of the peer BFD ended with Cease/10 since herald started it. */
    int bgpResets(String name) {
        var n = resets.get(name);
        return n == null ? 0 : n.get();
    }

    /**
     * The transport's counters while a peer has bfd enabled (the metrics' BFD families); empty
     * when none has, also after a reload disabled the last one (the transport runs on idle).
     */
    synchronized Optional<TransportStatus> status() {
        if (transport == null || configs.values().stream().noneMatch(BfdConfig::enabled)) {
            return Optional.empty();
        }
        return Optional.of(transport.status());
    }

    /** How many BFD sessions run (for tests and logs). */
    List<BfdTransport.Handle> sessions() {
        return established.values().stream().map(c -> c.handle).filter(h -> h != null).toList();
    }

    /**
     * Sends AdminDown on every BFD session still held (after a {@link #plannedStop}: those whose
     * BGP sessions have closed meanwhile), then stops the transport. Call it after the BGP
     * sessions are closed.
     */
    @Override
    public synchronized void close() {
        stopping = true;
        if (transport != null) {
            adminDownAll();
            transport.close();
            transport = null;
        }
    }

    /**
     * Single hop (RFC 5881) between the connection's addresses, with the interface of a link-local
     * peer; multihop (RFC 5883) for an ebgp-multihop peer, accepting packets with at least the
     * peer's bfd minimum-ttl, by default 256 - hops (sent with TTL 255 across at most that many hops).
     */
    static SessionSpec spec(PeerConfig p, BfdConfig bfd, InetAddress local, InetAddress remote) {
        Parameters parameters = parameters(bfd);
        if (p.ebgpMultihop() > 0) {
            return SessionSpec.multihop(local, remote, bfd.minimumTtl(p.ebgpMultihop()), parameters);
        }
        int ifindex = remote instanceof Inet6Address v6 && v6.isLinkLocalAddress() ? v6.getScopeId() : 0;
        return SessionSpec.singleHop(local, remote, ifindex, parameters);
    }

    static Parameters parameters(BfdConfig c) {
        return new Parameters(c.minTxMillis() * 1000L, c.minRxMillis() * 1000L, c.multiplier());
    }

    static String describe(BfdConfig c) {
        return "min-rx " + c.minRxMillis() + "ms, min-tx " + c.minTxMillis() + "ms, multiplier " + c.multiplier();
    }
}
