package dev.herald.sources.lxd;

import dev.herald.codec.Prefix;
import dev.herald.rib.Route;
import dev.herald.sources.RouteSink;
import dev.herald.sources.RouteSource;
import dev.herald.sources.lxd.LxdAnnouncer.Announcement;
import dev.herald.sources.lxd.LxdAnnouncer.Rejection;
import dev.herald.sources.lxd.LxdEvents.FullRefetch;
import dev.herald.sources.lxd.LxdEvents.InstanceRefetch;
import dev.herald.sources.lxd.LxdEvents.NetworkRefetch;
import dev.herald.sources.lxd.LxdEvents.Refetch;
import dev.herald.sources.lxd.LxdModel.Key;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The LXD source: subscribes to LXD's lifecycle events, reads everything on every (re)connect,
 * re-reads the objects each event names, and offers the routes {@link LxdAnnouncer} computes.
 *
 * <p>Safety: a failed read keeps the last good set (nothing is withdrawn because LXD is away or
 * talks garbage); routes outside the allow-lists are logged and counted, never announced.
 */
public final class LxdSource implements RouteSource {
    public static final String NAME = "lxd";
    /**
     * Where herald looks for a socket when none is configured, first existing one wins: LXD's snap,
     * LXD's Debian package, then Incus as its own client looks (/run/incus, where some
     * distributions put it, then /var/lib/incus: the Zabbly, Debian and Ubuntu packages; Incus has
     * no snap). LXD first so that a host that had LXD keeps its LXD while both exist (a
     * {@code lxd-to-incus} migration); a host runs one of them.
     */
    public static final List<Path> DEFAULT_SOCKETS = List.of(Path.of("/var/snap/lxd/common/lxd/unix.socket"),
            Path.of("/var/lib/lxd/unix.socket"), Path.of("/run/incus/unix.socket"), Path.of("/var/lib/incus/unix.socket"));
    /** Tried (and retried) when no default socket exists yet: the Debian LXD package's. */
    static final Path FALLBACK_SOCKET = DEFAULT_SOCKETS.get(1);

    private static final Logger LOG = System.getLogger("lxd");
    private static final Object CLOSED = new Object();
    private static final long MIN_BACKOFF_MS = 200;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final Supplier<LxdClient> clients;
    private final LxdSettings settings;
    private final long initialWaitMillis;
    private final long resyncMillis;
    /** A full read this long after the last one even without events: a safety net for lost events. */
    public static final long DEFAULT_RESYNC_MILLIS = 5 * 60_000;
    private static final Object RESYNC = new Object();
    private final CountDownLatch firstSync = new CountDownLatch(1);
    private final Counters counters = new Counters();
    private volatile boolean closed;
    private volatile Thread thread;
    private volatile LxdClient.EventStream stream;
    /** Subscribed to the events and past a full read: what herald announces follows LXD live. */
    private volatile boolean connected;
    /** When the oldest event not yet taken from the queue arrived (System.nanoTime; 0: none), for the sync lag. */
    private final java.util.concurrent.atomic.AtomicLong firstQueued = new java.util.concurrent.atomic.AtomicLong();
    private volatile LxdSnapshot snapshot;
    private volatile Announcement announced;
    private Set<Prefix> published;
    /** What the RIB was last given, facts included. */
    private List<Route> publishedRoutes;
    private Set<String> loggedRejections = Set.of();
    private Set<String> loggedProblems = Set.of();
    private boolean warnedUntargeted;
    /** The evacuated member last published for (null: not evacuated), to log the change once. */
    private String loggedEvacuated;

    /** Counters for metrics and status. */
    public static final class Counters {
        public final AtomicLong connects = new AtomicLong();
        public final AtomicLong connectFailures = new AtomicLong();
        public final AtomicLong fullSyncs = new AtomicLong();
        public final AtomicLong events = new AtomicLong();
        public final AtomicLong refetches = new AtomicLong();
        public final AtomicLong garbage = new AtomicLong();
        public final AtomicLong rejectedRoutes = new AtomicLong();
        public final AtomicLong publishes = new AtomicLong();
    }

