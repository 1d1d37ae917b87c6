package dev.herald.bgpd.daemon;

import dev.herald.codec.Notification;
import dev.herald.config.HeraldConfig;
import dev.herald.config.PeerConfig;
import dev.herald.config.RouterConfig;
import dev.herald.fsm.SessionConfig;
import dev.herald.fsm.transport.BgpTransport;
import dev.herald.fsm.transport.EstablishedSession;
import dev.herald.fsm.transport.PeerSession;
import dev.herald.fsm.transport.SessionListener;
import dev.herald.rib.PeerStatus;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The daemon's BGP sessions: the transport, one listener per configured peer connecting its
 * session events to the RIB, the peers an operator disabled, and neighbour discovery for
 * unnumbered peers (ADR 0009). A peer removed or replaced by a reload has its listener replaced,
 * so its late events are ignored.
 */
final class PeerSet {
    private static final System.Logger LOG = System.getLogger("daemon");

    private final RibExecutor rib;
    /** The router settings: a reload that changes them is refused, so they are fixed for this daemon. */
    private final RouterConfig router;
    /** The current session listener per peer. */
    private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
    /** Peers stopped with {@link #disable}. */
    private final Set<String> adminDown = ConcurrentHashMap.newKeySet();
    private final dev.herald.bgpd.unnumbered.LinkLocalNeighbours neighbours;
    /** The daemon's event loops: the sessions run there; the daemon stops them after this set. */
    private final io.netty.channel.EventLoopGroup loops;
    private BgpTransport transport;
    /** The BFD sessions beside the Established BGP sessions of peers with bfd enabled. */
    private final BfdPeers bfd;

    PeerSet(RibExecutor rib, RouterConfig router, io.netty.channel.EventLoopGroup loops, BfdPeers bfd) {
        this.bfd = bfd;
        this.rib = rib;
        this.router = router;
        this.loops = loops;
        this.neighbours = new dev.herald.bgpd.unnumbered.LinkLocalNeighbours(loops.next());
    }

