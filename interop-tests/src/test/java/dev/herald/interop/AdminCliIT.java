package dev.herald.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.interop.lab.RequiresHeraldLab;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.FrrRouter;
import dev.herald.interop.lab.Herald;
import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.RouteChecks;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The admin CLI against herald running as its own process next to FRR 8.4 (the host's): {@code
 * herald peers} and {@code herald routes} show what FRR negotiated and holds, and {@code herald
 * reload} adds and removes a prefix at FRR without a new session (herald receives no second OPEN);
 * {@code herald peer frr disable|enable --message} and {@code herald shutdown --message}: FRR shows
 * the RFC 9003 message and drops the routes, enable brings them back.
 * The CLI runs outside the namespaces: the admin socket is a file.
 */
@ExtendWith(RequiresHeraldLab.class)
class AdminCliIT {
    static final IpPrefix P1 = IpPrefix.parse("203.0.113.0/24");
    static final IpPrefix P2 = IpPrefix.parse("198.51.100.0/24");
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    static String config(LabLink link, Path socket, boolean withP2) {
        HeraldYaml y = HeraldYaml.lab().admin(socket).peer(link.heraldPeer("frr")
                        .families("ipv4-unicast", "ipv6-unicast").nextHopV6(link.speakerV6()).connectRetry(1))
                .statics("203.0.113.0/24", "2001:db8:100::/48");
        return (withP2 ? y.statics("198.51.100.0/24") : y).build();
    }

    private static Exec.Result cli(Path socket, String... args) {
        return Herald.cli(socket, args);
    }

