package dev.herald.fsm.transport;

import dev.herald.os.EventLoops;
import dev.herald.codec.Notification;
import dev.herald.fsm.SessionConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The BGP sessions of one process over native epoll: owns the listening sockets and the peers,
 * on an event loop group it is given and does not own (the daemon's one group, shared with the
 * sources' connections and timers: {@link EventLoops}). Each peer's session lives on one event
 * loop thread, chosen when it is added. Thread-safe.
 */
public final class BgpTransport implements AutoCloseable {
    private static final long SHUTDOWN_WAIT_MILLIS = 3000;
    private static final System.Logger LOG = System.getLogger("session");

    private final EventLoopGroup group;
    private final ChannelGroup allChannels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Map<InetAddress, PeerDriver> byAddress = new ConcurrentHashMap<>();
    private final Map<String, PeerDriver> byName = new ConcurrentHashMap<>();
    /** Unnumbered peers by interface name: they take connections from link-local addresses scoped to it. */
    private final Map<String, PeerDriver> byInterface = new ConcurrentHashMap<>();
    private volatile NeighbourFinder neighbours = NeighbourFinder.NONE;
    private final List<Channel> listeners = new CopyOnWriteArrayList<>();
    private final SplittableRandom seeds = new SplittableRandom();
    /** TCP-MD5 keys of the peers that have one, also installed on every listening socket. */
    private final Map<InetAddress, byte[]> md5Keys = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** @param group epoll event loops (of {@link EventLoops}); sessions are spread over them; closing this leaves it running */
    public BgpTransport(EventLoopGroup group) {
        this.group = java.util.Objects.requireNonNull(group, "group");
    }

    /** How interface (unnumbered) peers find their neighbour's link-local address; set before adding them. */
    public void neighbourFinder(NeighbourFinder finder) {
        this.neighbours = java.util.Objects.requireNonNull(finder, "finder");
    }

    /**
     * The peer an accepted connection belongs to: the address peer with that address, else, for a
     * link-local address, the interface peer on the interface it arrived on (its scope id).
     */
    private PeerDriver peerFor(InetSocketAddress remote) {
        PeerDriver d = byAddress.get(remote.getAddress());
        if (d != null || !(remote.getAddress() instanceof java.net.Inet6Address a6) || !a6.isLinkLocalAddress()
                || a6.getScopeId() == 0) {
            return d;
        }
        for (Map.Entry<String, PeerDriver> e : byInterface.entrySet()) {
            if (NeighbourFinder.interfaceIndex(e.getKey()) == a6.getScopeId()) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * Accepts BGP connections on this address (port 0 picks a free port). Connections from
     * addresses that are not a configured peer's are closed at once. Without any listen,
     * sessions only connect out.
     *
     * @return the address actually bound
     */
    public InetSocketAddress listen(InetSocketAddress address) throws InterruptedException {
        checkOpen();
        Channel server = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(EpollChannelOption.TCP_MD5SIG, keysFor(address.getAddress()))
                .handler(new AcceptHandler(this::peerFor))
                // Never reached: AcceptHandler takes every child before Netty's acceptor would.
                .childHandler(new ChannelInboundHandlerAdapter())
                .bind(address).sync().channel();
        // SYN-ACKs leave with TTL 255, so a GTSM peer accepts the handshake; each accepted
        // connection then gets its peer's own TTL rules.
        StringBuilder problems = new StringBuilder();
        SocketOptions.set(server, SocketOptions.IP_TTL, 255, problems);
        if (!(address.getAddress() instanceof Inet4Address)) {
            SocketOptions.set(server, SocketOptions.IPV6_UNICAST_HOPS, 255, problems);
        }
        if (!problems.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "listening socket {0}: {1}", address, problems);
        }
        listeners.add(server);
        return (InetSocketAddress) server.localAddress();
    }

    /** The addresses bound by {@link #listen}. */
    public List<InetSocketAddress> listenAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        listeners.forEach(c -> out.add((InetSocketAddress) c.localAddress()));
        return out;
    }

    /**
     * Adds a peer and starts it (ManualStart).
     *
     * @throws IllegalArgumentException when a peer with this name or remote address exists
     */
    public synchronized PeerSession addPeer(SessionConfig cfg, SessionListener listener) {
        checkOpen();
        if (byName.containsKey(cfg.peerName())) {
            throw new IllegalArgumentException("peer " + cfg.peerName() + " already exists");
        }
        if (cfg.unnumbered() ? byInterface.containsKey(cfg.interfaceName()) : byAddress.containsKey(cfg.remoteAddress())) {
            throw new IllegalArgumentException("a peer with " + cfg.remoteText() + " already exists");
        }
        PeerDriver d = new PeerDriver(cfg, listener, group.next(), allChannels, seeds.split(), neighbours);
        byName.put(cfg.peerName(), d);
        if (cfg.unnumbered()) {
            byInterface.put(cfg.interfaceName(), d);
        } else {
            byAddress.put(cfg.remoteAddress(), d);
        }
        if (cfg.hasTcpMd5()) {
            md5Keys.put(cfg.remoteAddress(), cfg.tcpMd5Key());
            updateListenerKeys();
        }
        d.start();
        return d;
    }

    /** Stops a peer with {@code why} (Cease/3 "peer de-configured", say) and forgets it. */
    public synchronized void removePeer(String peerName, Notification why) {
        removePeer(peerName, why, false);
    }

    /**
     * Removes the peer, sending {@code why} on its open connections; with {@code keepRoutes} the
     * stop must not end the peer's graceful-restart retention of herald's routes (Event.ManualStop).
     */
    public synchronized void removePeer(String peerName, Notification why, boolean keepRoutes) {
        PeerDriver d = byName.remove(peerName);
        if (d != null) {
            if (d.config().unnumbered()) {
                byInterface.remove(d.config().interfaceName(), d);
            } else {
                byAddress.remove(d.config().remoteAddress(), d);
            }
            if (!d.config().unnumbered() && md5Keys.remove(d.config().remoteAddress()) != null) {
                updateListenerKeys();
            }
            d.stopAsync(why, keepRoutes).addListener(f -> d.dispose());
        }
    }

    /** The peer with this name, or null. */
    public PeerSession peer(String peerName) {
        return byName.get(peerName);
    }

    /** The listening sockets' TCP-MD5 keys: every peer's key that the socket's family can carry. */
    private Map<InetAddress, byte[]> keysFor(InetAddress listenAddress) {
        Map<InetAddress, byte[]> out = new java.util.HashMap<>();
        md5Keys.forEach((a, k) -> {
            if (!(listenAddress instanceof Inet4Address) || a instanceof Inet4Address) {
                out.put(a, k);
            }
        });
        return out;
    }

    /** Replaces the keys on every listening socket (Netty installs new keys and deletes dropped ones). */
    private void updateListenerKeys() {
        for (Channel l : listeners) {
            try {
                l.config().setOption(EpollChannelOption.TCP_MD5SIG,
                        keysFor(((InetSocketAddress) l.localAddress()).getAddress()));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "cannot set TCP-MD5 keys on {0}: {1}", l.localAddress(),
                        Reasons.describe(e));
            }
        }
    }

    /**
     * Closes every session without a NOTIFICATION (TCP closes), then the sockets (the event loops
     * are the group owner's to stop): peers that help with graceful restart (RFC 4724) keep herald's routes as stale for the
     * restart time. Use {@link #shutdown} to make peers drop them.
     */
    @Override
    public void close() {
        closeWith(null);
    }

    /**
     * Stops every session with {@code why} (Cease/2 with an RFC 9003 message, say; a Hard Reset
     * around it where RFC 8538 was negotiated) to those past OpenSent, waits briefly for those
     * NOTIFICATIONs to go out, then closes the sockets.
     */
    public void shutdown(Notification why) {
        closeWith(java.util.Objects.requireNonNull(why, "why"));
    }

    private void closeWith(Notification bye) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        listeners.forEach(Channel::close);
        List<Future<?>> stops = new ArrayList<>();
        byName.values().forEach(d -> stops.add(d.stopAsync(bye, false)));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_WAIT_MILLIS);
        stops.forEach(f -> f.awaitUninterruptibly(remainingMillis(deadline)));
        byName.values().forEach(PeerDriver::dispose);
        allChannels.newCloseFuture().awaitUninterruptibly(remainingMillis(deadline));
        allChannels.close().awaitUninterruptibly(remainingMillis(deadline));
        byName.clear();
        byAddress.clear();
        byInterface.clear();
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("transport closed");
        }
    }
}
