package dev.herald.bfd.io;

import dev.herald.bfd.BfdSession;
import dev.herald.bfd.ControlPacket;
import dev.herald.bfd.ControlPacketCodec;
import dev.herald.bfd.Diagnostic;
import dev.herald.bfd.DropReason;
import dev.herald.bfd.Effects;
import dev.herald.bfd.Parameters;
import dev.herald.bfd.State;
import dev.herald.bfd.StateChange;
import dev.herald.os.Errno;
import dev.herald.os.ErrnoException;
import dev.herald.os.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The I/O shell of BFD (ADR 0016): one platform thread of its own owns the UDP sockets and every
 * {@link BfdSession}, drives the sessions' timers from one priority queue, and waits in poll(2)
 * on the receive sockets and a wake-up eventfd with a timeout equal to the next timer. Packets
 * are selected for a session by Your Discriminator, or by source address (and interface, for a
 * link-local peer) when it is 0 (RFC 5880 6.3, 6.8.6).
 *
 * <p>Receive sockets: single hop on port 3784 (RFC 5881), multihop on 4784 (RFC 5883), IPv4 and
 * IPv6 each. A single-hop packet whose TTL / hop limit is not 255 is dropped (RFC 5881 5), a
 * multihop one below the session's least TTL. Each session sends from a socket of its own,
 * bound to its source address and a port in 49152-65535, with TTL 255. Once a packet of the
 * peer passed every check, the session also receives on a socket of its own connected to the
 * peer's address and port, so that a flood to the shared socket does not crowd out its packets.
 *
 * <p>The methods may be called from any thread: they run on the BFD thread and wait for it
 * (or run at once when called from it, as from a listener). {@link Listener}s run on the BFD
 * thread and must not block: a listener that waits delays every session's packets.
 */
public final class BfdTransport implements AutoCloseable {
    public static final int SINGLE_HOP_PORT = 3784;
    public static final int MULTIHOP_PORT = 4784;

    private static final System.Logger LOG = System.getLogger("bfd");
    private static final long COMMAND_TIMEOUT_SECONDS = 10;
    /** Datagrams read from one socket between two looks at the timers: 64 take about 2 ms under a flood. */
    private static final int RECEIVE_BATCH = 64;

    /** Told of every state change of a session, on the BFD thread. */
    @FunctionalInterface
    public interface Listener {
        void stateChanged(Handle session, StateChange change);
    }

    /**
     * What a session negotiated, as of its last event: in microseconds (RFC 5880 6.8.2, 6.8.4)
     * the transmit interval herald uses, the interval it expects the peer's packets at and the
     * detection time (0 while nothing arrived from the peer); bfd.LocalDiag; and the state the
     * peer last sent, which tells a peer's AdminDown (RFC 5882 3.2: not a failure) from a failure.
     */
    public record Negotiated(long transmitInterval, long receiveInterval, long detectionTime, Diagnostic localDiag,
            State remoteState) {}

    /** A session of this transport; its state, timers and flap count may be read from any thread. */
    public static final class Handle {
        private final int discriminator;
        private final SessionSpec spec;
        private volatile State state = State.DOWN;
        private volatile Negotiated negotiated = new Negotiated(0, 0, 0, Diagnostic.NO_DIAGNOSTIC, State.DOWN);
        private final AtomicInteger upTransitions = new AtomicInteger();

        private Handle(int discriminator, SessionSpec spec) {
            this.discriminator = discriminator;
            this.spec = spec;
        }

        /** bfd.LocalDiscr. */
        public int discriminator() {
            return discriminator;
        }

        public SessionSpec spec() {
            return spec;
        }

        public State state() {
            return state;
        }

        /** Set before a listener hears of a change, so the listener sees what led to it. */
        public Negotiated negotiated() {
            return negotiated;
        }

        /** How often the session reached Up. */
        public int upTransitions() {
            return upTransitions.get();
        }

        @Override
        public String toString() {
            return "bfd " + spec.local().getHostAddress() + " -> " + spec.remote().getHostAddress()
                    + (spec.multihop() ? " multihop" : "") + " #" + Integer.toUnsignedString(discriminator);
        }
    }

    /** A session's address for packets with Your Discriminator 0; ifindex only for link-local peers. */
    private record PeerKey(boolean multihop, InetAddress remote, int ifindex) {
        static PeerKey of(boolean multihop, InetAddress remote, int ifindex) {
            InetAddress unscoped = Addresses.unscoped(remote);
            return new PeerKey(multihop, unscoped, unscoped.isLinkLocalAddress() ? ifindex : 0);
        }
    }