    /** Waits until FRR's last NOTIFICATION from herald is Cease/Administrative Shutdown carrying {@code message}. */
    private static void awaitShutdownMessage(FrrRouter frr, String message) throws InterruptedException {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(
                "\"lastShutdownDescription\"\\s*:\\s*\"" + java.util.regex.Pattern.quote(message) + "\"");
        String json = "";
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            json = frr.neighborsJson();
            if (p.matcher(json).find() && json.replace(" ", "").contains("\"lastErrorCodeSubcode\":\"0602\"")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("FRR never showed the shutdown message \"" + message + "\":\n" + json);
    }

    @Test
    void peersRoutesAndReloadAgainstFrr() throws Exception {
        RouterKind.FRR_HOST.require();
        try (LabLink link = LabLink.create("admin-cli")) {
            Router frr = link.own(RouterKind.FRR_HOST.start(link.routerNs(), RouterConfig.standard(link),
                    link.logDir().resolve("frr")));
            Path socket = link.logDir().resolve("herald.sock");
            Herald herald = link.own(Herald.start(link.speakerNs(), config(link, socket, false), link.logDir().resolve("herald")));
            frr.awaitRoutes(Family.IPV4_UNICAST, "herald's first prefix", TIMEOUT, t -> {
                herald.checkAlive();
                return RouteChecks.prefixes(t).contains(P1);
            });
            long started = System.nanoTime();

            Exec.Result peers = cli(socket, "peers");
            System.err.println("[lab] herald peers:\n" + peers.stdout());
            assertEquals(0, peers.exitCode(), peers::toString);
            assertTrue(peers.stdout().lines().skip(1).findFirst().orElse("")
                    .matches("frr +" + link.routerV4().getHostAddress().replace(".", "\\.")
                            + " +65001 +Established +\\d+s +ipv4-unicast 1, ipv6-unicast 1 +0 +-"), peers.stdout());
            Exec.Result detail = cli(socket, "peers", "frr");
            System.err.println("[lab] herald peers frr:\n" + detail.stdout());
            assertTrue(detail.stdout().contains("families      ipv4-unicast, ipv6-unicast"), detail.stdout());
            // FRR 8.4 sends these; herald offers them: both sides have them.
            for (String cap : List.of("route-refresh", "graceful-restart", "4-octet-as")) {
                assertTrue(detail.stdout().contains(cap), cap + " in " + detail.stdout());
            }
            assertTrue(detail.stdout().contains("session       local " + link.speakerV4().getHostAddress()), detail.stdout());

            Exec.Result routes = cli(socket, "routes", "--peer", "frr");
            System.err.println("[lab] herald routes --peer frr:\n" + routes.stdout());
            assertEquals(0, routes.exitCode(), routes::toString);
            assertTrue(routes.stdout().contains("frr   203.0.113.0/24     " + link.speakerV4().getHostAddress()), routes.stdout());
            assertTrue(routes.stdout().contains("2001:db8:100::/48"), routes.stdout());
            Exec.Result explain = cli(socket, "routes", "--explain", "198.51.100.0/24");
            assertEquals(4, explain.exitCode(), "no source offers it yet: " + explain);

            // Reload: one prefix more, then one less; FRR's session with herald stays the same one.
            java.nio.file.Files.writeString(herald.config(), config(link, socket, true));
            Exec.Result reload = cli(socket, "reload");
            assertEquals(0, reload.exitCode(), reload::toString);
            assertEquals("reloaded: sources.static: 1 prefix(es) added, 0 removed", reload.stdout().strip());
            frr.awaitRoutes(Family.IPV4_UNICAST, "the reloaded prefix", TIMEOUT,
                    t -> RouteChecks.prefixes(t).containsAll(Set.of(P1, P2)));
            java.nio.file.Files.writeString(herald.config(), config(link, socket, false));
            assertEquals(0, cli(socket, "reload").exitCode());
            frr.awaitRoutes(Family.IPV4_UNICAST, "the prefix removed by reload withdrawn", TIMEOUT,
                    t -> RouteChecks.prefixes(t).contains(P1) && !RouteChecks.prefixes(t).contains(P2));

            Exec.Result json = cli(socket, "peers", "frr", "--json");
            assertTrue(json.stdout().replaceAll("\\s", "").contains("\"flaps\":0"), json.stdout());
            assertTrue(json.stdout().replaceAll("\\s", "").contains("\"in\":{\"open\":1,"), "one OPEN from FRR: no new session\n"
                    + json.stdout());

            // peer disable: FRR receives Cease/Administrative Shutdown with the message (RFC 9003) and drops
            // herald's routes at once; enable brings the session and the routes back.
            Exec.Result off = cli(socket, "peer", "frr", "disable", "--message", "maintenance window");
            assertEquals(0, off.exitCode(), off::toString);
            awaitShutdownMessage((FrrRouter) frr, "maintenance window");
            frr.awaitRoutes(Family.IPV4_UNICAST, "routes withdrawn with the disabled session", TIMEOUT,
                    t -> RouteChecks.prefixes(t).isEmpty());
            assertTrue(cli(socket, "peers").stdout().contains("Idle (disabled)"));
            Exec.Result on = cli(socket, "peer", "frr", "enable");
            assertEquals(0, on.exitCode(), on::toString);
            frr.awaitRoutes(Family.IPV4_UNICAST, "routes back after enable", TIMEOUT, t -> RouteChecks.prefixes(t).contains(P1));

            // shutdown: every route withdrawn, the message at FRR, herald gone.
            Exec.Result bye = cli(socket, "shutdown", "--message", "host retired");
            assertEquals(0, bye.exitCode(), bye::toString);
            awaitShutdownMessage((FrrRouter) frr, "host retired");
            frr.awaitRoutes(Family.IPV4_UNICAST, "routes withdrawn by shutdown", TIMEOUT, t -> RouteChecks.prefixes(t).isEmpty());
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (herald.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(!herald.isAlive(), "herald exits after shutdown");
            assertEquals(3, cli(socket, "status").exitCode(), "herald not reachable any more");
            System.err.println("[lab] admin CLI against " + frr.version() + ": peers, routes, two reloads without a session"
                    + " reset, disable/enable and shutdown with RFC 9003 messages, "
                    + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
        }
    }
}
