package dev.herald.rib;

import static dev.herald.codec.Family.IPV4_UNICAST;
import static dev.herald.codec.Family.IPV6_UNICAST;
import static org.junit.jupiter.api.Assertions.fail;

import dev.herald.codec.Family;
import dev.herald.codec.Prefix;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Model-based test of the RIB: seeded random interleavings of source changes, peers coming up and
 * going down, policy changes, ROUTE-REFRESH, peers that cannot write for a while (back-pressure)
 * and flushes, with initial tables in small slices. After every drain, everyone writable again,
 * each Established peer's Adj-RIB-In, built only from the UPDATEs it received, must equal
 * {@link RibModel}'s winner per prefix filtered and transformed by its policy, and nothing may
 * wait for it any more.
 *
 * <p>{@code -Dherald.rib.seed=N} runs that seed alone (a failure prints it);
 * {@code -Dherald.rib.seeds} and {@code -Dherald.rib.steps} make the run longer.
 */
class RibModelTest {
    private static final List<String> SOURCES = List.of("static", "lxd", "kernel");
    private static final List<String> PEERS = List.of("p0", "p1", "p2", "p3");
    private static final List<Prefix> UNIVERSE = universe();
    private static final List<ExportPolicy> POLICIES = policies();
    /** The last policy's maximum-prefix-out: which prefixes it holds back depends on history, not how many. */
    private static final int MAX_PREFIX_OUT = 5;
    /** Operations kept for the failure message. */
    private static final int TRACE = 40;

