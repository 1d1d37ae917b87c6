package dev.herald.interop.kernel;

import dev.herald.bgpd.testkit.HeraldYaml;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One kernel-source lab: herald in the speaker namespace of a {@link LabLink} reading that
 * namespace's routing tables, FRR (host, 8.4) on the router side receiving. Routes are put into
 * herald's namespace with {@code ip -n NS route ...} or, for bursts, one {@code ip -batch} file.
 */
final class KernelLab implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    final LabLink link;
    final Router router;
    Herald herald;

    private KernelLab(LabLink link, Router router) {
        this.link = link;
        this.router = router;
    }

    /** The link and FRR; herald is started with {@link #startHerald}. */
    static KernelLab create(String label) {
        RouterKind.FRR_HOST.require();
        Herald.requireJar();
        LabLink link = LabLink.create(label);
        try {
            return new KernelLab(link, RouterKind.FRR_HOST.startOn(link));
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
    }

    /** herald with one peer (the router) and this {@code sources.kernel} body (indented by the caller's lines). */
    Herald startHerald(String kernelSection) {
        String yaml = HeraldYaml.lab().admin(adminSocket()).peer(link.heraldDualStackPeer("r1"))
                .source("kernel:\n" + kernelSection.indent(2)).build();
        herald = link.own(Herald.start(link.speakerNs(), yaml, link.logDir().resolve("herald")));
        router.await("session with herald Established", TIMEOUT, () -> {
            herald.checkAlive();
            return router.peer(link.speakerV4()).filter(p -> p.established());
        });
        return herald;
    }

    /** {@code ip -n SPEAKER route ARGS}, checked. */
    void route(String args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", link.speakerNs().name(), "route"));
        cmd.addAll(List.of(args.trim().split("\\s+")));
        Exec.check(cmd);
    }

    /** Runs {@code lines} (each "route add ...", "route del ...") with one {@code ip -batch} in herald's namespace. */
    void batch(String name, Collection<String> lines) {
        batchAllowingErrors(name, lines).check();
    }

    /** Like {@link #batch}, but lines that fail (their errors are in the result's stderr) do not stop the others. */
    Exec.Result batchAllowingErrors(String name, Collection<String> lines) {
        try {
            Path f = link.logDir().resolve(name + ".batch");
            Files.write(f, lines);
            return Exec.run(List.of("ip", "-n", link.speakerNs().name(), "-force", "-batch", f.toString()), Duration.ofSeconds(120));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** herald's admin socket (a file: reachable from outside its namespace). */
    Path adminSocket() {
        return link.logDir().resolve("herald.sock");
    }

    /** Waits until the router's IPv4 and IPv6 tables hold exactly {@code expected}, as learned from herald. */
    void awaitExactly(String what, Set<IpPrefix> expected) {
        Set<IpPrefix> v4 = new HashSet<>();
        Set<IpPrefix> v6 = new HashSet<>();
        for (IpPrefix p : expected) {
            (p.isIpv6() ? v6 : v4).add(p);
        }
        awaitFamily(what, Family.IPV4_UNICAST, v4);
        awaitFamily(what, Family.IPV6_UNICAST, v6);
    }

    private void awaitFamily(String what, Family family, Set<IpPrefix> expected) {
        try {
            router.await(what + " (" + family + ": " + expected.size() + " prefixes)", TIMEOUT, () -> {
                herald.checkAlive();
                Set<IpPrefix> got = prefixes(router.routes(family));
                return got.equals(expected) ? java.util.Optional.of(true) : java.util.Optional.empty();
            });
        } catch (AssertionError e) {
            Set<IpPrefix> got = prefixes(router.routes(family));
            Set<IpPrefix> missing = new TreeSet<>(java.util.Comparator.comparing(IpPrefix::toString));
            missing.addAll(expected);
            missing.removeAll(got);
            Set<IpPrefix> extra = new TreeSet<>(java.util.Comparator.comparing(IpPrefix::toString));
            extra.addAll(got);
            extra.removeAll(expected);
            throw new AssertionError(what + ": " + family + " missing " + first(missing) + ", unexpected " + first(extra)
                    + "\n--- herald log ---\n" + herald.logTail(), e);
        }
    }

    private static String first(Set<IpPrefix> s) {
        return s.size() + " " + s.stream().limit(10).toList() + (s.size() > 10 ? "..." : "");
    }

    static Set<IpPrefix> prefixes(List<ReceivedRoute> table) {
        Set<IpPrefix> out = new HashSet<>();
        for (ReceivedRoute r : table) {
            out.add(r.prefix());
        }
        return out;
    }

    /** herald's log so far. */
    String heraldLog() {
        try {
            return Files.readString(herald.daemon().log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        link.close();
    }
}
