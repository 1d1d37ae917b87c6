package dev.herald.sources.ovn;

import dev.herald.codec.Prefix;
import dev.herald.rib.Route;
import dev.herald.rib.RouteFacts;
import dev.herald.sources.RouteSink;
import dev.herald.sources.RouteSource;
import dev.herald.sources.ovn.ovsdb.Datum;
import dev.herald.sources.ovn.ovsdb.DbState;
import dev.herald.sources.ovn.ovsdb.OvsdbMonitor;
import dev.herald.sources.ovn.ovsdb.OvsdbRemote;
import dev.herald.sources.ovn.ovsdb.Schema;
import dev.herald.sources.ovn.ovsdb.TlsFiles;
import io.netty.channel.EventLoopGroup;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OVN source: follows the Southbound database's Advertised_Route (and what decides which
 * rows are this chassis's) and offers what {@link OvnAnnouncer} computes.
 *
 * <p>Safety: while the SB cannot be reached the last known set stays announced (for ever, or for
 * the configured time); a full resynchronisation changes only what differs; an unusable row is
 * logged and counted, never announced.
 */
public final class OvnSource implements RouteSource {
    public static final String NAME = "ovn";
    private static final Logger LOG = System.getLogger("ovn");

    /** Where and how to reach the databases. */
    public record Connection(List<OvsdbRemote> sbRemotes, TlsFiles tls, OvsdbRemote ovsRemote, long probeMillis) {
        public Connection {
            sbRemotes = List.copyOf(sbRemotes);
        }
    }

    /** Counters for status and metrics. */
    public static final class Counters {
        public final AtomicLong publishes = new AtomicLong();
        public final AtomicLong badRows = new AtomicLong();
        public final AtomicLong expiries = new AtomicLong();
    }

    private final Connection connection;
    private final OvnSettings settings;
    /** How long the start waits for a server to answer (then for its first snapshot: {@link #SNAPSHOT_WAIT_MILLIS}). */
    private final long initialWaitMillis;
    static final long SNAPSHOT_WAIT_MILLIS = 60_000;
    private final CountDownLatch firstView = new CountDownLatch(1);
    private final Counters counters = new Counters();
    /** The daemon's event loops: the monitors' connections, and the clock of keep-when-unreachable. */
    private final EventLoopGroup loops;
    private volatile OvsdbMonitor monitor;
    private volatile String chassis;
    /** What the SB says this chassis announces, kept row by row (made with the first view; guarded by this). */
    private OvnRouteTracker tracker;
    private volatile boolean connected;
    private volatile String connectionDetail = "not connected yet";
    private volatile Instant downSince;
    /** The last known set was withdrawn after keep-when-unreachable (until the SB answers again). */
    private volatile boolean expired;
    private volatile boolean closed;
    private Thread starter;
    private RouteSink sink;
    /** What the RIB was last given, facts included. */
    private Map<Prefix, Route> published;
    /** After an expiry: the next view is compared in full with what the RIB was last given. */
    private boolean republishAll;
    private ScheduledFuture<?> expiry;
    private Set<String> loggedProblems = Set.of();
    private Set<String> loggedNotes = Set.of();

    /** @param loops the epoll event loops for the OVSDB connections and timers; {@link #close} leaves them running */
    public OvnSource(Connection connection, OvnSettings settings, long initialWaitMillis, EventLoopGroup loops) {
        this.connection = connection;
        this.settings = settings;
        this.initialWaitMillis = initialWaitMillis;
        this.chassis = settings.chassis();
        this.loops = java.util.Objects.requireNonNull(loops, "loops");
    }

    /** For tests of the publishing core: feeds a copy of the SB as the monitor would. */
    synchronized void attach(RouteSink s) {
        this.sink = s;
    }

    @Override
    public String name() {
        return NAME;
    }

    public Counters counters() {
        return counters;
    }