    private static final class Entry {
        final Handle handle;
        final BfdSession session;
        final UdpSocket socket;
        final PeerKey key;
        final Listener listener;
        long wakeAt = Effects.NEVER;
        boolean removed;
        /** The session's own receive socket, connected to the peer's port; null until a packet came. */
        Receiver peerReceiver;
        int peerPort = -1;

        Entry(Handle handle, BfdSession session, UdpSocket socket, PeerKey key, Listener listener) {
            this.handle = handle;
            this.session = session;
            this.socket = socket;
            this.key = key;
            this.listener = listener;
        }
    }

    /** A receive socket and its hop mode; closed, it is left out of the next poll. */
    private static final class Receiver {
        final UdpSocket socket;
        final boolean multihop;
        boolean closed;

        Receiver(UdpSocket socket, boolean multihop) {
            this.socket = socket;
            this.multihop = multihop;
        }

        void close() {
            if (!closed) {
                closed = true;
                socket.close();
            }
        }
    }

    /** A timer of {@code entry}; stale unless {@code at} is still the entry's wakeAt. */
    private record Timer(long at, Entry entry) {}

    private final int singleHopPort;
    private final int multihopPort;
    private final Thread thread;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private volatile boolean stopping;
    private volatile int sessionCount;

    private final AtomicLongArray decodeDrops = new AtomicLongArray(DropReason.values().length);
    private final AtomicLongArray transportDrops = new AtomicLongArray(TransportDrop.values().length);
    private final AtomicLongArray traffic = new AtomicLongArray(3);
    private static final int RECEIVED = 0, SENT = 1, SEND_ERRORS = 2;

