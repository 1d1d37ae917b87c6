package dev.herald.sources.lxd;

import static dev.herald.sources.TestPrefixes.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Prefix;
import dev.herald.rib.Route;
import dev.herald.sources.RouteSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LxdSourceTest {
    /** A fixture client whose event stream the test drives. */
    static final class Scripted implements LxdClient {
        final FixtureClient fixtures;
        volatile EventListener listener;

        Scripted(FixtureClient fixtures) {
            this.fixtures = fixtures;
        }

        @Override
        public JsonNode get(String path) throws IOException {
            return fixtures.get(path);
        }

        @Override
        public EventStream events(EventListener l) {
            listener = l;
            return () -> {
            };
        }

        void event(String json) {
            listener.event(LxdJson.parse(json.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public void close() {
        }
    }

    static final class Sink implements RouteSink {
        final LinkedBlockingQueue<Set<Prefix>> sets = new LinkedBlockingQueue<>();

        @Override
        public void replaceAll(String source, Collection<Route> routes) {
            Set<Prefix> s = new TreeSet<>();
            routes.forEach(r -> s.add(r.prefix()));
            sets.add(s);
        }

        @Override
        public void change(String source, Collection<Prefix> added, Collection<Prefix> removed) {
            throw new AssertionError("not used");
        }

        Set<Prefix> next() throws InterruptedException {
            Set<Prefix> s = sets.poll(5, TimeUnit.SECONDS);
            if (s == null) {
                throw new AssertionError("no replaceAll within 5 s");
            }
            return s;
        }
    }

    @Test
    void eventsRefetchAndReconnectsKeepTheLastGoodSetWithoutFlapping() throws Exception {
        List<Scripted> made = new CopyOnWriteArrayList<>();
        AtomicInteger attempt = new AtomicInteger();
        Sink sink = new Sink();
        LxdSource src = new LxdSource(() -> {
            int n = attempt.incrementAndGet();
            if (n == 2) {
                return new FailingClient(); // LXD away
            }
            FixtureClient f = FixtureClient.bridge();
            if (n == 3) {
                f.putText("/1.0/instances?recursion=1&all-projects=true", "<html>"); // garbage
            }
            Scripted s = new Scripted(f);
            made.add(s);
            return s;
        }, LxdSettings.defaults(), 5_000);
        src.start(sink);
        Set<Prefix> all = set("198.18.10.0/24", "fd00:10::/64", "203.0.113.7/32", "192.0.2.16/28");
        assertEquals(all, sink.next());
        assertTrue(src.connected(), "subscribed and past a full read");
        assertTrue(src.status(null).contains("refused: 1"));
        assertTrue(src.status("p2").contains("refused 203.0.113.0/24"));
        assertTrue(!src.status("default").contains("p2"));

        // c1 stops: its route goes
        Scripted first = made.get(0);
        first.fixtures.put("/1.0/instances/c1?project=default", "bridge/instance-c1-stopped.json");
        first.event("{\"type\":\"lifecycle\",\"metadata\":{\"action\":\"instance-stopped\",\"source\":\"/1.0/instances/c1\"},"
                + "\"project\":\"default\"}");
        assertEquals(set("198.18.10.0/24", "fd00:10::/64", "203.0.113.7/32"), sink.next());

        // the stream breaks; a refused connect and a garbage read later, a good read: the set comes back
        // as a whole, and nothing in between withdrew anything
        first.listener.closed(new IOException("gone"));
        assertEquals(all, sink.next());
        assertEquals(4, attempt.get());
        assertEquals(null, sink.sets.poll(300, TimeUnit.MILLISECONDS));
        assertTrue(src.counters().garbage.get() >= 1);
        assertTrue(src.counters().connectFailures.get() >= 2);

        // a reconnect with the same view sends nothing
        made.get(made.size() - 1).listener.closed(null);
        long syncs = src.counters().fullSyncs.get();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (src.counters().fullSyncs.get() == syncs && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(syncs + 1, src.counters().fullSyncs.get());
        assertEquals(null, sink.sets.poll(300, TimeUnit.MILLISECONDS));
        src.close();
        for (int i = 0; i < 100 && src.connected(); i++) {
            Thread.sleep(20);
        }
        assertTrue(!src.connected(), "closed: no longer connected");
    }

    @Test
    void periodicFullReadCatchesWhatAnEventMissed() throws Exception {
        FixtureClient f = FixtureClient.bridge();
        Scripted client = new Scripted(f);
        Sink sink = new Sink();
        LxdSource src = new LxdSource(() -> client, LxdSettings.defaults(), 5_000, 300);
        src.start(sink);
        assertEquals(set("198.18.10.0/24", "fd00:10::/64", "203.0.113.7/32", "192.0.2.16/28"), sink.next());
        // c1 stops but its event is lost: the next periodic read notices
        f.putText("/1.0/instances?recursion=1&all-projects=true", new String(
                FixtureClient.class.getResourceAsStream("/lxd/bridge/instances.json").readAllBytes(), StandardCharsets.UTF_8)
                .replaceFirst("\"status\": \"Running\"", "\"status\": \"Stopped\""));
        assertEquals(set("198.18.10.0/24", "fd00:10::/64", "203.0.113.7/32"), sink.next());
        assertEquals(null, sink.sets.poll(700, TimeUnit.MILLISECONDS)); // further reads change nothing, send nothing
        assertTrue(src.counters().fullSyncs.get() >= 3);
        src.close();
    }

    static final class FailingClient implements LxdClient {
        @Override
        public JsonNode get(String path) throws IOException {
            throw new IOException("connection refused");
        }

        @Override
        public EventStream events(EventListener listener) throws IOException {
            throw new IOException("connection refused");
        }

        @Override
        public void close() {
        }
    }
}
