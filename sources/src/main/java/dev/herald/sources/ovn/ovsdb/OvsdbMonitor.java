package dev.herald.sources.ovn.ovsdb;

import dev.herald.sources.Threads;
import io.netty.channel.EventLoopGroup;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps a copy of some rows of one database up to date, across reconnects: the remotes are tried
 * shuffled with backoff; a clustered server is checked in {@code _Server} first; the monitor is
 * {@code monitor_cond_since} (resuming from the last transaction id), else {@code monitor_cond},
 * else {@code monitor}. Whenever the server cannot resume, the full snapshot it sends is diffed
 * against the copy, so the listener sees only what really changed.
 *
 * <p>One thread owns the copy and calls the listener; nothing else touches the {@link DbState}.
 * It also waits out the reconnect backoff and the requests' answers, so none of that blocks the
 * event loops the connections run on (the daemon's one group, given, not owned).
 */
public final class OvsdbMonitor implements AutoCloseable {
    private static final Logger LOG = System.getLogger("ovsdb");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    public static final String ZERO_TXN = "00000000-0000-0000-0000-000000000000";
    private static final String MONITOR_ID = "herald";
    private static final String SERVER_MONITOR_ID = "herald-server";

    /** What to monitor: for each table, the columns and (when conditions are usable) the where clauses. */
    public interface Requests {
        /**
         * @param current the copy as it is now (conditions may depend on it, e.g. the local chassis's uuid)
         * @return {@code <monitor-cond-requests>}: table name to an array of {columns, where}
         */
        ObjectNode build(Schema schema, DbState current);
    }

    /** Called on the monitor's thread. */
    public interface Listener {
        /** The copy changed (or was taken for the first time, or resynchronised after a lost transaction id). */
        void changed(DbState state, DbState.Changes changes, boolean fullSnapshot);

        /** Connection state for logs and status: connected to a server, or lost (why). */
        void connection(boolean up, String detail);
    }

    /**
     * @param probeMillis   inactivity probe on tcp:/ssl: remotes (0: off); unix: remotes never probe, as in OVS
     * @param minBackoffMillis first reconnect delay, doubled up to {@code maxBackoffMillis}
     */
    public record Settings(List<OvsdbRemote> remotes, TlsFiles tls, String database, long probeMillis,
            int connectTimeoutMillis, long requestTimeoutMillis, long minBackoffMillis, long maxBackoffMillis) {
        public Settings {
            remotes = List.copyOf(remotes);
            if (remotes.isEmpty()) {
                throw new IllegalArgumentException("no remote");
            }
        }
    }

    /** Counters for status and metrics. */
    public static final class Counters {
        public final AtomicLong connects = new AtomicLong();
        /** Monitor requests sent: a server passed the {@code _Server} check and its rows are on their way. */
        public final AtomicLong monitorRequests = new AtomicLong();
        public final AtomicLong connectFailures = new AtomicLong();
        public final AtomicLong serversSkipped = new AtomicLong();
        public final AtomicLong resumes = new AtomicLong();
        public final AtomicLong fullSnapshots = new AtomicLong();
        public final AtomicLong updates = new AtomicLong();
        public final AtomicLong garbage = new AtomicLong();
    }

    private record Note(String method, JsonNode params) {
    }

    private record Closed(String why) {
    }

    private final Settings settings;
    private final Requests requests;
    private final Listener listener;
    private final Random random;
    private final EventLoopGroup group;
    private final ServerCheck serverCheck = new ServerCheck();
    private final Counters counters = new Counters();
    private volatile boolean closed;
    private volatile Thread thread;
    private volatile OvsdbConnection connection;
    private volatile String method = "none";
    private DbState state;
    private String lastTxn = ZERO_TXN;

    /** @param group the epoll event loops the connections run on; {@link #close} leaves them running */
    public OvsdbMonitor(Settings settings, Requests requests, Listener listener, Random random, EventLoopGroup group) {
        this.settings = settings;
        this.requests = requests;
        this.listener = listener;
        this.random = random;
        this.group = java.util.Objects.requireNonNull(group, "group");
    }

    public Counters counters() {
        return counters;
    }

    /** The monitor method in use on the current connection. */
    public String method() {
        return method;
    }

    public void start() {
        Thread t = new Thread(this::run, "herald-ovsdb-" + settings.database());
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run() {
        List<OvsdbRemote> order = new ArrayList<>(settings.remotes());
        Collections.shuffle(order, random);
        int next = 0;
        long backoff = settings.minBackoffMillis();
        while (!closed) {
            if (next == order.size()) {
                Collections.shuffle(order, random);
                next = 0;
            }
            OvsdbRemote remote = order.get(next++);
            boolean synced = false;
            try {
                synced = session(remote);
            } catch (InterruptedException e) {
                break;
            } catch (Exception e) {
                if (closed) {
                    break;
                }
                String why = OvsdbException.reason(e);
                if (e instanceof SkipServer) {
                    counters.serversSkipped.incrementAndGet();
                } else {
                    counters.connectFailures.incrementAndGet();
                }
                listener.connection(false, remote + ": " + why);
            } finally {
                OvsdbConnection c = connection;
                if (c != null) {
                    c.close();
                }
                connection = null;
                method = "none";
            }
            if (synced) {
                backoff = settings.minBackoffMillis(); // it worked: the next server is tried at once
                continue;
            }
            try {
                Thread.sleep(jitter(backoff));
            } catch (InterruptedException e) {
                break;
            }
            backoff = Math.min(settings.maxBackoffMillis(), backoff * 2);
        }
    }

    private long jitter(long ms) {
        return ms / 2 + (long) (random.nextDouble() * ms / 2);
    }

    /** Thrown when a server answers but must not be used. */
    static final class SkipServer extends Exception {
        SkipServer(String m) {
            super(m);
        }
    }

    /** One connection's life; returns normally only when closing, else throws why it ended. */
    private boolean session(OvsdbRemote remote) throws Exception {
        LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        long probe = remote.kind() == OvsdbRemote.Kind.UNIX ? 0 : settings.probeMillis();
        OvsdbConnection c = OvsdbConnection.connect(group, remote, settings.tls(), settings.connectTimeoutMillis(), probe,
                new OvsdbConnection.Listener() {
                    @Override
                    public void notification(String m, JsonNode params) {
                        queue.add(new Note(m, params));
                    }

                    @Override
                    public void closed(String why) {
                        queue.add(new Closed(why));
                    }
                }).get(settings.connectTimeoutMillis() + 1_000L, TimeUnit.MILLISECONDS);
        connection = c;
        if (closed) {
            return false;
        }
        counters.connects.incrementAndGet();
        DbState server = checkServer(c);
        Schema schema = Schema.parse(await(c.request("get_schema", F.stringNode(settings.database()))));
        if (state == null || !state.schema().equals(schema)) {
            DbState fresh = new DbState(schema);
            if (state != null) {
                fresh.replaceWith(state);
                lastTxn = ZERO_TXN; // another schema: take everything again
            }
            state = fresh;
        }
        ObjectNode reqs = requests.build(schema, state);
        counters.monitorRequests.incrementAndGet();
        Synced initial = monitor(c, schema, reqs);
        listener.connection(true, remote + " (" + method + ")");
        if (initial.full() || initial.changes().any()) {
            counters.updates.incrementAndGet();
            listener.changed(state, initial.changes(), initial.full());
        }
        boolean synced = true;
        boolean condPending = false;
        CompletableFuture<JsonNode> condAck = null;
        while (!closed) {
            // conditions follow the copy (this chassis's row may just have arrived, in the first
            // snapshot too): ask for what the new conditions select before waiting for more
            if (!method.equals("monitor")) {
                ObjectNode now = requests.build(schema, state);
                if (!now.equals(reqs)) {
                    condAck = c.request("monitor_cond_change", F.stringNode(MONITOR_ID), F.stringNode(MONITOR_ID),
                            whereOnly(now));
                    condPending = true;
                    reqs = now;
                }
            }
            Object first = queue.poll(1, TimeUnit.SECONDS);
            if (condAck != null && condAck.isDone()) {
                if (condAck.isCompletedExceptionally()) {
                    throw new OvsdbException("monitor_cond_change refused: " + condAck.exceptionNow().getMessage());
                }
                condAck = null;
                condPending = false;
            }
            if (first == null) {
                continue;
            }
            List<Object> batch = new ArrayList<>();
            batch.add(first);
            queue.drainTo(batch);
            DbState.Changes sum = DbState.Changes.NONE;
            String end = null;
            for (Object o : batch) {
                if (o instanceof Closed cl) {
                    end = cl.why();
                    break;
                }
                Note n = (Note) o;
                try {
                    DbState.Changes ch = apply(n, server);
                    sum = new DbState.Changes(sum.inserted() + ch.inserted(), sum.modified() + ch.modified(),
                            sum.deleted() + ch.deleted());
                } catch (OvsdbException e) {
                    counters.garbage.incrementAndGet();
                    lastTxn = ZERO_TXN; // the copy may be half-updated: the next connection takes everything
                    throw e;
                }
            }
            if (sum.any()) {
                counters.updates.incrementAndGet();
                listener.changed(state, sum, false);
            }
            if (end != null) {
                if (condPending) {
                    lastTxn = ZERO_TXN; // rows the new condition selects may not have arrived
                }
                throw new OvsdbException("connection lost: " + end);
            }
        }
        return synced;
    }

    private record Synced(DbState.Changes changes, boolean full) {
    }

    /** Sends the monitor request, falling back as the server allows; applies the reply. */
    private Synced monitor(OvsdbConnection c, Schema schema, ObjectNode reqs) throws Exception {
        try {
            JsonNode r = await(c.request("monitor_cond_since", F.stringNode(settings.database()), F.stringNode(MONITOR_ID), reqs,
                    F.stringNode(lastTxn)));
            method = "monitor_cond_since";
            boolean found = r.path(0).asBoolean(false);
            String txn = r.path(1).asString(ZERO_TXN);
            if (found) {
                counters.resumes.incrementAndGet();
                DbState.Changes ch = state.applyUpdate2(r.path(2));
                lastTxn = txn;
                LOG.log(Level.DEBUG, "ovsdb: resumed {0} after transaction {1}: {2}", settings.database(), txn, ch);
                return new Synced(ch, false);
            }
            DbState.Changes ch = replace(schema, r.path(2), false);
            lastTxn = txn;
            return new Synced(ch, true);
        } catch (ExecutionException e) {
            if (!unknownMethod(e)) {
                throw e;
            }
        }
        try {
            JsonNode r = await(c.request("monitor_cond", F.stringNode(settings.database()), F.stringNode(MONITOR_ID), reqs));
            method = "monitor_cond";
            return new Synced(replace(schema, r, false), true);
        } catch (ExecutionException e) {
            if (!unknownMethod(e)) {
                throw e;
            }
        }
        JsonNode r = await(c.request("monitor", F.stringNode(settings.database()), F.stringNode(MONITOR_ID), columnsOnly(reqs)));
        method = "monitor";
        return new Synced(replace(schema, r, true), true);
    }

    private DbState.Changes replace(Schema schema, JsonNode updates, boolean v1) {
        if (state.isEmpty()) {
            // the first snapshot: nothing to diff against, so no copy of 100,000 rows to build and compare
            counters.fullSnapshots.incrementAndGet();
            return v1 ? state.applyUpdate1(updates) : state.applyUpdate2(updates);
        }
        DbState snap = new DbState(schema);
        if (v1) {
            snap.applyUpdate1(updates);
        } else {
            snap.applyUpdate2(updates);
        }
        counters.fullSnapshots.incrementAndGet();
        DbState.Changes ch = state.replaceWith(snap);
        LOG.log(Level.DEBUG, "ovsdb: full snapshot of {0}: {1} against the copy", settings.database(), ch);
        return ch;
    }

    private DbState.Changes apply(Note n, DbState server) throws SkipServer {
        JsonNode p = n.params();
        String id = Datum.atomText(p.path(0));
        if (SERVER_MONITOR_ID.equals(id)) {
            if ("update2".equals(n.method())) {
                server.applyUpdate2(p.path(1));
                String problem = serverProblem(server);
                if (problem != null) {
                    throw new SkipServer(problem);
                }
            }
            return DbState.Changes.NONE;
        }
        return switch (n.method()) {
            case "update3" -> {
                DbState.Changes ch = state.applyUpdate2(p.path(2));
                lastTxn = p.path(1).asString(lastTxn);
                yield ch;
            }
            case "update2" -> state.applyUpdate2(p.path(1));
            case "update" -> state.applyUpdate1(p.path(1));
            case "monitor_canceled" -> throw new OvsdbException("the server cancelled the monitor");
            default -> DbState.Changes.NONE;
        };
    }

    /** Monitors {@code _Server.Database} for our database; null when the server has no {@code _Server} (too old to be clustered). */
    private DbState checkServer(OvsdbConnection c) throws Exception {
        Schema schema = ServerCheck.SCHEMA;
        ObjectNode reqs = F.objectNode();
        ObjectNode one = F.objectNode();
        one.set("columns", F.arrayNode().add("name").add("model").add("connected").add("leader").add("index").add("cid"));
        one.set("where", F.arrayNode().add(F.arrayNode().add("name").add("==").add(settings.database())));
        reqs.set("Database", F.arrayNode().add(one));
        JsonNode r;
        try {
            r = await(c.request("monitor_cond", F.stringNode("_Server"), F.stringNode(SERVER_MONITOR_ID), reqs));
        } catch (ExecutionException e) {
            return new DbState(schema); // no _Server (or no monitor_cond): a standalone server of old
        }
        DbState server = new DbState(schema);
        server.applyUpdate2(r);
        String problem = serverProblem(server);
        if (problem != null) {
            throw new SkipServer(problem);
        }
        return server;
    }

    private String serverProblem(DbState server) {
        Map<String, JsonNode> row = null;
        for (Map<String, JsonNode> r : server.rows("Database").values()) {
            row = r;
        }
        return serverCheck.problem(settings.database(), row);
    }

    private static boolean unknownMethod(ExecutionException e) {
        String m = String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        return m.contains("unknown method");
    }

    private JsonNode await(CompletableFuture<JsonNode> f) throws Exception {
        try {
            return f.get(settings.requestTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new OvsdbException("no answer within " + settings.requestTimeoutMillis() + " ms");
        }
    }

    static ObjectNode columnsOnly(ObjectNode reqs) {
        return eachRequest(reqs, (r, copy) -> copy.set("columns", r.get("columns")));
    }

    static ObjectNode whereOnly(ObjectNode reqs) {
        return eachRequest(reqs, (r, copy) -> copy.set("where", r.has("where") ? r.get("where") : F.arrayNode().add(true)));
    }

    /** The requests, table by table, each request reduced to what {@code keep} puts into a fresh object. */
    private static ObjectNode eachRequest(ObjectNode reqs, java.util.function.BiConsumer<JsonNode, ObjectNode> keep) {
        ObjectNode out = F.objectNode();
        for (var e : reqs.properties()) {
            var arr = F.arrayNode();
            for (JsonNode r : e.getValue()) {
                ObjectNode copy = F.objectNode();
                keep.accept(r, copy);
                arr.add(copy);
            }
            out.set(e.getKey(), arr);
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        OvsdbConnection c = connection;
        if (c != null) {
            c.close();
        }
        Threads.stop(thread);
    }
}
