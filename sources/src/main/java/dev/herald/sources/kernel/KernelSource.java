package dev.herald.sources.kernel;

import dev.herald.os.Errno;
import dev.herald.sources.RouteSink;
import dev.herald.sources.RouteSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Announces routes from the Linux routing tables of herald's network namespace, read over a
 * NETLINK_ROUTE socket (java.lang.foreign, no helper processes).
 *
 * <p>{@link #start} joins RTNLGRP_IPV4_ROUTE and RTNLGRP_IPV6_ROUTE first, then dumps IPv4 and
 * IPv6 routes on the caller's thread and hands the matching prefixes to
 * {@link RouteSink#replaceAll}, so the RIB holds them before any session comes up. A reader
 * thread then applies notifications incrementally: it drains whatever the socket holds, and
 * emits one {@link RouteSink#update} for the net difference (prefixes added, removed, or whose
 * best route's metric or table changed: see {@link KernelRoutes}), so a burst costs one RIB task.
 *
 * <p>Dumps run on a second socket that joins no multicast group, so a notification flood can
 * never crowd out a dump's replies (the kernel answers a dump request with ENOBUFS, or stalls
 * it, when the requesting socket's buffer is full). Notifications that arrive during a dump wait
 * on the notification socket and are applied after it in arrival order, which is correct whether
 * or not the dump already saw their effect: each one states a route's presence or absence. When
 * the kernel drops notifications (recv fails with ENOBUFS) or a dump reports NLM_F_DUMP_INTR,
 * the source resyncs: a fresh dump, diffed against the current state; replaceAll then carries
 * the complete view and the RIB sends peers only the difference. Nothing is withdrawn and
 * re-announced wholesale. The same resync follows a link that goes down or away, or an IPv4
 * address removed, when herald holds IPv4 routes through it: the kernel drops those without a
 * RTM_DELROUTE (fib_sync_down_dev), so no notification would ever withdraw them.
 */
public final class KernelSource implements RouteSource {
    public static final String NAME = "kernel";
    private static final System.Logger LOG = System.getLogger("kernel");
    private static final int BUFFER_SIZE = 128 << 10;
    /** The dump socket's receive buffer: a dump is paced by the reader, so this only sets the batch size. */
    private static final int DUMP_RECEIVE_BUFFER = 1 << 20;
    /** At the start of a resync, queued notifications are discarded for at most this long (the dump supersedes them). */
    private static final long DISCARD_NANOS = 100_000_000L;
    private static final int POLL_MILLIS = 200;
    private static final int DUMP_STALL_MILLIS = 30_000;
    /** A burst is cut into changes of at most this many messages, or this much time, so a flood still flows. */
    private static final int MAX_BATCH_MESSAGES = 20_000;
    private static final long MAX_BATCH_NANOS = 20_000_000L;

    private final KernelSourceSettings settings;
    private final KernelRoutes routes;
    private final Map<String, Integer> fileTables;
    private final AtomicLong resyncs = new AtomicLong();
    private final AtomicLong overflows = new AtomicLong();
    /** Joins the route (and link) groups: notifications only. */
    private NetlinkSocket socket;
    /** Joins no group: dump requests and their replies only. */
    private NetlinkSocket dumps;
    private RouteSink sink;
    private Thread reader;
    private volatile boolean closing;
    private KernelRouteTable table;
    private Map<String, Integer> vrfTables = Map.of();
    private int seq = (int) (System.nanoTime() & 0x3FFFFFFF);
    private boolean resyncNeeded;
    private final LinkStates links = new LinkStates();

    public KernelSource(KernelSourceSettings settings) {
        this.settings = Objects.requireNonNull(settings);
        this.routes = new KernelRoutes(NAME, settings.metricAsMed());
        this.fileTables = TableNames.fromFiles();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Full dumps done after the initial one (overflows, interrupted dumps, VRF changes). */
    public long resyncs() {
        return resyncs.get();
    }

    /** Times the kernel dropped notifications (ENOBUFS). */
    public long overflows() {
        return overflows.get();
    }

    @Override
    public dev.herald.sources.SourceHealth health() {
        return new dev.herald.sources.SourceHealth(java.util.Optional.empty(), java.util.OptionalLong.of(resyncs()),
                java.util.Map.of("overflow", overflows()), java.util.OptionalLong.empty());
    }

    @Override
    public void start(RouteSink sink) {
        this.sink = sink;
        // links and IPv4 addresses for two reasons: VRF names, and the IPv4 routes the kernel drops
        // without a RTM_DELROUTE when their link goes down or loses its address
        int[] groups = {Netlink.RTNLGRP_IPV4_ROUTE, Netlink.RTNLGRP_IPV6_ROUTE, Netlink.RTNLGRP_LINK,
                Netlink.RTNLGRP_IPV4_IFADDR};
        try {
            socket = new NetlinkSocket(settings.receiveBuffer(), BUFFER_SIZE, groups);
            dumps = new NetlinkSocket(DUMP_RECEIVE_BUFFER, BUFFER_SIZE);
            LOG.log(Level.INFO, "netlink socket open, receive buffer {0} bytes", Integer.toString(socket.receiveBuffer()));
            fullSync("initial dump");
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("kernel source: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        if (settings.metricAsMed()) {
            LOG.log(Level.INFO, "metric-as-med: the lowest route metric of each prefix is sent as MED");
        }
        reader = Thread.ofPlatform().name("kernel-source").daemon().start(this::run);
    }

    private void run() {
        while (!closing) {
            try {
                if (resyncNeeded) {
                    fullSync("resync");
                } else if (socket.poll(POLL_MILLIS)) {
                    drain();
                }
            } catch (IOException | RuntimeException e) {
                if (closing) {
                    return;
                }
                LOG.log(Level.ERROR, "kernel source: " + e.getMessage() + "; resyncing in 1 s", e);
                resyncNeeded = true;
                sleep(1000);
            }
        }
    }

    /** Reads everything queued, applies it, and emits the net change (in slices during a flood). */
    private void drain() throws IOException {
        int messages = 0;
        long start = System.nanoTime();
        while (!closing) {
            int n = socket.receive();
            if (n == NetlinkSocket.AGAIN) {
                break;
            }
            if (n == -Errno.ENOBUFS) {
                overflows.incrementAndGet();
                LOG.log(Level.WARNING, "netlink overflow (ENOBUFS): the kernel dropped route notifications; resyncing");
                table.takeDelta(); // superseded by the resync's complete view
                fullSync("resync after overflow");
                return;
            }
            if (n < 0) {
                throw new IOException("recv(netlink) failed: errno " + -n);
            }
            long readAt = System.nanoTime();
            ByteBuffer buf = socket.received(n);
            messages += applyLive(buf);
            if (changedSince == 0 && table.hasPendingChanges()) {
                changedSince = readAt; // the oldest change the next emit carries
            }
            if (resyncNeeded) {
                table.takeDelta();
                fullSync("resync after link change");
                return;
            }
            if (messages >= MAX_BATCH_MESSAGES || System.nanoTime() - start > MAX_BATCH_NANOS) {
                emit();
                messages = 0;
                start = System.nanoTime();
            }
        }
        emit();
    }

    private int applyLive(ByteBuffer buf) {
        int[] count = {0};
        NetlinkCodec.parse(buf, m -> {
            count[0]++;
            switch (m) {
                case NetlinkMessage.Route r -> table.apply(r.route());
                case NetlinkMessage.Link l -> linkChanged(l);
                case NetlinkMessage.Other o when o.header().type() == Netlink.RTM_DELADDR -> addressRemoved();
                default -> {
                    // stale dump replies or acknowledgements: nothing to do
                }
            }
        });
        return count[0];
    }

    /** When the netlink message behind the oldest change not yet emitted was read (0: none); reader thread only. */
    private long changedSince;

    private void linkChanged(NetlinkMessage.Link l) {
        int down = links.apply(l);
        if (down != 0 && !resyncNeeded && table.holdsIpv4Via(down)) {
            LOG.log(Level.INFO, "link {0} ({1}) went down: the kernel drops its IPv4 routes without notice; re-reading"
                    + " the routing tables", l.name(), Integer.toString(down));
            resyncNeeded = true;
        }
        if (l.name() == null || !settings.tableNames().contains(l.name())) {
            return;
        }
        Integer now = l.deleted() || l.vrfTable() < 0 ? null : l.vrfTable();
        if (!Objects.equals(now, vrfTables.get(l.name()))) {
            LOG.log(Level.INFO, "VRF {0} now {1}: re-reading the routing tables", l.name(),
                    now == null ? "gone" : "table " + now);
            resyncNeeded = true;
        }
    }

    /** An IPv4 address went away: the kernel may have dropped routes through its device, unannounced. */
    private void addressRemoved() {
        if (!resyncNeeded && table.holdsIpv4Via(0)) {
            LOG.log(Level.INFO, "an IPv4 address was removed: re-reading the routing tables (the kernel drops the routes"
                    + " that depended on it without notice)");
            resyncNeeded = true;
        }
    }

    private void emit() {
        if (!table.hasPendingChanges()) {
            return;
        }
        long observed = changedSince == 0 ? System.nanoTime() : changedSince;
        changedSince = 0;
        KernelRouteTable.Delta d = routes.emit(table, sink, observed);
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "kernel change {0}", d);
        }
    }

    /**
     * Dumps every IPv4 and IPv6 route (after re-resolving VRF names when configured), applies
     * the notifications that came in meanwhile, and replaces the source's view with the result.
     * Repeats while notifications were lost or a dump was interrupted.
     */
    private void fullSync(String reason) throws IOException {
        resyncNeeded = false;
        boolean initial = table == null;
        if (!initial) {
            discardQueuedNotifications();
        }
        while (!closing) {
            long t0 = System.nanoTime();
            boolean[] lost = {false};
            vrfTables = dumpLinks(lost); // also the links' states, always
            KernelRouteFilter filter = filter();
            KernelRouteTable fresh = KernelRouteTable.forDump(filter, table == null ? 1024 : table.size());
            int[] read = {0};
            boolean clean = dumpRoutes(Netlink.AF_INET, fresh, lost, read)
                    & dumpRoutes(Netlink.AF_INET6, fresh, lost, read);
            fresh.track();
            KernelRouteTable.Delta d = table == null ? null : KernelRouteTable.diff(table, fresh);
            table = fresh;
            changedSince = 0; // what was pending is in this view
            sink.replaceAll(NAME, routes.all(fresh), t0);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (initial) {
                LOG.log(Level.INFO, "{0}: {1} routes read, {2} prefixes match ({3}) in {4} ms", reason,
                        Integer.toString(read[0]), Integer.toString(fresh.size()), filter, Long.toString(ms));
            } else {
                resyncs.incrementAndGet();
                LOG.log(Level.INFO, "{0}: {1} routes read, {2} prefixes match, difference {3}, in {4} ms", reason,
                        Integer.toString(read[0]), Integer.toString(fresh.size()), d, Long.toString(ms));
            }
            if (clean && !lost[0]) {
                return;
            }
            reason = lost[0] ? "resync after a dump lost replies" : "resync after an interrupted dump";
            initial = false;
            LOG.log(Level.WARNING, "{0}: dumping again", reason);
        }
    }

    /**
     * Drops the notifications queued before a resync's dump, and with them a pending ENOBUFS:
     * the dump that follows reflects all of them, so keeping them would only cost a spurious
     * second resync. Bounded in time, because a flood may never leave the socket empty; what is
     * left is applied after the dump, which is harmless.
     */
    private void discardQueuedNotifications() throws IOException {
        long start = System.nanoTime();
        while (!closing && System.nanoTime() - start < DISCARD_NANOS) {
            int n = socket.receive();
            if (n == NetlinkSocket.AGAIN) {
                return;
            }
            if (n < 0 && n != -Errno.ENOBUFS) {
                throw new IOException("recv(netlink) failed: errno " + -n);
            }
        }
    }

    private KernelRouteFilter filter() {
        Set<Integer> tables = new LinkedHashSet<>();
        if (!settings.tableIds().isEmpty() || !settings.tableNames().isEmpty()) {
            TableNames.Resolution r = TableNames.resolve(settings.tableIds(), settings.tableNames(), fileTables, vrfTables);
            if (!r.unresolved().isEmpty()) {
                LOG.log(Level.WARNING, "tables {0} are neither in rt_tables nor VRF devices (yet); their routes are not read",
                        r.unresolved());
            }
            tables.addAll(r.ids());
            if (tables.isEmpty()) {
                tables.add(0); // no route lives in table 0 (RT_TABLE_UNSPEC): match nothing, never "any"
            }
        }
        return new KernelRouteFilter(tables, settings.protocols(), settings.types(), settings.prefixes());
    }

    /** One route dump; true unless the kernel flagged it inconsistent (NLM_F_DUMP_INTR). */
    private boolean dumpRoutes(int family, KernelRouteTable into, boolean[] lost, int[] read) throws IOException {
        int mySeq = ++seq;
        return dump(NetlinkCodec.routeDumpRequest(family, mySeq), mySeq, "route", lost, m -> {
            if (m instanceof NetlinkMessage.Route r) {
                read[0]++;
                into.apply(r.route());
            }
        });
    }

    private Map<String, Integer> dumpLinks(boolean[] lost) throws IOException {
        int mySeq = ++seq;
        Map<String, Integer> vrfs = new HashMap<>();
        links.clear();
        // NLM_F_DUMP_INTR is acted on for route dumps only (they are repeated), as before
        dump(NetlinkCodec.linkDumpRequest(mySeq), mySeq, "link", lost, m -> {
            if (m instanceof NetlinkMessage.Link l) {
                links.apply(l);
                if (l.vrfTable() >= 0 && l.name() != null) {
                    vrfs.put(l.name(), l.vrfTable());
                }
            }
        });
        return vrfs;
    }

    /**
     * Sends a dump request and hands each of its replies (this socket's, with this sequence
     * number) but NLMSG_DONE and NLMSG_ERROR to {@code reply}, until NLMSG_DONE. Replies to an
     * earlier, abandoned dump are skipped.
     *
     * @return false when the kernel flagged the dump inconsistent (NLM_F_DUMP_INTR)
     */
    private boolean dump(ByteBuffer request, int mySeq, String what, boolean[] lost, Consumer<NetlinkMessage> reply)
            throws IOException {
        dumps.send(request);
        boolean[] state = {false, true}; // done, consistent
        int port = dumps.portId();
        readUntilDone(state, lost, m -> {
            NetlinkMessage.Header h = m.header();
            if (h.seq() != mySeq || h.portId() != port) {
                return; // a reply to an earlier, abandoned dump
            }
            if (h.dumpInterrupted()) {
                state[1] = false;
            }
            switch (m) {
                case NetlinkMessage.Done d -> state[0] = true;
                case NetlinkMessage.Error e -> throw new IllegalStateException(what + " dump failed: errno " + e.errno());
                default -> reply.accept(m);
            }
        });
        return state[1];
    }

    /** Reads the dump socket until the dump's NLMSG_DONE. */
    private void readUntilDone(boolean[] state, boolean[] lost, Consumer<NetlinkMessage> handler)
            throws IOException {
        long lastData = System.nanoTime();
        while (!state[0]) {
            if (closing) {
                throw new IOException("closed during a dump");
            }
            int n = dumps.receive();
            if (n == NetlinkSocket.AGAIN) {
                if ((System.nanoTime() - lastData) / 1_000_000 > DUMP_STALL_MILLIS) {
                    throw new IOException("no dump reply from the kernel for " + DUMP_STALL_MILLIS / 1000 + " s");
                }
                dumps.poll(POLL_MILLIS);
                continue;
            }
            lastData = System.nanoTime();
            if (n == -Errno.ENOBUFS) {
                lost[0] = true; // should not happen on a socket without groups; the dump is repeated
                continue;
            }
            if (n < 0) {
                throw new IOException("recv(netlink) failed during a dump: errno " + -n);
            }
            NetlinkCodec.parse(dumps.received(n), handler);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing = true;
        Thread r = reader;
        if (r != null && r != Thread.currentThread()) {
            try {
                r.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (socket != null) {
            socket.close();
        }
        if (dumps != null) {
            dumps.close();
        }
    }
}
