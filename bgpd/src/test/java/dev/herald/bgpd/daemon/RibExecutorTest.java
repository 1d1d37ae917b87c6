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

/** The RIB thread's coalescing window: what comes and goes within it is never sent, the rest goes out together. */
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
}