    /** Opens the listen socket (if configured) and starts a session for every peer of {@code config}. */
    void start(HeraldConfig config, boolean restarted) {
        transport = new BgpTransport(loops);
        transport.neighbourFinder(neighbours);
        neighbours.start(interfacesOf(config));
        router.listen().ifPresent(l -> {
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
        for (PeerConfig p : config.peers()) {
            add(p, restarted);
        }
    }

    /**
     * A reload's peer changes: removed peers go (Cease/3), changed ones are reset (Cease/6) and come
     * back with their new settings, still down if an operator had disabled them; {@code policies}
     * runs between, before any new session can come up.
     */
    void reload(ReloadPlan plan, HeraldConfig next, Runnable policies) {
        for (String name : plan.peersRemoved()) {
            remove(name, Notification.CEASE_PEER_DECONFIGURED);
        }
        Set<String> keepDisabled = new java.util.HashSet<>();
        for (PeerConfig p : plan.peersChanged()) {
            if (disabled(p.name())) {
                keepDisabled.add(p.name()); // disabled for maintenance: new settings, still down
            }
            remove(p.name(), Notification.CEASE_OTHER_CONFIG_CHANGE);
        }
        policies.run();
        interfaces(next);
        for (PeerConfig p : plan.peersAdded()) {
            add(p, false);
        }
        for (PeerConfig p : plan.peersChanged()) {
            add(p, false);
            if (keepDisabled.contains(p.name())) {
                disable(p.name(), "");
            }
        }
        // The peers kept: a bfd change applies to the running BFD session, the BGP session stays.
        next.peers().forEach(bfd::configure);
    }

    /** The interfaces of interface (unnumbered) peers, where neighbour discovery runs. */
    void interfaces(HeraldConfig config) {
        neighbours.interfaces(interfacesOf(config));
    }

    private static Set<String> interfacesOf(HeraldConfig c) {
        Set<String> out = new TreeSet<>();
        c.peers().forEach(p -> p.interfaceName().ifPresent(out::add));
        return out;
    }

    void add(PeerConfig p, boolean restarted) {
        bfd.configure(p);
        SessionConfig sc = SessionConfigs.of(p, router, restarted);
        Listener l = new Listener(p);
        listeners.put(p.name(), l);
        transport.addPeer(sc, l);
        LOG.log(Level.INFO, "peer {0}: {1} AS {2}{3}{4}", p.name(), p.remoteText(),
                Long.toString(p.asn()), p.passive() ? " (passive)" : "", SessionConfigs.describe(p));
    }

    /**
     * Ends the peer's session. A reset for changed settings (Cease/6) keeps the router's graceful
     * restart retention: herald's routes are as valid as before and the new session sends them
     * again (fsm GracefulStop); a de-configured peer's routes go.
     */
    void remove(String name, int ceaseSubcode) {
        listeners.remove(name);
        adminDown.remove(name);
        transport.removePeer(name, new Notification(Notification.CEASE, ceaseSubcode, new byte[0]),
                ceaseSubcode == Notification.CEASE_OTHER_CONFIG_CHANGE);
        rib.post(r -> r.peerDown(name));
        if (ceaseSubcode == Notification.CEASE_PEER_DECONFIGURED) {
            rib.post(r -> r.removePolicy(name));
            bfd.forget(name);
        }
    }

    boolean disabled(String name) {
        return adminDown.contains(name);
    }

    /**
     * Administrative shutdown of one peer (RFC 9003): Cease/2 with {@code message}, and the session
     * stays down until {@link #enable}. False when there is no such peer.
     */
    boolean disable(String name, String message) {
        PeerSession p = transport == null ? null : transport.peer(name);
        if (p == null) {
            return false;
        }
        LOG.log(Level.INFO, "peer {0}: administrative shutdown \"{1}\"", name, message);
        adminDown.add(name);
        p.stop(Notification.ceaseWithMessage(Notification.CEASE_ADMIN_SHUTDOWN, message));
        return true;
    }

    /** Starts a peer stopped with {@link #disable} again; false when there is no such peer. */
    boolean enable(String name) {
        PeerSession p = transport == null ? null : transport.peer(name);
        if (p == null) {
            return false;
        }
        LOG.log(Level.INFO, "peer {0}: enabled", name);
        adminDown.remove(name);
        p.start();
        return true;
    }

    Optional<PeerSession> session(String name) {
        return Optional.ofNullable(transport == null ? null : transport.peer(name));
    }

    /** Every peer of {@code config} with a session, in config order, with the RIB's view of it. */
    List<PeerView> views(HeraldConfig config, List<PeerStatus> ribStatus) {
        Map<String, PeerStatus> ribView = new java.util.HashMap<>();
        ribStatus.forEach(s -> ribView.put(s.peerName(), s));
        List<PeerView> out = new ArrayList<>();
        for (PeerConfig p : config.peers()) {
            Optional<PeerSession> session = session(p.name());
            Listener l = listeners.get(p.name());
            if (session.isEmpty() || l == null) {
                continue;
            }
            out.add(PeerViews.of(p, session.get(), l.stats, adminDown.contains(p.name()), ribView.get(p.name()),
                    bfd.session(p.name()), bfd.upTransitions(p.name()), bfd.bgpResets(p.name())));
        }
        return out;
    }

    /** Closes every session without a NOTIFICATION (a stop for a restart). */
    void close() {
        if (transport != null) {
            transport.close();
        }
        neighbours.close();
    }

    /** Sends {@code notification} on every session, then closes them (a stop for good). */
    void shutdown(Notification notification) {
        if (transport != null) {
            transport.shutdown(notification);
        }
        neighbours.close();
    }

    /** Connects one peer's session events to the RIB. */
    private final class Listener implements SessionListener {
        private final PeerConfig peer;
        final SessionStats stats = new SessionStats();
        /** The BFD coupling of this listener's Established session; touched on the peer's event loop only. */
        private BfdPeers.Coupled coupled;

        Listener(PeerConfig peer) {
            this.peer = peer;
        }

        private boolean current() {
            return listeners.get(peer.name()) == this;
        }

        @Override
        public void established(EstablishedSession s) {
            LOG.log(Level.INFO, "peer {0}: Established ({1})", peer.name(), SessionInfos.describe(s));
            stats.established(s);
            if (!current()) {
                return; // removed or replaced by a reload
            }
            PeerSession session = transport.peer(peer.name());
            if (session != null) {
                coupled = bfd.established(peer, s, session);
            }
            var info = SessionInfos.of(s, peer, router.asn());
            var sink = new SessionUpdateSink(s);
            rib.post(r -> r.peerUp(info, sink));
            if (!s.writable()) {
                rib.post(r -> r.writable(peer.name(), false)); // full already: later changes come as events
            }
        }

        @Override
        public void writable(String peerName, boolean writable) {
            if (current()) {
                rib.post(r -> r.writable(peerName, writable));
            }
        }

        @Override
        public void routeRefresh(String peerName, dev.herald.codec.Family family) {
            rib.post(r -> r.routeRefresh(peerName, family));
        }

        @Override
        public void down(String peerName, String reason) {
            LOG.log(Level.DEBUG, "peer {0}: down: {1}", peerName, reason);
            stats.down();
            if (coupled != null) { // also for a replaced listener: its BFD session must go
                bfd.ended(coupled);
                coupled = null;
            }
            if (current()) { // a replaced listener's successor has RIB state that is not this one's
                rib.post(r -> r.peerDown(peerName));
            }
        }
    }
}