    // Owned by the BFD thread from here on.
    private final SplittableRandom random = new SplittableRandom();
    private final Map<Integer, Entry> byDiscriminator = new HashMap<>();
    private final Map<PeerKey, Entry> byPeer = new HashMap<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));
    /** The four wildcard sockets, then the sessions' own (see {@link #claimPeerPort}). */
    private final List<Receiver> receivers = new ArrayList<>();
    private boolean receiversChanged = true;
    /** Lives as long as the transport object: another thread may signal it at any time. */
    private final int wakeFd;
    private boolean wakeFdClosed;
    private Arena arena;
    private MemorySegment sendBuffer;

    private BfdTransport(int singleHopPort, int multihopPort, ThreadFactory threads) throws ErrnoException {
        this.singleHopPort = singleHopPort;
        this.multihopPort = multihopPort;
        this.wakeFd = Libc.eventfd(Libc.EFD_NONBLOCK, "bfd wake-up");
        this.thread = threads.newThread(this::run);
    }

    /**
     * Opens the sockets on a new thread from {@code threads} (a platform thread; the daemon
     * names it {@code herald-bfd}; a test's may enter a network namespace first, since sockets
     * belong to the namespace of the thread that creates them) and starts it.
     */
    public static BfdTransport start(ThreadFactory threads) throws IOException {
        return start(SINGLE_HOP_PORT, MULTIHOP_PORT, threads);
    }

    /** As {@link #start(ThreadFactory)} with other ports, also the ones packets are sent to. */
    public static BfdTransport start(int singleHopPort, int multihopPort, ThreadFactory threads) throws IOException {
        BfdTransport t = new BfdTransport(singleHopPort, multihopPort, threads);
        t.thread.start();
        try {
            t.started.get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return t;
        } catch (ExecutionException e) {
            t.close();
            throw e.getCause() instanceof IOException io ? io : new IOException("BFD transport failed to start", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            t.close();
            throw new IOException("interrupted while the BFD transport started", e);
        } catch (TimeoutException e) {
            t.close();
            throw new IOException("the BFD transport did not start within " + COMMAND_TIMEOUT_SECONDS + " s", e);
        }
    }

    /** Starts a session in state Down; it sends its first packet at once. */
    public Handle add(SessionSpec spec, Listener listener) throws IOException {
        return call(() -> addOnThread(spec, listener));
    }

    /** Takes the session down and sends AdminDown to the peer at once (RFC 5882 3.2). */
    public void adminDown(Handle h) throws IOException {
        call(() -> {
            withEntry(h, e -> apply(e, e.session.adminDown(System.nanoTime())));
            return null;
        });
    }

    /** Brings an AdminDown session back to Down, from where it comes up again. */
    public void adminUp(Handle h) throws IOException {
        call(() -> {
            withEntry(h, e -> apply(e, e.session.adminUp(System.nanoTime())));
            return null;
        });
    }

    /** New timer parameters; a change while Up runs a Poll Sequence (RFC 5880 6.8.3). */
    public void setParameters(Handle h, Parameters p) throws IOException {
        call(() -> {
            withEntry(h, e -> apply(e, e.session.setParameters(p, System.nanoTime())));
            return null;
        });
    }

    /** Ends the session without telling the peer (call {@link #adminDown} first for that). */
    public void remove(Handle h) throws IOException {
        call(() -> {
            withEntry(h, e -> {
                e.removed = true;
                byDiscriminator.remove(h.discriminator);
                byPeer.remove(e.key);
                e.socket.close();
                closePeerReceiver(e);
                sessionCount = byDiscriminator.size();
            });
            return null;
        });
    }

    public TransportStatus status() {
        Map<DropReason, Long> decode = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            decode.put(r, decodeDrops.get(r.ordinal()));
        }
        Map<TransportDrop, Long> transport = new EnumMap<>(TransportDrop.class);
        for (TransportDrop r : TransportDrop.values()) {
            transport.put(r, transportDrops.get(r.ordinal()));
        }
        return new TransportStatus(traffic.get(RECEIVED), traffic.get(SENT), traffic.get(SEND_ERRORS), decode, transport,
                sessionCount);
    }

    /** Stops the thread and closes every socket; sessions end silently (no AdminDown). */
    @Override
    public void close() {
        stopping = true;
        wake();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(COMMAND_TIMEOUT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            synchronized (this) {
                if (!wakeFdClosed) {
                    wakeFdClosed = true;
                    try {
                        Libc.close(wakeFd);
                    } catch (ErrnoException e) {
                        // released all the same
                    }
                }
            }
        }
    }

    // ---- the BFD thread ----

    private void run() {
        arena = Arena.ofConfined();
        try {
            sendBuffer = arena.allocate(ControlPacketCodec.LENGTH);
            openReceiver(Libc.AF_INET, singleHopPort, false);
            openReceiver(Libc.AF_INET, multihopPort, true);
            openReceiver(Libc.AF_INET6, singleHopPort, false);
            openReceiver(Libc.AF_INET6, multihopPort, true);
        } catch (IOException | RuntimeException e) {
            closeAll();
            started.completeExceptionally(e);
            return;
        }
        started.complete(null);
        try {
            loop();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "BFD transport stopped: " + e, e);
        } finally {
            closeAll();
        }
    }

    private void openReceiver(int family, int port, boolean multihop) throws ErrnoException {
        try {
            receivers.add(new Receiver(UdpSocket.receiver(family, port), multihop));
        } catch (ErrnoException e) {
            // A host without IPv6 (ipv6.disable=1) runs IPv4 sessions only.
            if (family != Libc.AF_INET6 || e.errno() != 97 /* EAFNOSUPPORT */) {
                throw e;
            }
        }
    }

    private void loop() throws IOException {
        int[] fds = null;
        List<Receiver> polled = List.of();
        while (!stopping) {
            if (receiversChanged) {
                receiversChanged = false;
                receivers.removeIf(r -> r.closed);
                polled = List.copyOf(receivers);
                fds = new int[polled.size() + 1];
                fds[0] = wakeFd;
                for (int i = 0; i < polled.size(); i++) {
                    fds[i + 1] = polled.get(i).socket.fd();
                }
            }
            for (Runnable c; (c = commands.poll()) != null; ) {
                c.run();
            }
            fireTimers(System.nanoTime());
            boolean[] ready = Libc.pollIn(fds, timeoutMillis(System.nanoTime()), "bfd");
            if (ready[0]) {
                Libc.eventfdDrain(wakeFd, "bfd wake-up");
            }
            for (int i = 0; i < polled.size(); i++) {
                if (ready[i + 1]) {
                    drain(polled.get(i));
                }
            }
        }
    }

    private void fireTimers(long now) {
        while (!timers.isEmpty() && timers.peek().at <= now) {
            Timer t = timers.poll();
            if (live(t)) {
                apply(t.entry, t.entry.session.timerExpired(now));
            }
        }
    }

    private boolean live(Timer t) {
        return !t.entry.removed && t.entry.wakeAt == t.at;
    }

    /** poll's timeout: until the next live timer, rounded up to whole milliseconds; -1 for none. */
    private int timeoutMillis(long now) {
        while (!timers.isEmpty() && !live(timers.peek())) {
            timers.poll();
        }
        if (timers.isEmpty()) {
            return -1;
        }
        long nanos = Math.max(0, timers.peek().at - now);
        return (int) Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000);
    }

    /**
     * Reads at most {@link #RECEIVE_BATCH} datagrams: under a flood the socket never empties, and
     * a loop that read until it did would never get back to the timers, so the sessions' own
     * packets would stop going out (found by BfdFloodNetnsTest: a third fewer sent). poll(2)
     * returns at once for what is left.
     */
    private void drain(Receiver r) {
        try {
            Datagram d;
            // closed by a listener that removed its session, or for a new peer port
            for (int n = 0; n < RECEIVE_BATCH && !r.closed && (d = r.socket.receive()) != null; n++) {
                traffic.incrementAndGet(RECEIVED);
                receive(d, r.multihop);
            }
        } catch (ErrnoException e) {
            // Not worth stopping every session for: the next poll tries again.
            LOG.log(System.Logger.Level.WARNING, "BFD receive: " + e.getMessage());
        }
    }

    private void receive(Datagram d, boolean multihop) {
        if (!multihop && d.ttl() != 255) {
            drop(TransportDrop.TTL);
            return;
        }
        ControlPacket p;
        switch (ControlPacketCodec.decode(d.data(), 0, d.length())) {
            case ControlPacketCodec.Dropped(DropReason reason) -> {
                decodeDrops.incrementAndGet(reason.ordinal());
                return;
            }
            case ControlPacketCodec.Accepted(ControlPacket accepted) -> p = accepted;
        }
        Entry e;
        if (p.yourDiscriminator() != 0) {
            e = byDiscriminator.get(p.yourDiscriminator());
            if (e == null || e.handle.spec.multihop() != multihop) {
                drop(TransportDrop.UNKNOWN_DISCRIMINATOR);
                return;
            }
        } else {
            e = byPeer.get(PeerKey.of(multihop, d.source(), d.ifindex()));
            if (e == null) {
                drop(TransportDrop.NO_SESSION_FOR_ADDRESS);
                return;
            }
        }
        if (multihop && d.ttl() < e.handle.spec.minTtl()) {
            drop(TransportDrop.TTL);
            return;
        }
        claimPeerPort(e, d);
        apply(e, e.session.receive(p, System.nanoTime()));
    }

    /**
     * Gives the session a receive socket of its own, connected to the port its peer sends from
     * (RFC 5881 4: the same for every packet of a session), once a packet passed every check; a
     * new one when the peer's port changes (its session restarted). A flood to the wildcard
     * socket from any other port then fills that socket's queue, while the peer's packets queue
     * here: without it the kernel dropped the peer's packets with the flood's, and the session
     * went Down (BfdFloodNetnsTest). Without the socket (it could not be opened) the wildcard
     * one still serves.
     */
    private void claimPeerPort(Entry e, Datagram d) {
        if (e.peerPort == d.sourcePort()) {
            return;
        }
        closePeerReceiver(e);
        e.peerPort = d.sourcePort();
        SessionSpec spec = e.handle.spec;
        try {
            e.peerReceiver = new Receiver(UdpSocket.peerReceiver(Addresses.unscoped(spec.local()),
                    spec.multihop() ? multihopPort : singleHopPort, Addresses.unscoped(spec.remote()), d.sourcePort(),
                    spec.ifindex()), spec.multihop());
            receivers.add(e.peerReceiver);
            receiversChanged = true;
        } catch (ErrnoException ex) {
            LOG.log(System.Logger.Level.WARNING, e.handle + ": no receive socket of its own: " + ex.getMessage());
        }
    }

    private void closePeerReceiver(Entry e) {
        if (e.peerReceiver != null) {
            e.peerReceiver.close();
            e.peerReceiver = null;
            receiversChanged = true;
        }
    }

    private void drop(TransportDrop reason) {
        transportDrops.incrementAndGet(reason.ordinal());
    }

    private Handle addOnThread(SessionSpec spec, Listener listener) throws IOException {
        PeerKey key = PeerKey.of(spec.multihop(), spec.remote(), spec.ifindex());
        if (byPeer.containsKey(key)) {
            throw new IllegalArgumentException("a BFD session to " + spec.remote().getHostAddress() + " exists");
        }
        int discriminator;
        do {
            discriminator = random.nextInt();
        } while (discriminator == 0 || byDiscriminator.containsKey(discriminator));
        int firstPort = random.nextInt(UdpSocket.SOURCE_PORT_MIN, UdpSocket.SOURCE_PORT_MAX + 1);
        UdpSocket socket = UdpSocket.sender(Addresses.unscoped(spec.local()), Addresses.unscoped(spec.remote()),
                spec.multihop() ? multihopPort : singleHopPort, spec.ifindex(), firstPort);
        long now = System.nanoTime();
        Handle h = new Handle(discriminator, spec);
        Entry e = new Entry(h, new BfdSession(discriminator, spec.parameters(), random.split(), now), socket, key,
                listener);
        byDiscriminator.put(discriminator, e);
        byPeer.put(key, e);
        sessionCount = byDiscriminator.size();
        // The session sends its first packet at once: its transmit time is now.
        e.wakeAt = now;
        timers.add(new Timer(now, e));
        return h;
    }

    private void withEntry(Handle h, java.util.function.Consumer<Entry> action) {
        Entry e = byDiscriminator.get(h.discriminator);
        if (e == null || e.handle != h) {
            throw new IllegalArgumentException(h + " is not a session of this transport");
        }
        action.accept(e);
    }

    /** Does what the session asked: send, re-arm its timer, report its state change. */
    private void apply(Entry e, Effects fx) {
        fx.send().ifPresent(p -> send(e, p));
        Negotiated n = new Negotiated(e.session.transmitInterval(), e.session.receiveInterval(),
                e.session.detectionTime(), e.session.localDiag(), e.session.remoteState());
        if (!n.equals(e.handle.negotiated)) {
            e.handle.negotiated = n;
        }
        if (fx.wakeAt() != e.wakeAt) {
            e.wakeAt = fx.wakeAt();
            if (e.wakeAt != Effects.NEVER) {
                timers.add(new Timer(e.wakeAt, e));
            }
        }
        fx.change().ifPresent(c -> {
            e.handle.state = c.to();
            if (c.to() == State.UP) {
                e.handle.upTransitions.incrementAndGet();
            }
            try {
                e.listener.stateChanged(e.handle, c);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, e.handle + ": listener failed: " + ex, ex);
            }
        });
    }

    private void send(Entry e, ControlPacket p) {
        MemorySegment.copy(ControlPacketCodec.encode(p), 0, sendBuffer, ValueLayout.JAVA_BYTE, 0,
                ControlPacketCodec.LENGTH);
        try {
            e.socket.send(sendBuffer);
            traffic.incrementAndGet(SENT);
        } catch (ErrnoException ex) {
            // No route or the interface is down: the detection time decides, not the send.
            traffic.incrementAndGet(SEND_ERRORS);
            if (ex.errno() != Errno.ENETUNREACH && ex.errno() != Errno.EHOSTUNREACH) {
                LOG.log(System.Logger.Level.DEBUG, e.handle + ": " + ex.getMessage());
            }
        }
    }

    private void closeAll() {
        for (Entry e : byDiscriminator.values()) {
            e.removed = true;
            e.socket.close();
            closePeerReceiver(e);
        }
        byDiscriminator.clear();
        byPeer.clear();
        sessionCount = 0;
        receivers.forEach(Receiver::close);
        receivers.clear();
        arena.close();
        // A command posted while the thread stopped would wait forever: fail it.
        stopping = true;
        for (Runnable c; (c = commands.poll()) != null; ) {
            c.run();
        }
    }

    // ---- any thread ----

    private <T> T call(Callable<T> c) throws IOException {
        if (Thread.currentThread() == thread) {
            try {
                return c.call();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable command = () -> {
            if (stopping) {
                result.completeExceptionally(new IOException("the BFD transport is closed"));
                return;
            }
            try {
                result.complete(c.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        };
        commands.add(command);
        if (!thread.isAlive() && commands.remove(command)) {
            throw new IOException("the BFD transport is closed");
        }
        wake();
        try {
            return result.get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IOException("the BFD thread did not answer within " + COMMAND_TIMEOUT_SECONDS + " s", e);
        }
    }

    /** Synchronized with the eventfd's close: a signal to a closed number could hit a reused one. */
    private synchronized void wake() {
        if (wakeFdClosed) {
            return;
        }
        try {
            Libc.eventfdSignal(wakeFd, "bfd wake-up");
        } catch (ErrnoException e) {
            // cannot happen on an open eventfd short of overflowing its counter
        }
    }
}