    /**
     * @param clients           makes a client for each connection attempt
     * @param initialWaitMillis how long {@link #start} waits for the first complete view
     */
    public LxdSource(Supplier<LxdClient> clients, LxdSettings settings, long initialWaitMillis) {
        this(clients, settings, initialWaitMillis, DEFAULT_RESYNC_MILLIS);
    }

    /** @param resyncMillis full read after this long without one (the events should make it a no-op) */
    public LxdSource(Supplier<LxdClient> clients, LxdSettings settings, long initialWaitMillis, long resyncMillis) {
        this.clients = clients;
        this.settings = settings;
        this.initialWaitMillis = initialWaitMillis;
        this.resyncMillis = resyncMillis;
    }

    /**
     * A source on the unix socket {@code socket}, or on the first default socket that exists when
     * null; its connections run on {@code group}.
     */
    public static LxdSource unix(EventLoopGroup group, Path socket, LxdSettings settings) {
        return new LxdSource(() -> new UnixLxdClient(group, socket != null ? socket : defaultSocket(), 10_000), settings,
                3_000);
    }

    /** A source on a remote LXD over HTTPS with a client certificate. */
    public static LxdSource remote(java.net.URI url, Path clientCert, Path clientKey, Path serverCert, LxdSettings settings) {
        return new LxdSource(() -> {
            try {
                return new HttpsLxdClient(url, clientCert, clientKey, serverCert, java.time.Duration.ofSeconds(10));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, settings, 3_000);
    }

    public static Path defaultSocket() {
        return DEFAULT_SOCKETS.stream().filter(Files::exists).findFirst().orElse(FALLBACK_SOCKET);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Whether herald follows LXD live now (subscribed and past a full read), for metrics. */
    public boolean connected() {
        return connected;
    }

    public Counters counters() {
        return counters;
    }

    @Override
    public dev.herald.sources.SourceHealth health() {
        java.util.Map<String, Long> errors = new java.util.LinkedHashMap<>();
        errors.put("connect", counters.connectFailures.get());
        errors.put("garbage", counters.garbage.get());
        return new dev.herald.sources.SourceHealth(java.util.Optional.of(connected),
                java.util.OptionalLong.of(counters.fullSyncs.get()), errors,
                java.util.OptionalLong.of(counters.rejectedRoutes.get()));
    }

    /** The last computed announcement (null before the first complete read). */
    public Announcement announcement() {
        return announced;
    }

    @Override
    public void start(RouteSink sink) {
        Thread t = new Thread(() -> run(sink), "herald-lxd");
        t.setDaemon(true);
        thread = t;
        t.start();
        try {
            if (!firstSync.await(initialWaitMillis, TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "lxd: no complete view of LXD after {0} ms; going on, routes follow when LXD answers",
                        initialWaitMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(RouteSink sink) {
        long backoff = MIN_BACKOFF_MS;
        while (!closed) {
            LxdClient client = null;
            try {
                client = clients.get();
                LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>(); // one per connection
                firstQueued.set(0);
                stream = client.events(new LxdClient.EventListener() {
                    @Override
                    public void event(JsonNode event) {
                        firstQueued.compareAndSet(0, System.nanoTime());
                        queue.add(event == null ? CLOSED_GARBAGE : event);
                    }

                    @Override
                    public void closed(Exception cause) {
                        queue.add(cause == null ? CLOSED : cause);
                    }
                });
                counters.connects.incrementAndGet();
                // subscribed first, then read: an event during the read is applied after it
                long observed = System.nanoTime();
                List<String> bad = new ArrayList<>();
                LxdSnapshot s = new LxdLoader(client, bad, settings.memberName()).full(snapshot);
                counters.fullSyncs.incrementAndGet();
                garbage(bad);
                snapshot = s;
                connected = true;
                publish(sink, observed);
                firstSync.countDown();
                LOG.log(Level.INFO, "lxd: connected to {0}{1}, {2} networks, {3} instances, {4} prefixes", describe(client),
                        describe(s.server()), s.networks().size(), s.instances().size(), published.size());
                warnUntargeted(client, s);
                backoff = MIN_BACKOFF_MS;
                loop(client, sink, queue);
            } catch (InterruptedException e) {
                break;
            } catch (Exception e) {
                if (closed) {
                    break;
                }
                counters.connectFailures.incrementAndGet();
                if (e instanceof LxdJson.LxdGarbageException) {
                    counters.garbage.incrementAndGet();
                }
                LOG.log(Level.WARNING, "lxd: {0}; keeping the last good set ({1} prefixes), retrying in {2} ms", e.getMessage(),
                        published == null ? 0 : published.size(), backoff);
            } finally {
                connected = false;
                LxdClient.EventStream st = stream;
                if (st != null) {
                    st.close();
                }
                if (client != null) {
                    client.close();
                }
            }
            try {
                Thread.sleep(backoff); // reconnect backoff, not a wait for LXD's database
            } catch (InterruptedException e) {
                break;
            }
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    private static final Object CLOSED_GARBAGE = new Object();

    private static String describe(LxdClient c) {
        return c instanceof UnixLxdClient u ? u.socket().toString() : c.toString();
    }

    /** " (incus, cluster member m1)": what answers, for the connect log line. */
    private String describe(LxdModel.Server server) {
        String product = server.product().isEmpty() ? "" : server.product();
        String member = server.clustered() ? "cluster member " + server.member(settings.memberName()) : "";
        return product.isEmpty() && member.isEmpty() ? "" : " (" + product + (product.isEmpty() || member.isEmpty() ? "" : ", ")
                + member + ")";
    }

    /**
     * A remote cluster without {@code member}: herald announces for whichever member answered this
     * connection's {@code GET /1.0}, which may change with the next connection behind a shared
     * address. Said once per source.
     */
    private void warnUntargeted(LxdClient client, LxdSnapshot s) {
        if (!warnedUntargeted && s.server().clustered() && settings.memberName() == null && client instanceof HttpsLxdClient) {
            warnedUntargeted = true;
            LOG.log(Level.WARNING, "lxd: {0} is an LXD cluster and sources.lxd.member is not set: announcing for the member "
                    + "that answered ({1}); set member to the one herald runs beside", client, s.server().serverName());
        }
    }

    /** Applies events until the stream ends or a read fails (both end in a reconnect and a full read). */
    private void loop(LxdClient client, RouteSink sink, LinkedBlockingQueue<Object> queue) throws Exception {
        while (!closed) {
            Object first = queue.poll(resyncMillis, TimeUnit.MILLISECONDS);
            if (first == null) {
                first = RESYNC;
            }
            long queuedAt = firstQueued.getAndSet(0); // before draining: an event arriving meanwhile makes the next lag longer, never this one shorter
            long observed = queuedAt == 0 ? System.nanoTime() : queuedAt;
            List<Object> batch = new ArrayList<>();
            batch.add(first);
            queue.drainTo(batch);
            Set<Key> instances = new LinkedHashSet<>();
            Set<Key> networks = new LinkedHashSet<>();
            boolean full = false;
            for (Object o : batch) {
                if (o == CLOSED || o instanceof Exception) {
                    throw new IOException("the events stream ended" + (o instanceof Exception e ? ": " + e.getMessage() : ""));
                }
                if (o == RESYNC) {
                    full = true;
                    continue;
                }
                counters.events.incrementAndGet();
                Refetch r = o == CLOSED_GARBAGE ? new FullRefetch("an event that is not JSON") : LxdEvents.classify((JsonNode) o);
                switch (r) {
                    case InstanceRefetch i -> instances.add(i.key());
                    case NetworkRefetch n -> networks.add(n.key());
                    case FullRefetch f -> {
                        full = true;
                        LOG.log(Level.DEBUG, "lxd: full read after {0}", f.why());
                    }
                    case LxdEvents.Ignore ig -> {
                    }
                }
            }
            if (!full && instances.isEmpty() && networks.isEmpty()) {
                continue;
            }
            List<String> bad = new ArrayList<>();
            LxdLoader loader = new LxdLoader(client, bad, settings.memberName());
            LxdSnapshot s = snapshot;
            if (full) {
                s = loader.full(s);
                counters.fullSyncs.incrementAndGet();
            } else {
                for (Key k : networks) {
                    s = loader.network(s, networkKey(s, k));
                    counters.refetches.incrementAndGet();
                }
                for (Key k : instances) {
                    s = loader.instance(s, k);
                    counters.refetches.incrementAndGet();
                }
            }
            garbage(bad);
            snapshot = s;
            publish(sink, observed);
        }
    }

    /** A network event in a project without its own networks names a network of the default project. */
    private static Key networkKey(LxdSnapshot s, Key k) {
        return new Key(s.networkProject(k.project()), k.name());
    }

    private void garbage(List<String> bad) {
        for (String b : bad) {
            counters.garbage.incrementAndGet();
            LOG.log(Level.WARNING, "lxd: skipped unreadable object (its last good version is kept): {0}", b);
        }
    }

    private void publish(RouteSink sink, long observed) {
        Announcement a = LxdAnnouncer.compute(snapshot, settings);
        announced = a;
        if (!java.util.Objects.equals(a.evacuated(), loggedEvacuated)) {
            if (a.evacuated() != null) {
                LOG.log(Level.WARNING, "lxd: cluster member {0} is evacuated: withdrawing every LXD route, as LXD 6.5+ and Incus "
                        + "stop announcing there", a.evacuated());
            } else {
                LOG.log(Level.INFO, "lxd: cluster member {0} is restored: announcing again", loggedEvacuated);
            }
            loggedEvacuated = a.evacuated();
        }
        Set<String> rej = new HashSet<>();
        for (Rejection r : a.rejected()) {
            String line = r.toString();
            rej.add(line);
            if (!loggedRejections.contains(line)) {
                counters.rejectedRoutes.incrementAndGet();
                LOG.log(Level.WARNING, "lxd: not announced: {0}", line);
            }
        }
        loggedRejections = rej;
        Set<String> probs = new HashSet<>(a.problems());
        for (String p : a.problems()) {
            if (!loggedProblems.contains(p)) {
                counters.garbage.incrementAndGet();
                LOG.log(Level.WARNING, "lxd: ignored: {0}", p);
            }
        }
        loggedProblems = probs;
        Set<Prefix> now = a.prefixes();
        List<Route> routes = a.ribRoutes(NAME);
        if (routes.equals(publishedRoutes)) {
            return; // nothing changed, not even a next hop or a tag
        }
        publishedRoutes = routes;
        if (published != null) {
            Set<Prefix> add = new java.util.TreeSet<>(now);
            add.removeAll(published);
            Set<Prefix> del = new java.util.TreeSet<>(published);
            del.removeAll(now);
            LOG.log(Level.INFO, "lxd: announce {0}, withdraw {1}", add, del);
        }
        published = now;
        counters.publishes.incrementAndGet();
        sink.replaceAll(NAME, routes, observed);
    }

    /**
     * A status text. Without a project: the announced routes (with their project tags) and only
     * the number of refused ones. With a project: that project's announced and refused routes
     * only, so nothing of one project shows up in another's view.
     */
    public String status(String project) {
        Announcement a = announced;
        StringBuilder sb = new StringBuilder();
        if (a == null) {
            return "lxd: no complete view of LXD yet\n";
        }
        if (a.evacuated() != null) {
            sb.append("cluster member ").append(a.evacuated()).append(" is evacuated: nothing announced\n");
        }
        for (LxdRoute r : a.routes()) {
            if (project == null || project.equals(r.project())) {
                sb.append("announced ").append(r).append('\n');
            }
        }
        if (project == null) {
            sb.append("refused: ").append(a.rejected().size()).append(" (see the log, or ask per project)\n");
        } else {
            for (Rejection r : a.rejected()) {
                if (project.equals(r.route().project())) {
                    sb.append("refused ").append(r).append('\n');
                }
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        closed = true;
        LxdClient.EventStream st = stream;
        if (st != null) {
            st.close();
        }
        dev.herald.sources.Threads.stop(thread);
    }
}
