package dev.herald.bgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Family;
import dev.herald.codec.InetAddresses;
import dev.herald.codec.Prefix;
import dev.herald.codec.Update;
import dev.herald.rib.PeerSessionInfo;
import dev.herald.rib.Rib;
import dev.herald.rib.UpdateSink;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The RIB thread: its coalescing window (what comes and goes within it is never sent, the rest goes
 * out together), and a joining peer's initial table sent in slices between other work.
 */
class RibExecutorTest {
    private static final Prefix A = Prefix.parse("203.0.113.0/24");
    private static final Prefix B = Prefix.parse("198.51.100.0/24");
    private static final Prefix C = Prefix.parse("192.0.2.0/24");

    @Test
    void changesWithinTheWindowAreCoalesced() throws Exception {
        List<Update> sent = new CopyOnWriteArrayList<>();
        UpdateSink sink = new UpdateSink() {
            @Override
            public void send(Update u) {
                sent.add(u);
            }

            @Override
            public void flush() {
            }
        };
        PeerSessionInfo s = new PeerSessionInfo("p", 65010, 65001, Set.of(Family.IPV4_UNICAST), Set.of(),
                InetAddresses.parse("198.18.0.2"), Optional.empty(), Optional.empty(), 4096);
        try (RibExecutor rib = new RibExecutor(new Rib(), 1000)) {
            rib.post(r -> r.peerUp(s, sink));
            rib.query(Rib::size); // a query sends what is pending first: the initial table
            assertEquals(1, sent.size(), "End-of-RIB only: " + sent);
            rib.post(r -> r.change("static", List.of(A), List.of()));
            rib.post(r -> r.change("static", List.of(B), List.of()));
            rib.post(r -> r.change("static", List.of(C), List.of(A)));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (sent.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(2, sent.size(), "one UPDATE for the whole window: " + sent);
            Update u = sent.get(1);
            assertEquals(List.of(C, B), u.nlri()); // in prefix order
            assertTrue(u.withdrawn().isEmpty(), "A came and went within the window: neither announced nor withdrawn");
        }
    }

    /** What the sinks received, in the order the RIB thread sent it: peer name and UPDATE. */
    private record Sent(String peer, Update update) {
    }

    private static UpdateSink recording(String peer, List<Sent> log) {
        return new UpdateSink() {
            @Override
            public void send(Update u) {
                log.add(new Sent(peer, u));
            }

            @Override
            public void flush() {
            }
        };
    }

    private static PeerSessionInfo session(String name) {
        return new PeerSessionInfo(name, 65010, 65001, Set.of(Family.IPV4_UNICAST), Set.of(),
                InetAddresses.parse("198.18.0.2"), Optional.empty(), Optional.empty(), 4096);
    }

    /**
     * A peer joins; a source change is posted once its table has started (the RIB thread is held
     * by a latch meanwhile, so the order of the tasks is fixed, not timed). The change reaches the
     * member in sync between the newcomer's first UPDATE and its End-of-RIB: the newcomer's table
     * goes out in slices queued behind the work posted meanwhile.
     */
    @Test
    void aDeltaReachesAMemberInSyncBeforeAJoiningPeersTableIsDone() throws Exception {
        Rib r = new Rib();
        r.setSyncChunk(50);
        List<Sent> log = new CopyOnWriteArrayList<>();
        List<dev.herald.rib.Route> table = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            table.add(new dev.herald.rib.Route(Prefix.parse("10." + (i / 256) + "." + (i % 256) + ".0/24"), "static"));
        }
        try (RibExecutor rib = new RibExecutor(r, 0)) {
            rib.post(x -> x.replaceSource("static", table));
            rib.post(x -> x.peerUp(session("a"), recording("a", log)));
            rib.query(Rib::size);
            while (rib.query(Rib::syncing)) {
                Thread.sleep(5); // a's own table, slice by slice
            }
            assertTrue(log.getLast().update().endOfRibFamily().isPresent(), "a is in sync");
            int before = log.size();

            // The RIB thread runs: b's peerUp (which queues the first slice), then a task that waits for
            // the test; meanwhile the change is posted, so it is queued behind b's first or second slice.
            java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            rib.post(x -> x.peerUp(session("b"), recording("b", log)));
            rib.post(x -> {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            running.await();
            rib.post(x -> x.change("static", List.of(A), List.of()));
            release.countDown();
            while (rib.query(Rib::syncing)) {
                Thread.sleep(5);
            }

            List<Sent> after = log.subList(before, log.size());
            int delta = indexOf(after, s -> s.peer().equals("a") && s.update().nlri().contains(A));
            int bFirst = indexOf(after, s -> s.peer().equals("b"));
            int bEnd = indexOf(after, s -> s.peer().equals("b") && s.update().endOfRibFamily().isPresent());
            assertTrue(delta >= 0 && bFirst >= 0 && bEnd > bFirst, after.toString());
            assertTrue(bFirst < delta && delta < bEnd, "a's delta went out while b's table was on its way (b's first UPDATE "
                    + bFirst + ", a's delta " + delta + ", b's End-of-RIB " + bEnd + ")");
            long bUpdates = after.stream().filter(s -> s.peer().equals("b")).count();
            assertTrue(bUpdates > 2, "b's table in several UPDATEs: " + bUpdates);
            assertTrue(after.stream().anyMatch(s -> s.peer().equals("b") && s.update().nlri().contains(A)),
                    "b gets A too");
        }
    }

    private static int indexOf(List<Sent> l, java.util.function.Predicate<Sent> p) {
        for (int i = 0; i < l.size(); i++) {
            if (p.test(l.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
