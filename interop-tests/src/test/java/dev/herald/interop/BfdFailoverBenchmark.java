package dev.herald.interop;

import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.RequiresHeraldLab;
import dev.herald.interop.lab.KernelFib;
import dev.herald.interop.lab.RoutePoller;
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
 * Failover (issue 19, docs/benchmarks.md "Failover"): the announcer's namespace goes silent (every
 * packet dropped, its processes still running, as a frozen host) while the receiving router's
 * kernel FIB is read every 20 ms ({@link KernelFib}: zebra installs FRR's best paths there); the
 * time from the announcer's IPv4 OUTPUT drop ({@link Silence#since}) to the first read without the
 * announced prefix, median and max over N runs. Beside it the same from FRR's BGP table through
 * {@code vtysh}, polled as fast as it answers (100-200 ms a query on the shared lab machine: the
 * earlier figures' resolution). For
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

    /** One run's figures: ms to the prefix gone from the FIB and from the BGP table, the table poll's real gap, the silence's uncertainty. */
    private record Run(long fibMs, long tableMs, long tableGapMs, long silenceMs) {}

    @Test
    void timeToRoutesGoneAfterTheAnnouncerFreezes() throws Exception {
        RECEIVER.require();
        int runs = Integer.getInteger("herald.bench.failover.runs", 10);
        StringBuilder table = new StringBuilder("| announcer | runs | FIB median (ms) | FIB max (ms) | BGP table (vtysh) median (ms)"
                + " | BGP table max (ms) | vtysh polls at most (ms apart) |\n|---|---|---|---|---|---|---|\n");
        for (Announcer a : Announcer.values()) {
            List<Run> results = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                results.add(run(a));
                System.err.println("[failover] " + a + " run " + (i + 1) + ": " + results.getLast());
            }
            List<Long> fib = results.stream().map(Run::fibMs).sorted().toList();
            List<Long> bgp = results.stream().map(Run::tableMs).sorted().toList();
            table.append("| ").append(a).append(" | ").append(runs).append(" | ").append(fib.get(fib.size() / 2)).append(" | ")
                    .append(fib.getLast()).append(" | ").append(bgp.get(bgp.size() / 2)).append(" | ").append(bgp.getLast())
                    .append(" | ").append(results.stream().mapToLong(Run::tableGapMs).max().orElse(0)).append(" |\n");
        }
        System.err.println("[failover] receiver " + RECEIVER + "; times from the announcer's IPv4 OUTPUT drop to the first poll"
                + " without the prefix; the kernel FIB read every " + POLL_MS + " ms, the BGP table as fast as vtysh answers:\n"
                + table);
    }

    /** One run: a fresh link, the announcer up, then silence; the prefix's time to gone (-1: not within 30 s). */
    private static Run run(Announcer a) throws Exception {
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
            KernelFib fib = link.own(KernelFib.of(link.routerNs()));
            receiver.await("the prefix in the BGP table and the FIB" + (bfd ? ", BFD Up" : ""), TIMEOUT,
                    () -> !receiver.routes(PREFIX).isEmpty() && fib.has(PREFIX)
                    && (!bfd || receiver.bfdSessions().stream().anyMatch(s -> s.up())) ? Optional.of(true) : Optional.empty());
            try (RoutePoller fibPoll = RoutePoller.start("FIB", () -> fib.has(PREFIX), POLL_MS);
                    RoutePoller tablePoll = RoutePoller.start("BGP table", () -> !receiver.routes(PREFIX).isEmpty(), POLL_MS);
                    Silence silence = Silence.of(link.speakerNs())) {
                long fibMs = fibPoll.awaitFirstMiss(silence.since(), LIMIT_MS);
                long tableMs = tablePoll.awaitFirstMiss(silence.since(), LIMIT_MS);
                return new Run(fibMs, tableMs, tablePoll.tally().maxGapMs(), silence.uncertaintyMs());
            }
        }
    }
}
