package dev.herald.interop.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * FRR: mgmtd (FRR 9 and later), zebra and bgpd in the foreground with {@code -N NAMESPACE}
 * (FRR's pathspace: pid files, vty and zserv sockets under /run/frr/NAMESPACE), config files
 * owned by frr, logging to stdout (a file). Queried with {@code vtysh ... json}.
 */
public final class FrrRouter extends Router {
    private static final String FRR_USER = "frr";
    private List<String> bgpdCommand;
    private Daemon bgpd;
    private int bgpdRestarts;

    FrrRouter(RouterKind kind, RouterRuntime runtime, Netns ns, RouterConfig config, Path logDir) {
        super(kind, runtime, ns, config, logDir);
    }

    private String pathspace() {
        return ns.name();
    }

    private String stateDir() {
        return "/run/frr/" + pathspace();
    }

    @Override
    public String version() {
        Exec.Result r = Exec.run(runtime.plain(List.of("/usr/lib/frr/bgpd", "--version")));
        String first = r.stdout().lines().findFirst().orElse("").trim(); // "bgpd version 10.3"
        return "FRR " + first.replaceFirst("^bgpd version\\s*", "");
    }

    static String configText(RouterConfig c, String hostname) {
        StringBuilder sb = new StringBuilder();
        sb.append("frr defaults datacenter\n");
        sb.append("hostname ").append(hostname).append('\n');
        sb.append("!\n");
        sb.append("router bgp ").append(c.asn()).append('\n');
        sb.append(" bgp router-id ").append(c.routerId().getHostAddress()).append('\n');
        sb.append(" no bgp ebgp-requires-policy\n");
        sb.append(" no bgp default ipv4-unicast\n");
        sb.append(" bgp log-neighbor-changes\n");
        c.neighbors().stream().mapToInt(n -> n.options().longLivedStaleTime()).max().ifPresent(t -> {
            if (t > 0) {
                // FRR keeps a peer's LLGR stale time only up to its own (default 0: no LLGR at all).
                sb.append(" bgp long-lived-graceful-restart stale-time ").append(t).append('\n');
            }
        });
        for (RouterConfig.Neighbor n : c.neighbors()) {
            String a = n.key();
            sb.append(" neighbor ").append(a).append(n.interfaceName() != null ? " interface" : "").append(" remote-as ")
                    .append(n.asn()).append('\n');
            if (n.localAddress() != null) {
                sb.append(" neighbor ").append(a).append(" update-source ").append(IpPrefix.format(n.localAddress())).append('\n');
            }
            sb.append(" neighbor ").append(a).append(" timers connect 2\n");
            RouterConfig.Options o = n.options();
            if (o.password() != null) {
                sb.append(" neighbor ").append(a).append(" password ").append(o.password()).append('\n');
            }
            if (o.ttlSecurityHops() > 0) {
                sb.append(" neighbor ").append(a).append(" ttl-security hops ").append(o.ttlSecurityHops()).append('\n');
            }
            if (o.multihop() > 0) {
                sb.append(" neighbor ").append(a).append(" ebgp-multihop ").append(o.multihop()).append('\n');
            }
            if (o.holdTime() > 0) {
                sb.append(" neighbor ").append(a).append(" timers ").append(Math.max(1, o.holdTime() / 3)).append(' ')
                        .append(o.holdTime()).append('\n');
            }
            if (o.gracefulRestart()) {
                sb.append(" neighbor ").append(a).append(" graceful-restart-helper\n");
            }
            if (o.extendedNextHop()) {
                sb.append(" neighbor ").append(a).append(" capability extended-nexthop\n");
            }
            if (o.bfd() != null) {
                sb.append(" neighbor ").append(a).append(" bfd profile ").append(FrrBfd.profile(o.bfd())).append('\n');
                if (o.bfd().graceful()) {
                    sb.append(" neighbor ").append(a).append(" bfd check-control-plane-failure\n");
                }
            }
        }
        for (Family f : Family.values()) {
            sb.append(" address-family ").append(f == Family.IPV4_UNICAST ? "ipv4" : "ipv6").append(" unicast\n");
            for (RouterConfig.Neighbor n : c.neighbors()) {
                if (n.families().contains(f)) {
                    sb.append("  neighbor ").append(n.key()).append(" activate\n");
                }
            }
            sb.append(" exit-address-family\n");
        }
        sb.append("!\n");
        return sb.toString();
    }

    @Override
    protected void start() {
        runtime.mkdir(runDir, FRR_USER);
        runtime.mkdir(stateDir(), FRR_USER);
        String bgpConf = writeConfig("bgpd.conf", configText(config, ns.name()), FRR_USER);
        String zebraConf = writeConfig("zebra.conf", "hostname " + ns.name() + "\n", FRR_USER);
        List<String> common = List.of("-N", pathspace(), "--log", "stdout");
        // FRR 9+ zebra talks to mgmtd; without it zebra logs an error many times a second.
        if (runtime.hasExecutable("/usr/lib/frr/mgmtd")) {
            startDaemon("mgmtd", concat(List.of("/usr/lib/frr/mgmtd"), common));
            awaitSocket("mgmtd.vty");
        }
        startDaemon("zebra", concat(List.of("/usr/lib/frr/zebra"), common, List.of("-f", zebraConf)));
        awaitSocket("zserv.api");
        if (FrrBfd.needed(config)) {
            Lab.require(runtime.hasExecutable("/usr/lib/frr/bfdd"), kind + ": /usr/lib/frr/bfdd is missing (FRR's BFD daemon, in"
                    + " Debian's frr package)");
            String bfdConf = writeConfig("bfdd.conf", FrrBfd.configText(config), FRR_USER);
            startDaemon("bfdd", concat(List.of("/usr/lib/frr/bfdd"), common, List.of("-f", bfdConf)));
            awaitSocket("bfdd.vty");
        }
        bgpdCommand = concat(List.of("/usr/lib/frr/bgpd"), common, List.of("-f", bgpConf));
        bgpd = startDaemon("bgpd", bgpdCommand);
        awaitBgpd();
    }

    private void awaitBgpd() {
        await("bgpd answering vtysh", Duration.ofSeconds(30), () -> {
            Exec.Result r = vtysh("show bgp summary json");
            return r.ok() && r.stdout().contains("{") ? Optional.of(true) : Optional.empty();
        });
    }

    /**
     * Stops bgpd alone, by its pid, with SIGTERM (what {@code systemctl restart frr} does first:
     * FRR sends its neighbours a Cease NOTIFICATION); zebra keeps running. {@link #startBgpd}
     * brings it back.
     */
    public void stopBgpd() {
        if (bgpd == null) {
            throw new IllegalStateException(this + ": bgpd is not running");
        }
        bgpd.stop(Duration.ofSeconds(10));
        daemons.remove(bgpd);
        bgpd = null;
    }

    /** Starts bgpd again with its first configuration (a new log, bgpd-N.log) and waits until it answers vtysh. */
    public void startBgpd() {
        if (bgpd != null) {
            throw new IllegalStateException(this + ": bgpd is running");
        }
        bgpd = startDaemon("bgpd-" + (++bgpdRestarts + 1), bgpdCommand);
        awaitBgpd();
    }

    private void awaitSocket(String name) {
        await(stateDir() + "/" + name, Duration.ofSeconds(30),
                () -> java.nio.file.Files.exists(runtime.hostPath(stateDir() + "/" + name)) ? Optional.of(true) : Optional.empty());
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all;
    }

    Exec.Result vtysh(String command) {
        return client(List.of("vtysh", "--vty_socket", stateDir(), "-c", command));
    }

    /** {@code show bfd peers json} and {@code show bfd peers counters json}, read by {@link FrrBfd#sessions}. */
    @Override
    public List<RouterBfdSession> bfdSessions() {
        return FrrBfd.sessions(vtyshOk("show bfd peers json"), vtyshOk("show bfd peers counters json"));
    }

    /** {@code show bgp neighbors ADDR json}. */
    @Override
    public String neighborDetail(java.net.InetAddress neighbor) {
        return vtyshOk("show bgp neighbors " + IpPrefix.format(neighbor) + " json");
    }

    /** {@code neighborCapabilities.extendedMessage}: "advertisedAndReceived" when negotiated. */
    @Override
    public Optional<Boolean> extendedMessage(java.net.InetAddress neighbor) {
        return FrrParser.extendedMessage(neighborDetail(neighbor), neighbor);
    }

    @Override
    public Exec.Result cli(String command) {
        // One -c per line: vtysh runs them in order in one session, so "conf t" holds for the lines after it.
        List<String> cmd = new ArrayList<>(List.of("vtysh", "--vty_socket", stateDir()));
        for (String line : command.split("\n")) {
            cmd.add("-c");
            cmd.add(line);
        }
        return client(cmd);
    }

    private String vtyshOk(String command) {
        return vtysh(command).check().stdout();
    }

    @Override
    public List<ReceivedRoute> routes(Family family) {
        return FrrParser.routes(vtyshOk(family == Family.IPV4_UNICAST ? "show bgp ipv4 unicast json" : "show bgp ipv6 unicast json"));
    }

    @Override
    public Optional<Boolean> isStale(IpPrefix prefix) {
        Exec.Result r = vtysh("show bgp " + (prefix.isIpv6() ? "ipv6" : "ipv4") + " unicast " + prefix + " json");
        if (!r.ok() || !r.stdout().contains("\"paths\"")) {
            return Optional.empty();
        }
        return Optional.of(r.stdout().replace(" ", "").contains("\"stale\":true"));
    }

    /** {@code show bgp neighbors json}: FRR's whole view of its neighbours (last NOTIFICATION, shutdown message...). */
    public String neighborsJson() {
        return vtyshOk("show bgp neighbors json");
    }

    @Override
    public Optional<Boolean> isLlgrStale(IpPrefix prefix) {
        Exec.Result r = vtysh("show bgp " + (prefix.isIpv6() ? "ipv6" : "ipv4") + " unicast " + prefix + " json");
        if (!r.ok() || !r.stdout().contains("\"paths\"")) {
            return Optional.empty();
        }
        return Optional.of(r.stdout().contains("llgr-stale"));
    }

    @Override
    public List<PeerState> peers() {
        return FrrParser.peers(vtyshOk("show bgp neighbors json"));
    }

    @Override
    public java.util.OptionalLong timesEstablished(java.net.InetAddress neighbor) {
        return FrrParser.timesEstablished(vtyshOk("show bgp neighbors json"), neighbor);
    }

    @Override
    public String dump() {
        return vtysh("show bgp summary").stdout() + vtysh("show bgp ipv4 unicast").stdout() + vtysh("show bgp ipv6 unicast").stdout();
    }

    @Override
    protected void cleanup() {
        super.cleanup();
        runtime.deleteTree(stateDir());
    }

    /** {@code show bgp ipv4|ipv6 unicast PREFIX json}. */
    @Override
    public String routeDetail(IpPrefix prefix) {
        return vtyshOk("show bgp " + (prefix.isIpv6() ? "ipv6" : "ipv4") + " unicast " + prefix + " json");
    }

    @Override
    public void requestRouteRefresh() {
        vtyshOk("clear bgp * soft in");
    }
}
