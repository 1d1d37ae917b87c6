package dev.herald.interop.lxd;

import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.interop.lab.RouteChecks;
import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.ReceivedRoute;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The LXD lab: a private LXD (or Incus) daemon in the host namespace; herald in the speaker
 * namespace of a {@link LabLink} talking to the daemon's unix socket (a path, not bound to a
 * network namespace) and to a router (FRR 8.4 unless told) on the router side.
 */
final class LxdLab implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    final LxdDaemon lxd;
    final LabLink link;
    final Router router;
    Herald herald;

    private LxdLab(LxdDaemon lxd, LabLink link, Router router) {
        this.lxd = lxd;
        this.link = link;
        this.router = router;
    }

    static LxdLab create(String label) {
        return create(label, DaemonKind.LXD, RouterKind.FRR_HOST);
    }

    static LxdLab create(String label, DaemonKind kind, RouterKind routerKind) {
        kind.require();
        routerKind.require();
        Herald.requireJar();
        LabLink link = LabLink.create(label);
        LxdDaemon lxd = null;
        try {
            lxd = LxdDaemon.start(kind, link.logDir().resolve(kind.dirLabel));
            return new LxdLab(lxd, link, routerKind.startOn(link));
        } catch (RuntimeException e) {
            if (lxd != null) {
                lxd.close();
            }
            link.close();
            throw e;
        }
    }

    /**
     * LXD installs host routes for routes.external and ipv4.routes in the host namespace: a test's
     * prefixes must not shadow anything the host itself uses (this machine's eth0 is on
     * 192.0.2.0/24, which is why the tests stay out of it). Each argument is the start of an
     * address as {@code ip} prints it.
     */
    static void requireUnusedByHost(String... starts) {
        String host = Exec.run("ip", "route", "show", "table", "all").stdout() + Exec.run("ip", "-6", "route", "show",
                "table", "all").stdout() + Exec.run("ip", "addr", "show").stdout();
        for (String used : starts) {
            dev.herald.interop.lab.Lab.require(!host.contains(used), "the host already routes or uses " + used
                    + "*, which the LXD test would shadow with host routes to its bridges; not run");
        }
    }

    /** herald with one peer (the router) and {@code sources.lxd} = socket + {@code extra} lines. */
    Herald startHerald(String extra) {
        String yaml = HeraldYaml.lab().admin(adminSocket()).peer(link.heraldDualStackPeer("r1"))
                .source("lxd:\n  socket: " + lxd.socket() + "\n" + extra.indent(2)).build();
        herald = link.own(Herald.start(link.speakerNs(), yaml, link.logDir().resolve("herald")));
        router.await("session with herald Established", TIMEOUT, () -> {
            herald.checkAlive();
            return router.peer(link.speakerV4()).filter(p -> p.established());
        });
        return herald;
    }

    /** herald's admin socket (a file: reachable from outside its namespace). */
    java.nio.file.Path adminSocket() {
        return link.logDir().resolve("herald.sock");
    }

    static Set<IpPrefix> set(String... prefixes) {
        Set<IpPrefix> s = new HashSet<>();
        for (String p : prefixes) {
            s.add(IpPrefix.parse(p));
        }
        return s;
    }

    static Set<IpPrefix> prefixes(List<ReceivedRoute> table) {
        Set<IpPrefix> out = new HashSet<>();
        table.forEach(r -> out.add(r.prefix()));
        return out;
    }

    Set<IpPrefix> held() {
        Set<IpPrefix> s = prefixes(router.routes(Family.IPV4_UNICAST));
        s.addAll(prefixes(router.routes(Family.IPV6_UNICAST)));
        return s;
    }

    /**
     * Waits until FRR holds exactly {@code expected} (both families) and returns how long that took,
     * polling as fast as vtysh answers.
     */
    Duration awaitExactly(String what, Set<IpPrefix> expected) {
        long t0 = System.nanoTime();
        long deadline = t0 + TIMEOUT.toNanos();
        Set<IpPrefix> got = Set.of();
        while (System.nanoTime() < deadline) {
            herald.checkAlive();
            got = held();
            if (got.equals(expected)) {
                Duration d = Duration.ofNanos(System.nanoTime() - t0);
                System.err.println("[lab] lxd: " + what + ": FRR holds exactly " + sorted(expected) + " after " + d.toMillis() + " ms");
                return d;
            }
        }
        throw new AssertionError(what + ": " + RouteChecks.difference(expected, got) + "\n--- herald log ---\n"
                + herald.logTail());
    }

    static List<String> sorted(Set<IpPrefix> s) {
        return s.stream().map(IpPrefix::toString).sorted().toList();
    }

    /** FRR's count of UPDATE messages received from herald. */
    long updatesFromHerald() {
        Exec.Result r = Exec.run(link.routerNs().wrap(List.of("vtysh", "--vty_socket", "/run/frr/" + link.routerNs().name(), "-c",
                "show bgp neighbors " + link.speakerV4().getHostAddress() + " json")));
        r.check();
        String s = r.stdout().replace(" ", "").replace("\n", "");
        int i = s.indexOf("\"updatesRecv\":");
        if (i < 0) {
            throw new AssertionError("no updatesRecv in " + r.stdout());
        }
        int j = i + "\"updatesRecv\":".length();
        int k = j;
        while (k < s.length() && Character.isDigit(s.charAt(k))) {
            k++;
        }
        return Long.parseLong(s.substring(j, k));
    }

    String heraldLog() {
        try {
            return Files.readString(herald.daemon().log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long heraldLogCount(String text) {
        return heraldLog().lines().filter(l -> l.contains(text)).count();
    }

    /** Waits for a condition on herald's log. */
    void awaitLog(String what, java.util.function.Predicate<String> p) {
        router.await(what, TIMEOUT, () -> {
            herald.checkAlive();
            return p.test(heraldLog()) ? Optional.of(true) : Optional.empty();
        });
    }

    static List<String> column(List<ReceivedRoute> routes) {
        List<String> out = new ArrayList<>();
        routes.stream().sorted(Comparator.comparing(r -> r.prefix().toString())).forEach(r -> out.add(r.prefix() + " via "
                + r.nextHops().stream().map(IpPrefix::format).toList()));
        return out;
    }

    @Override
    public void close() {
        try {
            lxd.close();
        } finally {
            link.close();
        }
    }
}
