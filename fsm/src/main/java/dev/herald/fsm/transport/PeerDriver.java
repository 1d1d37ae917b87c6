package dev.herald.fsm.transport;

import dev.herald.codec.BgpDecodeException;
import dev.herald.codec.BgpMessage;
import dev.herald.codec.Keepalive;
import dev.herald.codec.MessageCodec;
import dev.herald.codec.Notification;
import dev.herald.codec.Open;
import dev.herald.codec.RouteRefresh;
import dev.herald.codec.Update;
import dev.herald.fsm.Action;
import dev.herald.fsm.BgpFsm;
import dev.herald.fsm.ConnectionId;
import dev.herald.fsm.Event;
import dev.herald.fsm.SessionConfig;
import dev.herald.fsm.State;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.group.ChannelGroup;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * Runs one peer's {@link BgpFsm} on one event loop: channel events become FSM events, FSM
 * actions become socket operations, timers and listener calls. Everything but the public
 * {@link PeerSession} methods runs on {@link #loop}.
 */
final class PeerDriver implements PeerSession {
    private static final System.Logger LOG = System.getLogger("session");
    /** How long a closing connection may take to flush its NOTIFICATION before it is cut. */
    private static final long CLOSE_GRACE_SECONDS = 3;

    private final SessionConfig cfg;
    private final SessionListener listener;
    private final EventLoop loop;
    private final ChannelGroup allChannels;
    private final BgpFsm fsm;
    private final SessionTimers timers;
    private final Map<ConnectionId, Channel> channels = new HashMap<>();
    private final AtomicInteger inboundSeq = new AtomicInteger();
    private final ArrayDeque<Event> pending = new ArrayDeque<>();
    /** Per blocked connection: the periodic look at whether its peer takes bytes (see {@link #watchProgress}). */
    private final Map<ConnectionId, java.util.concurrent.ScheduledFuture<?>> progressWatches = new HashMap<>();
    /** The longest wait between two looks at a blocked connection's progress (see {@link #progressCheckMillis}). */
    private static final long PROGRESS_CHECK_MAX_MILLIS = 10_000;
    private boolean handling;
    private LiveSession live;
    private volatile State state = State.IDLE;
    private volatile String lastError = "";
    private final MessageCounters counters = new MessageCounters();
    private volatile int backlogHighWater;
    /** UPDATEs with RFC 7606 errors from this peer; only touched on {@link #loop}. */
    private long malformedUpdates;
    private final NeighbourFinder neighbours;

    PeerDriver(SessionConfig cfg, SessionListener listener, EventLoop loop, ChannelGroup allChannels,
               RandomGenerator random, NeighbourFinder neighbours) {
        this.neighbours = neighbours;
        this.cfg = cfg;
        this.listener = listener;
        this.loop = loop;
        this.allChannels = allChannels;
        this.fsm = new BgpFsm(cfg, random);
        this.timers = new SessionTimers(loop, t -> handle(new Event.TimerExpired(t)));
    }

    SessionConfig config() {
        return cfg;
    }

    @Override
    public String peerName() {
        return cfg.peerName();
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public String lastError() {
        return lastError;
    }

    @Override
    public MessageCounts messages() {
        return counters.snapshot();
    }

    @Override
    public void stop(Notification why) {
        loop.execute(() -> handle(new Event.ManualStop(why)));
    }

    @Override
    public void automaticStop(Notification why, String reason) {
        loop.execute(() -> handle(new Event.AutomaticStop(why, reason)));
    }

    /** Like {@link #stop} but tells when the FSM has handled it. */
    Future<?> stopAsync(Notification why, boolean keepRoutes) {
        return loop.submit(() -> handle(new Event.ManualStop(why, keepRoutes)));
    }

    @Override
    public void start() {
        loop.execute(() -> handle(new Event.ManualStart()));
    }

    /** An accepted connection from the peer's address: moves it onto this session's loop. */
    void accept(Channel child) {
        ConnectionId id = ConnectionId.inbound(inboundSeq.incrementAndGet());
        child.config().setOption(ChannelOption.TCP_NODELAY, true);
        SocketOptions.applyNotSentLowWater(child);
        // The listener accepted the handshake (with this peer's TCP-MD5 key when one is set);
        // from here on the session's TTL rules hold: GTSM drops the peer's packets below minTtl.
        String problem = SocketOptions.applyTtl(child, cfg);
        if (problem != null) {
            LOG.log(System.Logger.Level.WARNING, "{0}: {1}", cfg.peerName(), problem);
        }
        child.pipeline().addLast(new ConnectionHandler(this, id));
        allChannels.add(child);
        // Known before registration, which fires channelActive and so the FSM's first Send.
        loop.execute(() -> {
            channels.put(id, child);
            loop.register(child).addListener((ChannelFuture f) -> {
                if (!f.isSuccess()) {
                    channels.remove(id);
                    child.unsafe().closeForcibly();
                }
            });
        });
    }

    // ---- from ConnectionHandler, on the loop ----

    void connected(ConnectionId id) {
        handle(id.inbound() ? new Event.TcpConnectionConfirmed(id) : new Event.TcpCrAcked(id));
    }

    void disconnected(ConnectionId id, String reason) {
        watchProgress(id, true);
        handle(new Event.TcpConnectionFails(id, reason));
    }

    void writability(ConnectionId id, boolean writable) {
        handle(writable ? new Event.SendUnblocked(id) : new Event.SendBlocked(id));
        watchProgress(id, writable);
        LiveSession s = live;
        if (s != null && s.on(channels.get(id))) {
            // The RIB writes UPDATEs only while the socket drains (ADR 0012); the FSM's send hold timer is its own.
            notify(() -> listener.writable(cfg.peerName(), writable));
        }
    }

    /**
     * While a connection cannot write, looks every {@link #progressCheckMillis} whether its
     * peer took bytes (herald's queue for it shrank; the RIB adds nothing meanwhile, ADR 0012) and
     * tells the FSM, whose SendHoldTimer then starts over: only a peer that reads nothing at all
     * for the whole SendHoldTime is dropped (RFC 9687).
     */
    private void watchProgress(ConnectionId id, boolean writable) {
        java.util.concurrent.ScheduledFuture<?> old = progressWatches.remove(id);
        if (old != null) {
            old.cancel(false);
        }
        Channel ch = channels.get(id);
        if (writable || ch == null) {
            return;
        }
        long[] last = {queued(ch)};
        progressWatches.put(id, loop.scheduleAtFixedRate(() -> {
            if (!ch.isActive()) {
                watchProgress(id, true); // closed: nothing more to watch
                return;
            }
            long now = queued(ch);
            if (now < last[0]) {
                handle(new Event.SendProgress(id));
            }
            last[0] = now;
        }, progressCheckMillis(), progressCheckMillis(), TimeUnit.MILLISECONDS));
    }

    /**
     * A quarter of the configured SendHoldTime floor, between 1 and 10 s: the timer that runs is
     * at least that floor, so a peer that reads is seen to several times before it could expire.
     * A fixed 10 s let a 6 s timer (floor 1 s, hold time 3 s) drop a peer reading 10 KB/s whose
     * block lasted longer than 6 s on a loaded machine (SlowPeerTest).
     */
    long progressCheckMillis() {
        return Math.clamp(cfg.sendHoldTime().toMillis() / 4, 1_000, PROGRESS_CHECK_MAX_MILLIS);
    }

    private static long queued(Channel ch) {
        io.netty.channel.ChannelOutboundBuffer out = ch.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    void decodeError(ConnectionId id, BgpDecodeException e) {
        handle(new Event.DecodeError(id, e.notification(), e.getMessage()));
    }

    /** The most bytes any connection of this peer held unread (for tests of hostile peers). */
    int backlogHighWater() {
        return backlogHighWater;
    }

    void backlog(int bytes) {
        if (bytes > backlogHighWater) {
            backlogHighWater = bytes;
        }
    }

    void received(ConnectionId id, BgpMessage m) {
        counters.received(m);
        if (m instanceof Update u && !u.errors().isEmpty()) {
            // RFC 7606: treat-as-withdraw and attribute discard keep the session; herald installs
            // no received routes, so saying what was wrong is all there is to do. The first ten
            // and then every thousandth: a peer sending nothing else cannot flood the log.
            long n = ++malformedUpdates;
            if (n <= 10 || n % 1000 == 0) {
                LOG.log(System.Logger.Level.WARNING, "{0}: malformed UPDATE kept the session (RFC 7606): {1} ({2} so far)",
                        cfg.peerName(), u.errors(), n);
            }
        }
        handle(switch (m) {
            case Open o -> new Event.BgpOpen(id, o);
            case Update u -> new Event.UpdateMsg(id); // decoded so errors are caught; herald installs nothing
            case Notification n -> new Event.NotifMsg(id, n);
            case Keepalive k -> new Event.KeepAliveMsg(id);
            case RouteRefresh r -> new Event.RouteRefreshMsg(id, r);
        });
    }

    /**
     * Actions can raise events synchronously (closing a channel fires channelInactive), so events
     * are queued and handled one at a time: the FSM never sees a nested call.
     */
    private void handle(Event e) {
        pending.add(e);
        if (handling) {
            return;
        }
        handling = true;
        try {
            Event next;
            while ((next = pending.poll()) != null) {
                for (Action a : fsm.handle(next)) {
                    execute(a);
                }
                state = fsm.state();
                lastError = fsm.lastError();
            }
        } finally {
            handling = false;
        }
    }

    private void execute(Action a) {
        switch (a) {
            case Action.Connect c -> connect(c.connection());
            case Action.Send s -> send(s.connection(), s.message());
            case Action.CloseConnection c -> close(c.connection());
            case Action.AbortConnection c -> abort(c.connection());
            case Action.UseCodecContext u -> {
                ConnectionHandler h = handler(u.connection());
                if (h != null) {
                    h.context(u.context());
                }
            }
            case Action.StartTimer t -> timers.start(t.timer(), t.duration());
            case Action.StopTimer t -> timers.stop(t.timer());
            case Action.ReportEstablished r -> established(r);
            case Action.ReportDown d -> down(d.reason());
            case Action.ReportRouteRefresh r -> notify(() -> listener.routeRefresh(cfg.peerName(), r.family()));
        }
    }

    private void connect(ConnectionId id) {
        java.net.InetAddress remoteAddress = cfg.remoteAddress();
        if (cfg.unnumbered()) {
            var found = neighbours.neighbour(cfg.interfaceName());
            if (found.isEmpty()) {
                // Queued behind the current action: the FSM sees a failed connect and retries later,
                // and an incoming connection from the neighbour is still taken meanwhile.
                handle(new Event.TcpConnectionFails(id, "no IPv6 link-local neighbour seen on "
                        + cfg.interfaceName() + " yet"));
                return;
            }
            remoteAddress = found.get();
        }
        SocketProtocolFamily family = SocketOptions.isIpv4(remoteAddress) ? SocketProtocolFamily.INET
                : SocketProtocolFamily.INET6;
        Bootstrap b = new Bootstrap().group(loop).channelFactory(() -> {
                    EpollSocketChannel ch = new EpollSocketChannel(family);
                    // Before connect: the SYN already carries the signature and the TTL.
                    SocketOptions.applyMd5(ch, cfg);
                    SocketOptions.applyNotSentLowWater(ch);
                    String problem = SocketOptions.applyTtl(ch, cfg);
                    if (problem != null) {
                        LOG.log(System.Logger.Level.WARNING, "{0}: {1}", cfg.peerName(), problem);
                    }
                    return ch;
                })
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ConnectionHandler(this, id));
        InetSocketAddress remote = new InetSocketAddress(remoteAddress, cfg.remotePort());
        ChannelFuture f = cfg.localAddress() == null ? b.connect(remote)
                : b.connect(remote, new InetSocketAddress(cfg.localAddress(), 0));
        channels.put(id, f.channel());
        allChannels.add(f.channel());
        f.addListener((ChannelFuture done) -> {
            if (!done.isSuccess() && !done.isCancelled()) {
                // The hint reads the namespace's addresses: only on a failed connect, so rare.
                handle(new Event.TcpConnectionFails(id,
                        ConnectHint.explain(Reasons.describe(done.cause()), cfg, HostAddresses.SYSTEM)));
            }
        });
    }

    private void send(ConnectionId id, BgpMessage m) {
        Channel ch = channels.get(id);
        ConnectionHandler h = handler(id);
        if (ch == null || h == null) {
            return;
        }
        ByteBuf buf = ch.alloc().buffer();
        try {
            MessageCodec.encode(m, h.context(), buf);
        } catch (RuntimeException e) {
            buf.release();
            LOG.log(System.Logger.Level.ERROR, "{0}: cannot encode {1}: {2}", cfg.peerName(), m, e.toString());
            return;
        }
        counters.sent(m);
        ch.writeAndFlush(buf, ch.voidPromise());
    }

    private void close(ConnectionId id) {
        Channel ch = channels.remove(id);
        if (ch == null) {
            return;
        }
        if (!ch.isActive()) {
            ch.close();
            return;
        }
        // Writes are ordered: this closes after a NOTIFICATION queued just before has gone out.
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        loop.schedule(() -> ch.close(), CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    /** SO_LINGER 0: the kernel answers close with a RST and drops what is unsent (Action.AbortConnection). */
    private void abort(ConnectionId id) {
        Channel ch = channels.remove(id);
        if (ch == null) {
            return;
        }
        if (ch.isActive()) {
            ch.config().setOption(ChannelOption.SO_LINGER, 0);
        }
        ch.close();
    }

    private ConnectionHandler handler(ConnectionId id) {
        Channel ch = channels.get(id);
        return ch == null ? null : ch.pipeline().get(ConnectionHandler.class);
    }

    private void established(Action.ReportEstablished r) {
        Channel ch = channels.get(r.connection());
        if (ch == null) {
            return;
        }
        live = new LiveSession(cfg.peerName(), ch, r.negotiated(), counters);
        LOG.log(System.Logger.Level.INFO, "{0}: Established, {1}", cfg.peerName(), live);
        LiveSession s = live;
        notify(() -> listener.established(s));
    }

    private void down(String reason) {
        if (live != null) {
            live.invalidate();
            live = null;
        }
        LOG.log(System.Logger.Level.INFO, "{0}: down: {1}", cfg.peerName(), reason);
        notify(() -> listener.down(cfg.peerName(), reason));
    }

    /** A listener that throws must not break the session. */
    private void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, cfg.peerName() + ": listener failed", e);
        }
    }

    /** Stops the timers; the transport is shutting down. */
    void dispose() {
        loop.execute(timers::stopAll);
    }
}