    private static List<Prefix> universe() {
        List<Prefix> out = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            out.add(Prefix.parse("10.0." + i + ".0/24"));
        }
        for (int i = 0; i < 8; i++) {
            out.add(Prefix.parse("2001:db8:" + i + "::/48"));
        }
        return List.copyOf(out);
    }

    private static ExportActions actions(NextHopChoice v4, NextHopChoice v6, List<Long> communities, MedChoice med) {
        return new ExportActions(v4, v6, communities, List.of(), List.of(), med, OptionalLong.empty(), -1);
    }

    private static List<ExportPolicy> policies() {
        List<PrefixRange> someOfEach = List.of(new PrefixRange(Prefix.parse("10.0.0.0/20"), 24, 24),
                PrefixRange.exact(Prefix.parse("2001:db8:1::/48")), PrefixRange.exact(Prefix.parse("2001:db8:2::/48")));
        ExportRule noKernel = new ExportRule("no-kernel", new RouteMatch(List.of(), Set.of(), Set.of("kernel"), Map.of()),
                true, ExportActions.INHERIT);
        ExportRule gold = new ExportRule("gold", new RouteMatch(List.of(), Set.of(), Set.of(), Map.of("tier", "gold")),
                false, actions(null, new NextHopChoice.Fixed(Sessions.addr("2001:db8:ffff::9")), List.of(65010L << 16 | 9),
                new MedChoice.Fixed(50)));
        return List.of(
                ExportPolicy.DEFAULT,
                new ExportPolicy(Set.of(), List.of(), List.of(), actions(null, null, List.of(65010L << 16 | 1),
                        new MedChoice.Fixed(10)), List.of(), 0),
                new ExportPolicy(Set.of(IPV4_UNICAST), List.of(), List.of(), actions(NextHopChoice.SELF, null,
                        List.of(), null), List.of(), 0),
                new ExportPolicy(Set.of(), someOfEach, List.of(), actions(null, null, List.of(), MedChoice.NONE),
                        List.of(), 0),
                new ExportPolicy(Set.of(), List.of(), List.of(PrefixRange.exact(UNIVERSE.get(3))), actions(
                        new NextHopChoice.Fixed(Sessions.addr("192.0.2.1")),
                        new NextHopChoice.Fixed(Sessions.addr("2001:db8:ffff::1")), List.of(), MedChoice.PRIORITY),
                        List.of(), 0),
                new ExportPolicy(Set.of(IPV6_UNICAST), List.of(), List.of(), ExportActions.INHERIT, List.of(noKernel), 0),
                new ExportPolicy(Set.of(), List.of(), List.of(), ExportActions.INHERIT, List.of(), MAX_PREFIX_OUT),
                new ExportPolicy(Set.of(), List.of(), List.of(), ExportActions.INHERIT, List.of(gold), 0));
    }

    /** The facts a source may offer a prefix with: changing between them is an attribute change. */
    private static List<RouteFacts> factsOf(String source) {
        RouteFacts plain = RouteFacts.of(source);
        return List.of(plain, plain.withMed(5), plain.withPriority(7),
                plain.withNextHop(Sessions.addr("192.0.2.77")).withNextHop(Sessions.addr("2001:db8:77::1")),
                plain.withOrigin(source + " other object"), plain.withTags(Map.of("tier", "gold")));
    }

    @Test
    void everyPeerEndsWithWhatItsPolicyMakesOfTheWinners() {
        Long only = Long.getLong("herald.rib.seed");
        int seeds = Integer.getInteger("herald.rib.seeds", 40);
        int steps = Integer.getInteger("herald.rib.steps", 250);
        long started = System.nanoTime();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("rib");
        java.util.logging.Level level = log.getLevel();
        log.setLevel(java.util.logging.Level.OFF); // a line per table and policy change: thousands of them
        try {
            if (only != null) {
                new Run(only, steps).run();
            } else {
                for (long seed = 1; seed <= seeds; seed++) {
                    new Run(seed, steps).run();
                }
            }
        } finally {
            log.setLevel(level);
        }
        System.out.printf("RibModelTest: %s x %d steps in %d ms%n", only != null ? "seed " + only : seeds + " seeds",
                steps, (System.nanoTime() - started) / 1_000_000);
    }

    /** One seed's interleaving. */
    private static final class Run {
        private final long seed;
        private final int steps;
        private final SplittableRandom random;
        private final Rib rib;
        private final RibModel model;
        /** The policy configured per peer (index into POLICIES; none: the default). */
        private final Map<String, Integer> configured = new HashMap<>();
        /** The policy each Established peer is sent by (removing a peer's config leaves its session as it is). */
        private final Map<String, Integer> policyOf = new HashMap<>();
        private final Map<String, PeerSessionInfo> sessions = new LinkedHashMap<>();
        private final Map<String, ReceivingPeer> receivers = new LinkedHashMap<>();
        private final Deque<String> trace = new ArrayDeque<>();
        /** Established peers whose transport is above its high-water mark. */
        private final Set<String> blocked = new TreeSet<>();
        private final int chunk;
        private final long lagBound;
        private boolean autoFlush;
        private int step;

        Run(long seed, int steps) {
            this.seed = seed;
            this.steps = steps;
            this.random = new SplittableRandom(seed);
            this.rib = new Rib(SourcePrecedence.DEFAULT);
            this.model = new RibModel(SourcePrecedence.DEFAULT);
            this.chunk = 3 + random.nextInt(8);
            rib.setSyncChunk(chunk);
            // Bytes: mostly 0 (falls behind at once), else up to a few small UPDATEs (some 50 bytes each).
            lagBound = random.nextInt(3) == 0 ? 1 + random.nextInt(250) : 0;
            rib.setLagBound(lagBound);
            autoFlush = random.nextInt(5) == 0; // mostly coalescing, as the daemon runs
            rib.setAutoFlush(autoFlush);
        }

        void run() {
            for (step = 1; step <= steps; step++) {
                int op = random.nextInt(100);
                if (op < 35) {
                    sourceChange();
                } else if (op < 47) {
                    note("flush");
                    rib.flush();
                } else if (op < 55) {
                    writability();
                } else if (op < 63) {
                    drainAndCheck();
                } else if (op < 72) {
                    peerUp(pick(PEERS));
                } else if (op < 77) {
                    String peer = pick(PEERS);
                    note("peerDown " + peer);
                    rib.peerDown(peer);
                    blocked.remove(peer);
                    sessions.remove(peer);
                    receivers.remove(peer);
                    policyOf.remove(peer);
                } else if (op < 88) {
                    String peer = pick(PEERS);
                    int policy = random.nextInt(POLICIES.size());
                    note("setPolicy " + peer + " " + policy);
                    configured.put(peer, policy);
                    if (sessions.containsKey(peer)) {
                        policyOf.put(peer, policy);
                    }
                    rib.setPolicy(peer, POLICIES.get(policy));
                } else if (op < 90) {
                    String peer = pick(PEERS);
                    note("removePolicy " + peer);
                    configured.remove(peer);
                    rib.removePolicy(peer);
                } else if (op < 91) {
                    autoFlush = !autoFlush;
                    note("setAutoFlush " + autoFlush);
                    rib.setAutoFlush(autoFlush);
                } else {
                    routeRefresh();
                }
            }
            drainAndCheck();
        }

        private void sourceChange() {
            String source = pick(SOURCES);
            List<RouteFacts> facts = factsOf(source);
            switch (random.nextInt(3)) {
                case 0 -> { // update: upserts with any facts, removals
                    List<Route> upserted = new ArrayList<>();
                    List<Prefix> removed = new ArrayList<>();
                    for (int i = random.nextInt(6); i > 0; i--) {
                        upserted.add(new Route(pick(UNIVERSE), pick(facts)));
                    }
                    for (int i = random.nextInt(4); i > 0; i--) {
                        removed.add(pick(UNIVERSE));
                    }
                    note("update " + source + " +" + upserted + " -" + removed);
                    rib.update(source, upserted, removed);
                    removed.forEach(p -> model.withdraw(source, p));
                    upserted.forEach(r -> model.offer(source, r.prefix(), r.facts()));
                }
                case 1 -> { // change: plain facts added, removals
                    List<Prefix> added = new ArrayList<>();
                    List<Prefix> removed = new ArrayList<>();
                    for (int i = random.nextInt(5); i > 0; i--) {
                        added.add(pick(UNIVERSE));
                    }
                    for (int i = random.nextInt(4); i > 0; i--) {
                        removed.add(pick(UNIVERSE));
                    }
                    note("change " + source + " +" + added + " -" + removed);
                    rib.change(source, added, removed);
                    removed.forEach(p -> model.withdraw(source, p));
                    added.forEach(p -> model.offer(source, p, RouteFacts.of(source)));
                }
                default -> { // replaceSource: a whole new view
                    Map<Prefix, RouteFacts> view = new TreeMap<>();
                    int size = random.nextInt(UNIVERSE.size() + 1);
                    for (int i = 0; i < size; i++) {
                        view.put(pick(UNIVERSE), pick(facts));
                    }
                    note("replaceSource " + source + " " + view);
                    rib.replaceSource(source, view.entrySet().stream().map(e -> new Route(e.getKey(), e.getValue()))
                            .toList());
                    model.replace(source, view);
                }
            }
        }

        private void peerUp(String peer) {
            Set<Family> families = switch (random.nextInt(4)) {
                case 0 -> Set.of(IPV4_UNICAST);
                case 1 -> Set.of(IPV6_UNICAST);
                default -> Set.of(IPV4_UNICAST, IPV6_UNICAST);
            };
            String local = random.nextBoolean() ? "198.18.0.2" : "198.18.0.3"; // another next hop: another group
            boolean enhanced = random.nextBoolean();
            boolean encoded = random.nextBoolean();
            // Without a configured IPv6 next hop, only IPv6 routes with one of their own are sent.
            Optional<java.net.InetAddress> nextHop6 = random.nextInt(4) == 0 ? Optional.empty()
                    : Optional.of(Sessions.addr("fd00:18::2"));
            PeerSessionInfo s = new PeerSessionInfo(peer, 65010, 65001, families, Set.of(), Sessions.addr(local),
                    Optional.empty(), nextHop6, 4096, true, enhanced);
            note("peerUp " + peer + " " + families + " " + local + (enhanced ? " enhanced" : "")
                    + (encoded ? " encoded" : "") + (nextHop6.isEmpty() ? " no-ipv6-next-hop" : ""));
            ReceivingPeer receiver = new ReceivingPeer(encoded); // a new session starts empty
            sessions.put(peer, s);
            receivers.put(peer, receiver);
            blocked.remove(peer); // a new connection takes bytes
            policyOf.put(peer, configured.getOrDefault(peer, 0));
            rib.peerUp(s, receiver);
        }

        /** An Established peer's transport fills up (mostly) or drains. */
        private void writability() {
            String peer = pick(PEERS);
            if (!sessions.containsKey(peer)) {
                return;
            }
            boolean writable = random.nextInt(3) == 0;
            note((writable ? "writable " : "blocked ") + peer);
            if (writable) {
                blocked.remove(peer);
            } else {
                blocked.add(peer);
            }
            rib.writable(peer, writable);
        }

        private void routeRefresh() {
            String peer = pick(PEERS);
            PeerSessionInfo s = sessions.get(peer);
            if (s == null) {
                return;
            }
            Family f = pick(Family.ALL.stream().filter(s.families()::contains).toList());
            note("routeRefresh " + peer + " " + f);
            rib.routeRefresh(peer, f);
        }

        private void drainAndCheck() {
            note("drain" + (blocked.isEmpty() ? "" : ", writable again: " + blocked));
            for (String peer : blocked) {
                rib.writable(peer, true);
            }
            blocked.clear();
            int flushes = 0;
            do {
                rib.flush();
                if (++flushes > 10_000) {
                    failWith("the RIB is still syncing after 10,000 flushes");
                }
            } while (rib.syncing());
            for (Map.Entry<String, ReceivingPeer> e : receivers.entrySet()) {
                String peer = e.getKey();
                PeerSessionInfo s = sessions.get(peer);
                ExportPolicy policy = POLICIES.get(policyOf.getOrDefault(peer, 0));
                Map<Prefix, String> expected = model.expected(s, policy, UNIVERSE);
                Map<Prefix, String> got = e.getValue().table();
                if (policy.maxPrefixOut() > 0) {
                    checkLimited(peer, policy.maxPrefixOut(), expected, got);
                } else if (!expected.equals(got)) {
                    failWith("peer " + peer + " (policy " + policyOf.getOrDefault(peer, 0) + ") holds what its policy"
                            + " does not say: " + diff(expected, got));
                }
                if (!e.getValue().endOfRib().containsAll(s.families())) {
                    failWith("peer " + peer + " has End-of-RIB for " + e.getValue().endOfRib() + " only, negotiated "
                            + s.families());
                }
                if (!e.getValue().openRefreshes().isEmpty()) {
                    failWith("peer " + peer + " got a BoRR and never its EoRR, AFI " + e.getValue().openRefreshes());
                }
                PeerStatus status = rib.status().stream().filter(st -> st.peerName().equals(peer)).findFirst()
                        .orElseThrow();
                if (status.pendingPrefixes() != 0) {
                    failWith("peer " + peer + ": " + status.pendingPrefixes() + " prefixes still wait for it once drained");
                }
                Map<Family, Integer> advertised = status.advertised();
                for (Family f : s.families()) {
                    long has = got.keySet().stream().filter(p -> Exporter.familyOf(p).equals(f)).count();
                    if (advertised.get(f) != has) {
                        failWith("peer " + peer + ": status counts " + advertised.get(f) + " " + f + " routes, it holds "
                                + has);
                    }
                }
                List<Prefix> claimed = rib.adjRibOut(peer, null).stream().map(AdjRibOutEntry::prefix).toList();
                if (!claimed.equals(List.copyOf(got.keySet()))) {
                    failWith("peer " + peer + ": adjRibOut says " + claimed + ", it holds " + got.keySet());
                }
            }
        }

        /**
         * Under maximum-prefix-out: what it holds is as the policy says, and per family as many as
         * the limit lets through (a held-back prefix goes out as soon as a withdrawal makes room).
         */
        private void checkLimited(String peer, long max, Map<Prefix, String> expected, Map<Prefix, String> got) {
            for (Map.Entry<Prefix, String> r : got.entrySet()) {
                if (!r.getValue().equals(expected.get(r.getKey()))) {
                    failWith("peer " + peer + " (maximum-prefix-out " + max + ") holds " + r + ", the model "
                            + expected.get(r.getKey()));
                }
            }
            for (Family f : Family.ALL) {
                long want = Math.min(max, expected.keySet().stream().filter(p -> Exporter.familyOf(p).equals(f)).count());
                long has = got.keySet().stream().filter(p -> Exporter.familyOf(p).equals(f)).count();
                if (want != has) {
                    failWith("peer " + peer + " (maximum-prefix-out " + max + ") holds " + has + " " + f + " routes, "
                            + want + " expected: " + got.keySet() + " of " + expected.keySet());
                }
            }
        }

        private static String diff(Map<Prefix, String> expected, Map<Prefix, String> got) {
            StringBuilder sb = new StringBuilder();
            Set<Prefix> all = new TreeSet<>(expected.keySet());
            all.addAll(got.keySet());
            for (Prefix p : all) {
                String e = expected.get(p);
                String g = got.get(p);
                if (e == null) {
                    sb.append("\n  stale ").append(p).append(": ").append(g);
                } else if (g == null) {
                    sb.append("\n  missing ").append(p).append(": ").append(e);
                } else if (!e.equals(g)) {
                    sb.append("\n  different ").append(p).append(": holds ").append(g).append(", should ").append(e);
                }
            }
            return sb.toString();
        }

        private void note(String op) {
            trace.addLast(step + ": " + op);
            if (trace.size() > TRACE) {
                trace.removeFirst();
            }
        }

        private void failWith(String what) {
            fail("seed " + seed + " (reproduce: -Dherald.rib.seed=" + seed + " -Dherald.rib.steps=" + steps
                    + "), slice " + chunk + ", lag bound " + lagBound + ", step " + step + ": " + what + "\nlast operations:\n  "
                    + String.join("\n  ", trace));
        }

        private <T> T pick(List<T> from) {
            return from.get(random.nextInt(from.size()));
        }
    }
}
