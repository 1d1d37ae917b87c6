package dev.herald.interop;

import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.RequiresHeraldLab;
import dev.herald.interop.lab.RoutePolling;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import dev.herald.interop.lab.Silence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Failover (issue 19, docs/benchmarks.md "Failover" once the daemon has BFD): the announcer's
 * namespace goes silent (every packet dropped, its processes still running, as a frozen host)
 * while the receiving router's table is polled every 20 ms; the time until the announced prefix
 * is gone, median and max over N runs, for
 * <ul>
 * <li>herald with its own BFD ({@code bfd:} in its config) at 100 ms x 3, graceful restart on
 *     (the default: plain BFD on the router drops a dead herald's routes all the same, ADR 0016);</li>
 * <li>herald without BFD, hold time 9 s, graceful restart off (with it on, the default, the router
 *     keeps a dead herald's routes for the restart time after the hold time ran out, RFC 8538);</li>
 * <li>FRR as the announcer with bfdd at 100 ms x 3.</li>
 * </ul>
 * The receiver is FRR 10.7 (sid) with plain BFD on the neighbour (ADR 0016). Not part of
 * {@code verify}; run with
 * <pre>
 *   nice -n 19 ./mvnw -B -ntp -pl interop-tests -am verify -Dit.test=BfdFailoverBenchmark -Dtest=none \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false -Dherald.bench.failover.runs=10
 * </pre>
 * (about 15 s a run with BFD, 25 s without).
 */
@ExtendWith(RequiresHeraldLab.class)
class BfdFailoverBenchmark {
    private static final IpPrefix PREFIX = IpPrefix.parse("203.0.113.0/24");
    private static final RouterConfig.Bfd BFD = RouterConfig.Bfd.of(100, 100, 3);
    private static final String HERALD_BFD = "bfd: { min-rx: 100ms, min-tx: 100ms, multiplier: 3 }";
    private static final RouterKind RECEIVER = RouterKind.FRR_SID;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long LIMIT_MS = 30_000;
    private static final long POLL_MS = 20;

    private enum Announcer { HERALD_BFD, HERALD_HOLD_9S, FRR_BFD }

    @Test
    void timeToRoutesGoneAfterTheAnnouncerFreezes() throws Exception {
        RECEIVER.require();
        int runs = Integer.getInteger("herald.bench.failover.runs", 10);
        StringBuilder table = new StringBuilder("| announcer | runs | median (ms) | max (ms) |\n|---|---|---|---|\n");
        for (Announcer a : Announcer.values()) {
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                times.add(run(a));
                System.err.println("[failover] " + a + " run " + (i + 1) + ": " + times.getLast() + " ms");
            }
            List<Long> sorted = times.stream().sorted().toList();
            table.append("| ").append(a).append(" | ").append(runs).append(" | ").append(sorted.get(sorted.size() / 2))
                    .append(" | ").append(sorted.getLast()).append(" |\n");
        }
        System.err.println("[failover] receiver " + RECEIVER + ", polls every " + POLL_MS + " ms (after each query):\n" + table);
    }

    /** One run: a fresh link, the announcer up, then silence; milliseconds to the prefix gone (-1: not within 30 s). */
    private static long run(Announcer a) throws Exception {
        try (LabLink link = LabLink.create("failover-" + a.name().toLowerCase())) {
            boolean bfd = a != Announcer.HERALD_HOLD_9S;
            RouterConfig.Options o = RouterConfig.Options.NONE.withHoldTime(9);
            Router receiver = link.own(RECEIVER.start(link.routerNs(), RouterConfig.standard(link).withOptions(bfd ? o.withBfd(BFD) : o),
                    link.logDir().resolve("receiver")));
            if (a == Announcer.FRR_BFD) {
                Router frr = link.own(RouterKind.FRR_SID.start(link.speakerNs(),
                        RouterConfig.speaker(link).withOptions(o.withBfd(BFD)), link.logDir().resolve("announcer")));
                // Without import-check off, FRR announces a network only when its table has a route for it.
                Exec.Result r = frr.cli("conf t\nrouter bgp 65010\nno bgp network import-check\naddress-family ipv4 unicast\nnetwork "
                        + PREFIX + "\nend");
                if (!r.ok()) {
                    throw new AssertionError("FRR announcer: " + r.stdout() + r.stderr());
                }
            } else {
                // Without BFD, graceful restart (on by default) would keep a dead herald's routes for the restart
                // time after the hold time (RFC 8538): off, so that the figure is the hold time's.
                HeraldYaml.Peer peer = link.heraldPeer("r1").families("ipv4-unicast").holdTime(9).connectRetry(1);
                link.own(Herald.start(link.speakerNs(), HeraldYaml.lab().peer(bfd ? peer.line(HERALD_BFD)
                        : peer.line("graceful-restart: { enabled: false }")).statics(PREFIX.toString()).build(),
                        link.logDir().resolve("herald")));
            }
            receiver.await("the prefix" + (bfd ? " and BFD Up" : ""), TIMEOUT, () -> !receiver.routes(PREFIX).isEmpty()
                    && (!bfd || receiver.bfdSessions().stream().anyMatch(s -> s.up()))
                    ? Optional.of(true) : Optional.empty());
            try (Silence silence = Silence.of(link.speakerNs())) {
                return RoutePolling.msUntilGone(receiver, PREFIX, LIMIT_MS, POLL_MS);
            }
        }
    }
}
