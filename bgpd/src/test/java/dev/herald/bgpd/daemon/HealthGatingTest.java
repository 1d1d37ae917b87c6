package dev.herald.bgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.bgpd.testkit.LoopbackRouter;
import dev.herald.codec.Prefix;
import dev.herald.config.ConfigLoader;
import dev.herald.config.HeraldConfig;
import dev.herald.rib.AdjRibOutEntry;
import dev.herald.sources.health.CheckStatus;
import dev.herald.sources.health.HealthCheckState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health checks run by the daemon against a router on loopback, with a real probe: a maintenance
 * file ({@code pass-when: absent}) that the test creates and removes. A Down check withdraws or
 * degrades the routes its match holds, and only those; Up again, they are sent as before (the same
 * Adj-RIB-Out entry: next hop and attributes equal); a reload keeps an unchanged check's state.
 */
class HealthGatingTest {
    private static final Prefix GATED = Prefix.parse("203.0.113.0/24");
    private static final Prefix OTHER = Prefix.parse("198.51.100.0/24");
    @TempDir
    Path dir;
    @RegisterExtension
    final LoopbackRouter router = LoopbackRouter.perTest();

    private Path maintenance() {
        return dir.resolve("maintenance");
    }

    private HeraldConfig config(String check) throws Exception {
        return ConfigLoader.parse("t.yaml", HeraldYaml.lab().peer(HeraldYaml.Peer.loopback("r1", router))
                .statics(GATED.toString(), OTHER.toString()).top("health-checks:\n  - name: m\n    file: { path: "
                        + maintenance() + ", pass-when: absent }\n    match: { prefixes: [" + GATED + "] }\n"
                        + check.indent(4))
                .build());
    }

    private static Map<Prefix, AdjRibOutEntry> sent(Daemon d) throws InterruptedException {
        return d.rib().adjRibOut("r1", null).stream().collect(Collectors.toMap(AdjRibOutEntry::prefix, e -> e));
    }

    /** Polls the Adj-RIB-Out until {@code done} holds; the bound is only there to end a broken test. */
    private static Map<Prefix, AdjRibOutEntry> await(Daemon d, Predicate<Map<Prefix, AdjRibOutEntry>> done, String what)
            throws InterruptedException {
        Map<Prefix, AdjRibOutEntry> s = sent(d);
        for (int i = 0; i < 600 && !done.test(s); i++) {
            Thread.sleep(50);
            s = sent(d);
        }
        assertTrue(done.test(s), what + ": " + s.values());
        return s;
    }

    private static HealthCheckState state(Daemon d) {
        CheckStatus s = d.healthChecks().get("m");
        return s.state();
    }

    @Test
    void withdrawModeWithdrawsOnlyItsRoutesAndAnnouncesThemAgainUnchanged() throws Exception {
        Daemon d = Daemon.start(config("interval: 100ms\nrise: 1\nfall: 1"), dir);
        try {
            router.awaitUp();
            Map<Prefix, AdjRibOutEntry> before = await(d, s -> s.size() == 2, "both prefixes sent");
            long updates = router.updatesReceived();
            Files.createFile(maintenance());
            Map<Prefix, AdjRibOutEntry> down = await(d, s -> !s.containsKey(GATED), "the gated prefix withdrawn");
            assertEquals(before.get(OTHER), down.get(OTHER), "the prefix the check does not match stays as it was");
            assertEquals(HealthCheckState.State.DOWN, state(d).state());
            assertTrue(router.updatesReceived() > updates, "a withdrawal went to the router");
            Files.delete(maintenance());
            Map<Prefix, AdjRibOutEntry> up = await(d, s -> s.containsKey(GATED), "the gated prefix announced again");
            assertEquals(before, up, "announced again with the same next hop and attributes");
            assertEquals(3, state(d).transitions(), "Up (leaving Starting), Down, Up");
        } finally {
            d.shutdown("test over");
        }
    }

    @Test
    void degradeModeSendsTheDegradedAttributes() throws Exception {
        Daemon d = Daemon.start(config("interval: 100ms\nrise: 1\nfall: 1\n"
                + "on-failure: { degrade: { med: 1000, as-path-prepend: 2, communities: [\"65010:666\"] } }"), dir);
        try {
            router.awaitUp();
            Map<Prefix, AdjRibOutEntry> before = await(d, s -> s.size() == 2, "both prefixes sent");
            Files.createFile(maintenance());
            Map<Prefix, AdjRibOutEntry> degraded = await(d, s -> !before.get(GATED).equals(s.get(GATED)), "degraded");
            String text = degraded.get(GATED).toString();
            assertTrue(text.contains("1000"), "MED 1000: " + text);
            assertTrue(text.contains("65010:666"), "the community: " + text);
            assertTrue(text.contains("65010 65010 65010"), "two more copies of herald's AS: " + text);
            assertEquals(before.get(OTHER), degraded.get(OTHER), "the prefix the check does not match stays as it was");
            var why = d.rib().explain(GATED).peers().getFirst();
            assertEquals(dev.herald.rib.Verdict.SENT, why.verdict());
            assertEquals("degraded by health check m (down since " + state(d).since() + ")", why.reason());
            assertEquals("", d.rib().explain(OTHER).peers().getFirst().reason(), "no check holds the other prefix");
            Files.delete(maintenance());
            assertEquals(before, await(d, before::equals, "announced as before"));
        } finally {
            d.shutdown("test over");
        }
    }

    /**
     * Down at its first run and then not run again for an hour: a reload that started the check over
     * (start-up: up) would announce the route again, and nothing would withdraw it within the test.
     */
    @Test
    void reloadKeepsAnUnchangedChecksState() throws Exception {
        Files.createFile(maintenance());
        Daemon d = Daemon.start(config("interval: 60m\nfall: 1"), dir);
        try {
            router.awaitUp();
            await(d, s -> s.containsKey(OTHER) && !s.containsKey(GATED), "withdrawn at the first run");
            HealthCheckState was = state(d);
            assertEquals(HealthCheckState.State.DOWN, was.state());
            ReloadResult r = d.reload(config("interval: 60m\nfall: 1"));
            assertTrue(r.refused().isEmpty(), r.toString());
            Map<Prefix, AdjRibOutEntry> after = sent(d); // a query runs after everything the reload posted
            assertFalse(after.containsKey(GATED), "still withdrawn: " + after.values());
            assertEquals(was.since(), state(d).since());
            assertEquals(was.transitions(), state(d).transitions());
            // Removed, it lets its route go.
            d.reload(ConfigLoader.parse("t.yaml", HeraldYaml.lab().peer(HeraldYaml.Peer.loopback("r1", router))
                    .statics(GATED.toString(), OTHER.toString()).build()));
            await(d, s -> s.containsKey(GATED), "announced once the check is removed");
            assertEquals(Map.of(), d.healthChecks());
        } finally {
            d.shutdown("test over");
        }
    }
}
