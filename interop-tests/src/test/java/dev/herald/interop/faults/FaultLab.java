package dev.herald.interop.faults;

import static dev.herald.interop.lab.Lab.sleep;
import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.interop.lab.Daemon;
import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.FrrRouter;
import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.ReceivedRoute;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The lab {@link FaultsIT} breaks: herald in the speaker namespace of one {@link LabLink} with
 * a static and a kernel source (blackholes, proto 84, table 10, as OVN installs them) and an admin
 * socket; FRR 8.4 (the host's) on the router side as graceful-restart helper. The expected table
 * is always computed from the truth: the static prefixes in herald's config plus what the
 * kernel of herald's namespace holds right now.
 */
final class FaultLab implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PEER = "r1";

    final LabLink link;
    final FrrRouter frr;
    final Path socket;
    final Path stateDir;
    private final List<IpPrefix> statics = new ArrayList<>();
    private Herald herald;
    private int heraldStarts;

    private FaultLab(LabLink link, FrrRouter frr) {
        this.link = link;
        this.frr = frr;
        this.socket = link.logDir().resolve("herald.sock");
        this.stateDir = link.logDir().resolve("herald-state");
    }

    static FaultLab create() {
        RouterKind.FRR_HOST.require();
        Herald.requireJar();
        LabLink link = LabLink.create("faults");
        try {
            FrrRouter frr = (FrrRouter) link.own(RouterKind.FRR_HOST.start(link.routerNs(), RouterConfig.standard(link)
                    .withOptions(RouterConfig.Options.NONE.withGracefulRestart()), link.logDir().resolve("frr")));
            return new FaultLab(link, frr);
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
    }

    Herald herald() {
        return herald;
    }

    /** herald's config: connect-retry 1 s capped at 2 s, so a reconnect after a fault waits at most 2 s. */
    String config() {
        return HeraldYaml.lab().admin(socket)
                .peer(link.heraldDualStackPeer(PEER).connectRetry(1).line("connect-retry-max: 2"))
                .statics(statics)
                .source("""
                        kernel:
                          tables: [10]
                          protocols: [ovn]
                          types: [blackhole]
                          prefixes: ["192.0.2.0/24 le 32", "2001:db8::/32 le 128"]
                        """).build();
    }

    /** Sets the static prefixes (written to the config by the next start or {@link #reload}). */
    void statics(Collection<IpPrefix> prefixes) {
        statics.clear();
        statics.addAll(prefixes);
    }

    /** Starts herald (again: the same state directory, so a second start is a graceful restart). */
    Herald startHerald() {
        herald = link.own(Herald.start(link.speakerNs(), config(), link.logDir().resolve("herald-" + (++heraldStarts)), stateDir));
        return herald;
    }

    /** Rewrites the config and runs {@code herald reload}. */
    void reload() {
        try {
            Files.writeString(herald.config(), config());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Exec.Result r = cli("reload");
        if (r.exitCode() != 0) {
            throw new AssertionError("herald reload failed: " + r);
        }
    }

    /** {@code herald ARGS --socket SOCKET}: the admin CLI, run outside the namespaces (the socket is a file). */
    Exec.Result cli(String... args) {
        return Herald.cli(socket, args);
    }

    /** {@code herald peers r1 --json}. */
    PeerStatus status() {
        Exec.Result r = cli("peers", PEER, "--json");
        if (r.exitCode() != 0) {
            throw new AssertionError("herald peers " + PEER + " --json failed: " + r);
        }
        return PeerStatus.of(JSON.readTree(r.stdout()));
    }

    /** herald's view of the peer, as {@code herald peers NAME --json} reports it. */
    record PeerStatus(String state, long flaps, String lastError, Map<String, Long> prefixesSent, JsonNode raw) {
        static PeerStatus of(JsonNode p) {
            Map<String, Long> sent = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : p.path("prefixes_sent").properties()) {
                sent.put(e.getKey(), e.getValue().asLong());
            }
            JsonNode err = p.path("last_error");
            return new PeerStatus(p.path("state").asString(""), p.path("flaps").asLong(-1),
                    err.isNull() || err.isMissingNode() ? null : err.asString(), sent, p);
        }

        boolean established() {
            return "Established".equals(state);
        }

        @Override
        public String toString() {
            return "state " + state + ", flaps " + flaps + ", prefixes_sent " + prefixesSent + ", last_error " + lastError;
        }
    }

    /** Polls {@code herald peers r1 --json} until {@code condition} holds, up to {@code bound}. */
    PeerStatus awaitStatus(String what, Duration bound, java.util.function.Predicate<PeerStatus> condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        PeerStatus last = null;
        while (true) {
            herald.checkAlive();
            last = status();
            if (condition.test(last)) {
                return last;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("herald's status never showed " + what + " within " + bound + "; last: " + last
                        + "\n--- herald ---\n" + herald.logTail());
            }
            sleep(200);
        }
    }

    /** Waits (up to {@code bound}) until FRR holds herald's session as Established; returns when. */
    long awaitEstablished(Duration bound) {
        frr.await("session with herald Established", bound, () -> {
            herald.checkAlive();
            return frr.peer(link.speakerV4()).filter(p -> p.established());
        });
        return System.nanoTime();
    }

    /** FRR's counters for herald's session: [connectionsEstablished, connectionsDropped]. */
    long[] frrConnections() {
        JsonNode n = JSON.readTree(frr.neighborsJson()).path(link.speakerV4().getHostAddress());
        return new long[] {n.path("connectionsEstablished").asLong(-1), n.path("connectionsDropped").asLong(-1)};
    }

    /** The expected table: the configured static prefixes plus the kernel's matching blackholes now. */
    Set<IpPrefix> expected() {
        Set<IpPrefix> out = new HashSet<>(statics);
        out.addAll(kernelRoutes());
        return out;
    }

    /** Blackholes with proto 84 in table 10 of herald's namespace, read from the kernel. */
    Set<IpPrefix> kernelRoutes() {
        Set<IpPrefix> out = new HashSet<>();
        for (String v : List.of("-4", "-6")) {
            Exec.Result r = Exec.check("ip", "-n", link.speakerNs().name(), "-j", v, "route", "show", "table", "10",
                    "proto", "84", "type", "blackhole");
            for (JsonNode route : JSON.readTree(r.stdout().isBlank() ? "[]" : r.stdout())) {
                String dst = route.path("dst").asString();
                out.add(IpPrefix.parse(dst.contains("/") ? dst : dst + (v.equals("-4") ? "/32" : "/128")));
            }
        }
        return out;
    }

    /** FRR's IPv4 and IPv6 tables. */
    Set<IpPrefix> table() {
        Set<IpPrefix> out = new HashSet<>();
        for (Family f : Family.values()) {
            for (ReceivedRoute r : frr.routes(f)) {
                out.add(r.prefix());
            }
        }
        return out;
    }

    /**
     * Polls FRR until its table is exactly {@code expected}, up to {@code bound} from now; returns
     * the milliseconds it took. Fails with what is missing and what is extra.
     */
    long awaitExactly(String what, Set<IpPrefix> expected, Duration bound) {
        long start = System.nanoTime();
        long deadline = start + bound.toNanos();
        Set<IpPrefix> got;
        while (true) {
            herald.checkAlive();
            frr.checkAlive();
            got = table();
            if (got.equals(expected)) {
                return Duration.ofNanos(System.nanoTime() - start).toMillis();
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            sleep(100);
        }
        Set<IpPrefix> missing = sorted(expected);
        missing.removeAll(got);
        Set<IpPrefix> extra = sorted(got);
        extra.removeAll(expected);
        throw new AssertionError(what + ": FRR's table is not the expected " + expected.size() + " prefixes within " + bound
                + ": missing " + first(missing) + ", unexpected " + first(extra) + "\n--- herald ---\n" + herald.logTail()
                + "\n--- FRR ---\n" + frr.logTails());
    }

    /** Counts of {@code prefixes} per family, keyed as herald's status keys them. */
    static Map<String, Long> perFamily(Set<IpPrefix> prefixes) {
        Map<String, Long> out = new TreeMap<>();
        out.put("ipv4-unicast", prefixes.stream().filter(p -> !p.isIpv6()).count());
        out.put("ipv6-unicast", prefixes.stream().filter(IpPrefix::isIpv6).count());
        return out;
    }

    /** Runs {@code lines} ("route add ...", "route del ...") with one {@code ip -force -batch} in herald's namespace. */
    void batch(String name, Collection<String> lines) {
        try {
            Path f = link.logDir().resolve(name + ".batch");
            Files.write(f, lines);
            // -force: a delete of a route that is already gone must not stop the rest.
            Exec.run(List.of("ip", "-n", link.speakerNs().name(), "-force", "-batch", f.toString()), Duration.ofSeconds(120));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String route(String verb, IpPrefix p) {
        return "route " + verb + " blackhole " + p + " table 10 proto 84 metric 100";
    }

    /** {@code ip netns exec SPEAKER COMMAND...}, checked. */
    Exec.Result inSpeaker(String... command) {
        return Exec.check(link.speakerNs().wrap(List.of(command)));
    }

    Exec.Result inRouter(String... command) {
        return Exec.check(link.routerNs().wrap(List.of(command)));
    }

    /** Tries a command in the speaker namespace; empty when it fails (e.g. a qdisc the kernel lacks). */
    Optional<Exec.Result> trySpeaker(String... command) {
        Exec.Result r = Exec.run(link.speakerNs().wrap(List.of(command)));
        return r.ok() ? Optional.of(r) : Optional.empty();
    }

    /** The NFQUEUE number the delayer serves (queues are per network namespace). */
    static final int DELAY_QUEUE = 7;
    private static final List<List<String>> DELAY_RULES = List.of(
            List.of("OUTPUT", "-o", LabLink.IFNAME, "-p", "tcp", "--dport", "179"),
            List.of("OUTPUT", "-o", LabLink.IFNAME, "-p", "tcp", "--sport", "179"),
            List.of("INPUT", "-i", LabLink.IFNAME, "-p", "tcp", "--dport", "179"),
            List.of("INPUT", "-i", LabLink.IFNAME, "-p", "tcp", "--sport", "179"));

    /**
     * Delays every BGP packet on herald's side of the link by {@code ms} in each direction, as
     * {@code tc qdisc add ... netem delay} would where the kernel has no sch_netem: iptables hands
     * the packets (TCP port 179, in and out of veth0) to an NFQUEUE, and lab/nfqueue-delay.py
     * (python3, standard library only) gives each its ACCEPT verdict {@code ms} after it arrived.
     * {@code --queue-bypass}: should the delayer die, packets pass instead of being dropped.
     */
    Daemon startDelay(int ms) {
        Path script = Path.of("lab/nfqueue-delay.py").toAbsolutePath();
        if (!Files.isRegularFile(script)) {
            throw new AssertionError("the delayer is missing: " + script);
        }
        Daemon d = Daemon.start("nfqueue-delay", link.speakerNs().wrap(List.of("python3", script.toString(), "--queue",
                Integer.toString(DELAY_QUEUE), "--delay-ms", Integer.toString(ms))), link.logDir().resolve("nfqueue-delay.log"));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!d.tail(5).contains("ready")) {
            d.checkAlive();
            if (System.nanoTime() > deadline) {
                d.close();
                throw new AssertionError("the delayer did not bind its queue: " + d.tail(20));
            }
            sleep(50);
        }
        for (List<String> rule : DELAY_RULES) {
            List<String> cmd = new ArrayList<>(List.of("iptables", "-w", "-A"));
            cmd.addAll(rule);
            cmd.addAll(List.of("-j", "NFQUEUE", "--queue-num", Integer.toString(DELAY_QUEUE), "--queue-bypass"));
            inSpeaker(cmd.toArray(String[]::new));
        }
        return d;
    }

    /** Removes the rules first (no packet queued any more), then stops the delayer, which lets what it holds go at once. */
    void stopDelay(Daemon d) {
        for (List<String> rule : DELAY_RULES) {
            List<String> cmd = new ArrayList<>(List.of("iptables", "-w", "-D"));
            cmd.addAll(rule);
            cmd.addAll(List.of("-j", "NFQUEUE", "--queue-num", Integer.toString(DELAY_QUEUE), "--queue-bypass"));
            Exec.run(link.speakerNs().wrap(cmd));
        }
        d.close();
    }

    private static final Pattern RTT = Pattern.compile("\\brtt:([0-9.]+)/");

    /**
     * The smoothed round-trip time (ms) the kernel measures on herald's BGP connection
     * ({@code ss -ti} in herald's namespace), or -1 when there is no established one.
     */
    double bgpRttMillis() {
        Exec.Result r = inSpeaker("ss", "-tin", "state", "established", "(", "sport", "=", ":179", "or", "dport", "=", ":179", ")");
        Matcher m = RTT.matcher(r.stdout());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static Set<IpPrefix> sorted(Set<IpPrefix> s) {
        Set<IpPrefix> out = new TreeSet<>(Comparator.comparing(IpPrefix::toString));
        out.addAll(s);
        return out;
    }

    private static String first(Set<IpPrefix> s) {
        return s.size() + " " + s.stream().limit(10).toList() + (s.size() > 10 ? "..." : "");
    }


    @Override
    public void close() {
        link.close();
    }
}
