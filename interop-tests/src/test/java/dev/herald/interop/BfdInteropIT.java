package dev.herald.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bfd.Parameters;
import dev.herald.bfd.State;
import dev.herald.bfd.io.BfdTransport;
import dev.herald.bfd.io.SessionSpec;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.NetnsSocket;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterBfdSession;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * herald's BFD (module bfd's {@link BfdTransport}, owned by the test, in the speaker namespace of
 * a lab link) against the BFD of real routers: FRR's bfdd (8.4, 10.7) and BIRD (2.0, 2.20, 3.4),
 * each running four sessions of its own ({@code bfd / peer}, {@code protocol bfd / neighbor}):
 * single hop over IPv4, IPv6 and IPv6 link-local, and multihop over IPv4 (RFC 5881, 5883).
 *
 * <p>The two sides are given different timers so that each side's negotiation shows: the router
 * asks for packets no faster than 200 ms (Required Min RX) and sends at 100 ms; herald runs 100 ms
 * x 3 both ways. So the router's detection time for herald is 3 x max(200, 100) = 600 ms (its
 * view), and herald sends at 200 ms, not 100 ms (counted from herald's packets sent). Then herald
 * raises its Desired Min TX to 300 ms on one session while Up: the Poll Sequence (RFC 5880 6.8.3)
 * makes the router's detection time 900 ms, with no Down in between on either side.
 *
 * <p>GoBGP 4.8 (BFD since 4.6: single hop, per BGP neighbour, no intervals shown) gets a test of
 * its own with one IPv4 session. Trixie's FRR 10.3 and BIRD 2.17 are left out to keep CI short:
 * the sid tree's newer ones cover the newer code. GoBGP 3.x and OpenBGPD have no BFD (ADR 0016).
 */
class BfdInteropIT {
    private static final RouterConfig.Bfd ROUTER = RouterConfig.Bfd.of(200, 100, 3);
    private static final Parameters HERALD = new Parameters(100_000, 100_000, 3);
    private static final Parameters HERALD_SLOWER = new Parameters(300_000, 100_000, 3);
    /** BIRD sends multihop packets with TTL 64, FRR with 255 (RFC 5883 leaves the least TTL to configuration). */
    private static final int MULTIHOP_MIN_TTL = 64;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private record Event(BfdTransport.Handle session, State state) {}

    @ParameterizedTest(name = "BFD with {0}")
    @EnumSource(value = RouterKind.class, names = {"FRR_HOST", "FRR_SID", "BIRD_HOST", "BIRD_SID", "BIRD3_SID"})
    void sessionsComeUpNegotiateBothWaysAndPollFinalChangesTheInterval(RouterKind kind) throws Exception {
        kind.require();
        long t0 = System.nanoTime();
        try (LabLink link = LabLink.create("bfd-" + kind.name())) {
            link.awaitLinkLocal();
            InetAddress routerLl = link.routerLinkLocal();
            InetAddress speakerLl = link.speakerLinkLocal();
            RouterConfig config = RouterConfig.standard(link).withBfdPeers(List.of(
                    RouterConfig.BfdPeer.singleHop(link.speakerV4(), link.routerV4(), ROUTER),
                    RouterConfig.BfdPeer.singleHop(link.speakerV6(), link.routerV6(), ROUTER),
                    RouterConfig.BfdPeer.linkLocal(speakerLl, routerLl, LabLink.IFNAME, ROUTER),
                    RouterConfig.BfdPeer.multihop(link.speakerV4(), link.routerV4(), ROUTER)));
            Router router = link.own(kind.start(link.routerNs(), config, link.logDir().resolve("router")));

            ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
            BfdTransport herald = link.own(BfdTransport.start(NetnsSocket.threadsIn(link.speakerNs(), "herald-bfd")));
            BfdTransport.Listener record = (s, c) -> events.add(new Event(s, c.to()));
            int ifindex = link.speakerIfindex();
            BfdTransport.Handle v4 = herald.add(SessionSpec.singleHop(link.speakerV4(), link.routerV4(), 0, HERALD), record);
            List<BfdTransport.Handle> sessions = List.of(v4,
                    herald.add(SessionSpec.singleHop(link.speakerV6(), link.routerV6(), 0, HERALD), record),
                    herald.add(SessionSpec.singleHop(speakerLl, routerLl, ifindex, HERALD), record),
                    herald.add(SessionSpec.multihop(link.speakerV4(), link.routerV4(), MULTIHOP_MIN_TTL, HERALD), record));

            router.await("herald's four sessions Up", TIMEOUT,
                    () -> sessions.stream().allMatch(s -> s.state() == State.UP) ? Optional.of(true) : Optional.empty());
            String[] last = {""};
            Map<String, RouterBfdSession> seen = router.await("the router's four sessions Up and negotiated", TIMEOUT, () -> {
                Map<String, RouterBfdSession> m = byKey(router.bfdSessions());
                if (!m.toString().equals(last[0])) {
                    last[0] = m.toString();
                    System.err.println("[bfd] " + kind + " shows " + m.values());
                }
                return m.size() == 4 && m.values().stream().allMatch(s -> s.up() && s.detectTimeMs() == 600)
                        ? Optional.of(m) : Optional.empty();
            });
            long upAt = System.nanoTime();
            System.err.println("[bfd] " + kind + ": four sessions Up both ways in " + (upAt - t0) / 1_000_000 + " ms; router's view " + seen);
            for (RouterBfdSession s : seen.values()) {
                // The router takes herald's Desired Min TX as advertised (FRR shows it; BIRD only its effect, the timeout).
                s.remoteMinTxMs().ifPresent(tx -> assertEquals(100, tx, "herald's Desired Min TX as the router shows it: " + s));
            }

            // herald honours the router's Required Min RX: 4 sessions at 200 ms (jitter 75-100 %: at
            // least 150 ms apart) send at most 4 x (1000 / 150 + 1) packets a second; at herald's own
            // 100 ms they would send about 45. A slow machine sends fewer, never more.
            long sent0 = herald.status().sent();
            Lab.sleep(1000);
            long sent = herald.status().sent() - sent0;
            assertTrue(sent <= 4 * (1000 / 150 + 1), "herald sent " + sent + " packets in 1 s on 4 sessions: it ignores the router's"
                    + " Required Min RX of 200 ms");

            // Poll/Final: a slower Desired Min TX on the IPv4 session while Up.
            herald.setParameters(v4, HERALD_SLOWER);
            RouterBfdSession after = router.await("the router's detection time for herald's IPv4 session 900 ms", TIMEOUT, () ->
                    Optional.ofNullable(byKey(router.bfdSessions()).get(key(link.speakerV4(), false)))
                            .filter(s -> s.detectTimeMs() == 900));
            after.remoteMinTxMs().ifPresent(tx -> assertEquals(300, tx, "herald's new Desired Min TX as the router shows it"));
            RouterBfdSession before = seen.get(key(link.speakerV4(), false));
            assertTrue(after.up(), "the router's session is Up after the Poll Sequence: " + after);
            assertTrue(after.sameUpPeriodAs(before), "the router's session went Down during the Poll Sequence: "
                    + before.flapMarker() + " then " + after.flapMarker());
            List<Event> downs = events.stream().filter(e -> e.state() != State.UP && e.state() != State.INIT).toList();
            assertEquals(List.of(), downs, "herald's sessions went Down");
            for (BfdTransport.Handle s : sessions) {
                assertEquals(1, s.upTransitions(), "herald's session came Up once: " + s);
            }
            System.err.println("[bfd] " + kind + ": Poll Sequence done " + (System.nanoTime() - upAt) / 1_000_000
                    + " ms after Up (1 s of it counting packets); test " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
    }

    /**
     * GoBGP 4.8: BFD per BGP neighbour, single hop only, and it neither shows intervals nor adapts its own
     * to the peer's (docs/sources/bfd.md, ADR 0016). So: one IPv4 session Up both ways, herald honouring
     * GoBGP's Required Min RX, and a Poll Sequence from herald with no Down on either side.
     */
    @ParameterizedTest(name = "BFD with {0}")
    @EnumSource(value = RouterKind.class, names = {"GOBGP_SID"})
    void gobgpSessionComesUpAndStaysUpThroughAPollSequence(RouterKind kind) throws Exception {
        kind.require();
        long t0 = System.nanoTime();
        try (LabLink link = LabLink.create("bfd-" + kind.name())) {
            RouterConfig config = RouterConfig.standard(link).withOptions(RouterConfig.Options.NONE.withBfd(ROUTER));
            Router router = link.own(kind.start(link.routerNs(), config, link.logDir().resolve("router")));
            ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
            BfdTransport herald = link.own(BfdTransport.start(NetnsSocket.threadsIn(link.speakerNs(), "herald-bfd")));
            BfdTransport.Handle v4 = herald.add(SessionSpec.singleHop(link.speakerV4(), link.routerV4(), 0, HERALD),
                    (s, c) -> events.add(new Event(s, c.to())));
            router.await("herald's session and GoBGP's Up", TIMEOUT, () -> v4.state() == State.UP
                    && router.bfdSessions().stream().anyMatch(s -> s.peer().equals(link.speakerV4()) && s.up())
                    ? Optional.of(true) : Optional.empty());
            long upAt = System.nanoTime();

            long sent0 = herald.status().sent();
            Lab.sleep(1000);
            long sent = herald.status().sent() - sent0;
            assertTrue(sent <= 1000 / 150 + 1, "herald sent " + sent + " packets in 1 s: it ignores GoBGP's Required Min RX of 200 ms");

            herald.setParameters(v4, HERALD_SLOWER);
            Lab.sleep(1000); // the Poll Sequence takes one round trip; a Down would show within GoBGP's 300 ms detection time
            assertTrue(router.bfdSessions().stream().anyMatch(s -> s.peer().equals(link.speakerV4()) && s.up()),
                    "GoBGP's session Up after the Poll Sequence: " + router.bfdSessions());
            assertEquals(State.UP, v4.state(), "herald's session after the Poll Sequence");
            assertEquals(1, v4.upTransitions(), "herald's session came Up once");
            assertEquals(List.of(), events.stream().filter(e -> e.state() != State.UP && e.state() != State.INIT).toList(),
                    "herald's session went Down");
            System.err.println("[bfd] " + kind + ": Up " + (upAt - t0) / 1_000_000 + " ms after the start; test "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
    }

    private static Map<String, RouterBfdSession> byKey(List<RouterBfdSession> sessions) {
        Map<String, RouterBfdSession> m = new java.util.HashMap<>();
        for (RouterBfdSession s : sessions) {
            m.put(key(s.peer(), s.multihop()), s);
        }
        return m;
    }

    private static String key(InetAddress peer, boolean multihop) {
        return peer.getHostAddress().replaceFirst("%.*$", "") + (multihop ? " multihop" : "");
    }
}