    /** The SB monitor's counters (all zero before the chassis name is known and the monitor starts). */
    public OvsdbMonitor.Counters monitorCounters() {
        OvsdbMonitor m = monitor;
        return m == null ? NO_MONITOR : m.counters();
    }

    private static final OvsdbMonitor.Counters NO_MONITOR = new OvsdbMonitor.Counters();

    /** The current announcement, a copy (null before the first complete view). */
    public synchronized OvnAnnouncer.Announcement announcement() {
        return tracker == null ? null : tracker.announcement();
    }

    public boolean connected() {
        return connected;
    }

    @Override
    public dev.herald.sources.SourceHealth health() {
        OvsdbMonitor.Counters m = monitorCounters();
        java.util.Map<String, Long> errors = new java.util.LinkedHashMap<>();
        errors.put("connect", m.connectFailures.get());
        errors.put("garbage", m.garbage.get() + counters.badRows.get());
        return new dev.herald.sources.SourceHealth(java.util.Optional.of(connected),
                java.util.OptionalLong.of(m.fullSnapshots.get()), errors, java.util.OptionalLong.empty());
    }

    @Override
    public java.util.Optional<String> statusText() {
        return java.util.Optional.of(status());
    }

    @Override
    public void start(RouteSink sink) {
        synchronized (this) {
            this.sink = sink;
        }
        Thread t = new Thread(this::begin, "herald-ovn-start");
        t.setDaemon(true);
        starter = t;
        t.start();
        try {
            boolean done = firstView.await(initialWaitMillis, TimeUnit.MILLISECONDS);
            if (!done && monitorCounters().monitorRequests.get() > 0) {
                // a usable server answered and its snapshot is on its way (100,000 rows take seconds):
                // worth waiting for, so that the first End-of-RIB carries OVN's routes
                done = firstView.await(SNAPSHOT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            }
            if (!done) {
                LOG.log(Level.WARNING, "ovn: no complete view of the Southbound database after {0} ms ({1}); going on, "
                        + "routes follow when it answers", initialWaitMillis, connectionDetail);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void begin() {
        String name = settings.chassis();
        if (name == null) {
            try {
                name = systemId();
            } catch (InterruptedException e) {
                return;
            }
            if (name == null) {
                return; // closed
            }
        }
        chassis = name;
        LOG.log(Level.INFO, "ovn: chassis {0}; Southbound at {1}", name, connection.sbRemotes());
        OvsdbMonitor m = new OvsdbMonitor(new OvsdbMonitor.Settings(connection.sbRemotes(), connection.tls(),
                SbRequests.DATABASE, connection.probeMillis(), 5_000, 120_000, 100, 8_000), new SbRequests(name),
                new OvsdbMonitor.Listener() {
                    @Override
                    public void changed(DbState state, DbState.Changes changes, boolean fullSnapshot) {
                        onChange(state, changes, fullSnapshot);
                    }

                    @Override
                    public void connection(boolean up, String detail) {
                        onConnection(up, detail);
                    }
                }, new Random(), loops);
        synchronized (this) {
            if (closed) {
                return;
            }
            monitor = m;
        }
        m.start();
    }

    /** Reads {@code external_ids:system-id} from the local Open_vSwitch database, retrying until it is there. */
    private String systemId() throws InterruptedException {
        CompletableFuture<String> id = new CompletableFuture<>();
        OvsdbMonitor ovs = new OvsdbMonitor(new OvsdbMonitor.Settings(List.of(connection.ovsRemote()), null, "Open_vSwitch", 0,
                5_000, 30_000, 200, 5_000), (Schema schema, DbState current) -> {
                    JsonNodeFactory f = JsonNodeFactory.instance;
                    ObjectNode req = f.objectNode();
                    req.set("columns", f.arrayNode().add("external_ids"));
                    ObjectNode out = f.objectNode();
                    out.set("Open_vSwitch", f.arrayNode().add(req));
                    return out;
                }, new OvsdbMonitor.Listener() {
                    @Override
                    public void changed(DbState state, DbState.Changes changes, boolean full) {
                        for (var row : state.rows("Open_vSwitch").values()) {
                            String sid = Datum.stringMap(row.get("external_ids")).get("system-id");
                            if (sid != null && !sid.isEmpty()) {
                                id.complete(sid);
                            }
                        }
                    }

                    @Override
                    public void connection(boolean up, String detail) {
                        if (!up) {
                            LOG.log(Level.WARNING, "ovn: cannot read the chassis name from Open_vSwitch: {0}", detail);
                        }
                    }
                }, new Random(), loops);
        ovs.start();
        try {
            while (!closed) {
                try {
                    return id.get(1, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // keep waiting: ovs-vswitchd may not have set system-id yet
                } catch (java.util.concurrent.ExecutionException e) {
                    return null;
                }
            }
            return null;
        } finally {
            ovs.close();
        }
    }

    void onChange(DbState state, DbState.Changes changes, boolean fullSnapshot) {
        long observed = System.nanoTime(); // the monitor's update (or snapshot) has just been received
        Map<String, Set<String>> touched = state.drainTouched();
        synchronized (this) {
            if (tracker == null) {
                tracker = new OvnRouteTracker(chassis, settings);
            }
            Set<Prefix> changed = tracker.update(state, touched);
            if (fullSnapshot) {
                LOG.log(Level.INFO, "ovn: full Southbound snapshot: {0} rows inserted, {1} changed, {2} deleted against the last "
                        + "copy; {3} Advertised_Route rows, {4} prefixes for chassis {5}{6}; {7}", changes.inserted(),
                        changes.modified(), changes.deleted(), tracker.rows(), tracker.routes().size(), chassis,
                        tracker.chassisUuid() == null ? " (no Chassis row of that name yet)" : "",
                        semantics(state.schema().version()));
                if (!state.schema().hasTable(SbRequests.ADVERTISED_ROUTE)) {
                    LOG.log(Level.ERROR, "ovn: the Southbound schema {0} has no Advertised_Route table: OVN 25.03 or newer is "
                            + "needed", state.schema().version());
                }
            }
            publish(changed, observed);
        }
        firstView.countDown();
    }

    /** Which OVN release's rules are followed, and why, for the log. */
    private String semantics(String schemaVersion) {
        OvnSemantics.Choice c = settings.semanticsFor(schemaVersion);
        String rules = "following OVN " + c.semantics().release() + "'s ovn-controller";
        if (settings.semantics() != null) {
            return rules + " (sources.ovn.semantics; SB schema " + schemaVersion + ")";
        }
        return rules + " (SB schema " + schemaVersion + (c.exact() ? ")"
                : ", no release's own: the nearest older release's rules; sources.ovn.semantics can say which)");
    }

    synchronized void onConnection(boolean up, String detail) {
        connectionDetail = detail;
        if (up) {
            if (!connected) {
                LOG.log(Level.INFO, "ovn: connected to the Southbound database at {0}", detail);
            }
            connected = true;
            downSince = null;
            expired = false;
            if (expiry != null) {
                expiry.cancel(false);
                expiry = null;
            }
            return;
        }
        if (connected || downSince == null) {
            downSince = Instant.now();
            int n = published == null ? 0 : published.size();
            LOG.log(Level.WARNING, "ovn: Southbound unreachable ({0}); keeping the last known {1} prefixes {2}", detail, n,
                    settings.keepWhenUnreachable() == null ? "until it is back" : "for " + settings.keepWhenUnreachable());
            if (settings.keepWhenUnreachable() != null && expiry == null && !closed) {
                // The loop only keeps time: expire() takes this source's lock, which a big snapshot holds
                // for seconds, so it runs on a thread of its own rather than stall the loop's sessions.
                expiry = loops.next().schedule(() -> Thread.ofVirtual().name("herald-ovn-expiry").start(this::expire),
                        settings.keepWhenUnreachable().toMillis(), TimeUnit.MILLISECONDS);
            }
        } else {
            LOG.log(Level.DEBUG, "ovn: still unreachable: {0}", detail);
        }
        connected = false;
    }

    private synchronized void expire() {
        expiry = null;
        if (connected || closed || published == null || published.isEmpty()) {
            return;
        }
        counters.expiries.incrementAndGet();
        expired = true;
        LOG.log(Level.WARNING, "ovn: Southbound unreachable for {0}: withdrawing the {1} prefixes", settings.keepWhenUnreachable(),
                published.size());
        published = new HashMap<>();
        republishAll = true;
        sink.replaceAll(NAME, List.of());
    }

    /** Hands the RIB what changed among {@code changed} (every prefix on the first view and after an expiry). */
    private void publish(Set<Prefix> changed, long observed) {
        Collection<String> problems = tracker.problems();
        for (String p : problems) {
            if (!loggedProblems.contains(p)) {
                counters.badRows.incrementAndGet();
                LOG.log(Level.WARNING, "ovn: skipped: {0}", p);
            }
        }
        loggedProblems = new HashSet<>(problems);
        List<String> notes = tracker.notes();
        for (String n : notes) {
            if (!loggedNotes.contains(n)) {
                LOG.log(Level.WARNING, "ovn: {0}", n);
            }
        }
        loggedNotes = new HashSet<>(notes);
        if (published == null) {
            published = new HashMap<>();
            for (OvnRoute r : tracker.routes().values()) {
                published.put(r.prefix(), sharedRoute(r));
            }
            counters.publishes.incrementAndGet();
            sink.replaceAll(NAME, List.copyOf(published.values()), observed);
            return;
        }
        Collection<Prefix> candidates = changed;
        if (republishAll) {
            Set<Prefix> all = new HashSet<>(tracker.routes().keySet());
            all.addAll(published.keySet());
            candidates = all;
            republishAll = false;
        }
        List<Route> upsert = new ArrayList<>();
        List<Prefix> del = new ArrayList<>();
        int added = 0;
        for (Prefix p : candidates) {
            OvnRoute r = tracker.route(p);
            Route before = published.get(p);
            if (r == null) {
                if (before != null) {
                    published.remove(p);
                    del.add(p);
                }
                continue;
            }
            Route now = sharedRoute(r);
            if (!now.equals(before)) { // a new prefix, or another next hop, MED or tag
                published.put(p, now);
                upsert.add(now);
                if (before == null) {
                    added++;
                }
            }
        }
        if (upsert.isEmpty() && del.isEmpty()) {
            return;
        }
        counters.publishes.incrementAndGet();
        if (upsert.size() + del.size() <= 20) {
            LOG.log(Level.INFO, "ovn: announce {0}, withdraw {1}", upsert.stream().map(r -> r.prefix() + " " + r.facts()).toList(),
                    del);
        } else {
            LOG.log(Level.INFO, "ovn: announce {0} new and {1} changed prefixes, withdraw {2}", added, upsert.size() - added,
                    del.size());
        }
        sink.update(NAME, upsert, del, observed);
    }

    /**
     * The RIB's routes: OVN's metric (100 where the tracked port is local, else 1000) as the
     * priority, the configured MED, the next hop hint, the tags, and the row's router and port as
     * the origin.
     */
    static Map<Prefix, Route> ribRoutes(OvnAnnouncer.Announcement a) {
        Map<Prefix, Route> out = new java.util.LinkedHashMap<>();
        for (OvnRoute r : a.routes().values()) {
            out.put(r.prefix(), route(r));
        }
        return out;
    }

    static Route route(OvnRoute r) {
        return new Route(r.prefix(), facts(r));
    }

    private static RouteFacts facts(OvnRoute r) {
        return RouteFacts.of(NAME).withOrigin("ovn router=" + r.router() + " port=" + r.logicalPort())
                .withPriority(Boolean.TRUE.equals(r.trackedLocal()) ? OvnSettings.OVN_LOCAL_METRIC : OvnSettings.OVN_METRIC)
                .withMed(r.med()).withNextHop(r.nextHop()).withTags(r.tags());
    }

    /** What makes a route's facts: routes of one port share one facts object (and its tags). */
    private record FactsKey(String router, String port, String vrf, long vrfId, Boolean trackedLocal, int med,
            java.net.InetAddress nextHop) {
    }

    /** Shared facts (guarded by this); cleared when it grows past {@link #FACTS_CACHE_MAX}, so churn cannot grow it. */
    private final Map<FactsKey, RouteFacts> factsCache = new HashMap<>();
    private static final int FACTS_CACHE_MAX = 10_000;

    /** As {@link #route(OvnRoute)}, with facts shared between routes: 100,000 routes of one port hold one. */
    private Route sharedRoute(OvnRoute r) {
        FactsKey k = new FactsKey(r.router(), r.logicalPort(), r.vrfName(), r.vrfId(), r.trackedLocal(), r.med(), r.nextHop());
        RouteFacts f = factsCache.get(k);
        if (f == null) {
            if (factsCache.size() >= FACTS_CACHE_MAX) {
                factsCache.clear();
            }
            f = facts(r);
            factsCache.put(k, f);
        }
        return new Route(r.prefix(), f);
    }

    /** Routes listed by {@link #status} (all of them are in {@code herald routes}). */
    static final int STATUS_ROUTES = 50;

    /** A status text: connection, chassis, counters, and the first announced routes with their facts. */
    public synchronized String status() {
        StringBuilder sb = new StringBuilder();
        OvnRouteTracker a = tracker;
        OvsdbMonitor m = monitor;
        sb.append("ovn: chassis ").append(chassis == null ? "(reading system-id)" : chassis).append("; Southbound ")
                .append(connected ? "connected: " + connectionDetail
                        : downSince == null ? "not connected yet: " + connectionDetail
                        : "unreachable since " + downSince + ": " + connectionDetail + (expired
                                ? "; the last known set was withdrawn after " + settings.keepWhenUnreachable()
                                : "; keeping the last known set " + (settings.keepWhenUnreachable() == null ? "until it is back"
                                        : "for " + settings.keepWhenUnreachable())))
                .append('\n');
        if (m != null) {
            var c = m.counters();
            sb.append("connects ").append(c.connects).append(", failures ").append(c.connectFailures).append(", servers skipped ")
                    .append(c.serversSkipped).append(", resumes ").append(c.resumes).append(", full snapshots ")
                    .append(c.fullSnapshots).append('\n');
        }
        if (a == null) {
            return sb.append("no complete view of the Southbound database yet\n").toString();
        }
        // the first routes in prefix order (sorted here: status is rare, changes are not)
        List<Prefix> first = a.routes().keySet().stream().sorted().limit(STATUS_ROUTES).toList();
        for (Prefix p : first) {
            sb.append("announced ").append(a.route(p)).append('\n');
        }
        if (a.routes().size() > STATUS_ROUTES) {
            sb.append("... and ").append(a.routes().size() - STATUS_ROUTES).append(" more\n");
        }
        sb.append(a.rows()).append(" Advertised_Route rows; ").append(a.notLocal()).append(" not local; ")
                .append(a.problems().size()).append(" unusable\n");
        return sb.toString();
    }

    @Override
    public void close() {
        OvsdbMonitor m;
        synchronized (this) {
            closed = true;
            m = monitor;
            if (expiry != null) {
                expiry.cancel(false);
            }
        }
        if (m != null) {
            m.close();
        }
        Thread t = starter;
        if (t != null) {
            t.interrupt();
        }
    }
}
