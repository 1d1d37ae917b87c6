package dev.herald.interop.lab;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * GoBGP: gobgpd in the foreground with its gRPC API on the namespace's own loopback, queried
 * with {@code gobgp -j}. It also serves as the lab's test speaker: {@link #announce}.
 */
public final class GoBgpRouter extends Router {
    private static final String API_HOST = "127.0.0.1";
    private static final String API_PORT = "50051";

    GoBgpRouter(RouterKind kind, RouterRuntime runtime, Netns ns, RouterConfig config, Path logDir) {
        super(kind, runtime, ns, config, logDir);
    }

    @Override
    public String version() {
        Exec.Result r = Exec.run(runtime.plain(List.of("/usr/bin/gobgpd", "--version")));
        return "GoBGP " + (r.stdout() + r.stderr()).trim().replaceFirst("^gobgpd version\\s*", "");
    }

    static String configText(RouterConfig c) {
        StringBuilder sb = new StringBuilder();
        sb.append("[global.config]\n");
        sb.append("  as = ").append(c.asn()).append('\n');
        sb.append("  router-id = \"").append(c.routerId().getHostAddress()).append("\"\n");
        for (RouterConfig.Neighbor n : c.neighbors()) {
            sb.append("\n[[neighbors]]\n");
            sb.append("  [neighbors.config]\n");
            if (n.address() == null) {
                // Unnumbered: gobgpd takes the one link-local neighbour in the kernel's table on this interface.
                sb.append("    neighbor-interface = \"").append(n.interfaceName()).append("\"\n");
            } else {
                sb.append("    neighbor-address = \"").append(IpPrefix.format(n.address())).append("\"\n");
            }
            sb.append("    peer-as = ").append(n.asn()).append('\n');
            if (n.options().password() != null) {
                sb.append("    auth-password = \"").append(n.options().password()).append("\"\n");
            }
            // Defaults are 120 s and 30 s: far too slow for a lab where peers come and go.
            sb.append("  [neighbors.timers.config]\n");
            sb.append("    connect-retry = 2\n");
            sb.append("    idle-hold-time-after-reset = 1\n");
            if (n.options().holdTime() > 0) {
                sb.append("    hold-time = ").append(n.options().holdTime()).append('\n');
                sb.append("    keepalive-interval = ").append(Math.max(1, n.options().holdTime() / 3)).append('\n');
            }
            if (n.localAddress() != null) {
                sb.append("  [neighbors.transport.config]\n");
                sb.append("    local-address = \"").append(IpPrefix.format(n.localAddress())).append("\"\n");
            }
            if (n.options().ttlSecurityHops() > 0) {
                sb.append("  [neighbors.ttl-security.config]\n");
                sb.append("    enabled = true\n");
                sb.append("    ttl-min = ").append(256 - n.options().ttlSecurityHops()).append('\n');
            }
            if (n.options().multihop() > 0) {
                sb.append("  [neighbors.ebgp-multihop.config]\n");
                sb.append("    enabled = true\n");
                sb.append("    multihop-ttl = ").append(n.options().multihop()).append('\n');
            }
            if (n.options().gracefulRestart()) {
                // Helper only: GoBGP keeps a restarting peer's routes as stale when this is on.
                sb.append("  [neighbors.graceful-restart.config]\n");
                sb.append("    enabled = true\n");
                sb.append("    helper-only = true\n");
                sb.append("    restart-time = 120\n");
                if (n.options().longLivedStaleTime() > 0) {
                    sb.append("    long-lived-enabled = true\n");
                }
            }
            if (n.options().bfd() != null) {
                // GoBGP 4.6 and later (docs/sources/bfd.md): single hop, timers in microseconds.
                RouterConfig.Bfd b = n.options().bfd();
                sb.append("  [neighbors.bfd.config]\n");
                sb.append("    enabled = true\n");
                sb.append("    desired-minimum-tx-interval = ").append(b.minTxMs() * 1000L).append('\n');
                sb.append("    required-minimum-receive = ").append(b.minRxMs() * 1000L).append('\n');
                sb.append("    detection-multiplier = ").append(b.multiplier()).append('\n');
            }
            for (Family f : Family.values()) {
                if (n.families().contains(f)) {
                    sb.append("  [[neighbors.afi-safis]]\n");
                    sb.append("    [neighbors.afi-safis.config]\n");
                    sb.append("      afi-safi-name = \"").append(f.configName()).append("\"\n");
                    if (n.options().gracefulRestart()) {
                        sb.append("    [neighbors.afi-safis.mp-graceful-restart.config]\n");
                        sb.append("      enabled = true\n");
                    }
                    if (n.options().gracefulRestart() && n.options().longLivedStaleTime() > 0) {
                        sb.append("    [neighbors.afi-safis.long-lived-graceful-restart.config]\n");
                        sb.append("      enabled = true\n");
                        sb.append("      restart-time = ").append(n.options().longLivedStaleTime()).append('\n');
                    }
                }
            }
        }
        return sb.toString();
    }

    @Override
    protected void start() {
        runtime.mkdir(runDir, null);
        String conf = writeConfig("gobgpd.toml", configText(config), null);
        startDaemon("gobgpd", List.of("/usr/bin/gobgpd", "-f", conf, "--api-hosts=" + API_HOST + ":" + API_PORT,
                "--pprof-disable", "--log-plain", "--log-level=info"));
        await("gobgpd answering its API", Duration.ofSeconds(30),
                () -> gobgp("neighbor").ok() ? Optional.of(true) : Optional.empty());
    }

    Exec.Result gobgp(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("gobgp", "-u", API_HOST, "-p", API_PORT));
        cmd.addAll(List.of(args));
        return client(cmd);
    }

    @Override
    public Exec.Result cli(String command) {
        return gobgp(command.trim().split("\\s+"));
    }

    /**
     * {@code gobgp -j neighbor}: each neighbour's {@code state.bfd_state} (GoBGP 4.6 and later). GoBGP
     * shows the state and packet counts only, so the detection time is -1 and the flap marker empty.
     */
    @Override
    public List<RouterBfdSession> bfdSessions() {
        return GoBgpParser.bfdSessions(gobgp("-j", "neighbor").check().stdout());
    }

    /** {@code gobgp neighbor ADDR}: its capability table. */
    @Override
    public String neighborDetail(InetAddress neighbor) {
        return gobgp("neighbor", IpPrefix.format(neighbor)).check().stdout();
    }

    /**
     * GoBGP 3.x has no RFC 8654: it never advertises capability 6, so the row for it (shown by code, as
     * an unknown capability) can only say "received". GoBGP 4.8 offers it and names it "extended-message".
     */
    @Override
    public Optional<Boolean> extendedMessage(InetAddress neighbor) {
        String text = neighborDetail(neighbor);
        if (!text.contains("Neighbor capabilities")) {
            return Optional.empty();
        }
        // GoBGP 3.10 and 3.36 print "UnknownCapability(6):\treceived" (ExtendedMessageIT).
        return Optional.of(text.lines().anyMatch(l -> (l.contains("UnknownCapability(6)") || l.contains("extended-message"))
                && l.contains("advertised and received")));
    }

    /** Adds a route to GoBGP's global RIB, announced to every neighbour with this next hop. */
    public void announce(IpPrefix prefix, InetAddress nextHop) {
        gobgp("global", "rib", "add", "-a", prefix.isIpv6() ? "ipv6" : "ipv4", prefix.toString(),
                "nexthop", IpPrefix.format(nextHop)).check();
    }

    /** Withdraws a route added with {@link #announce}. */
    public void withdraw(IpPrefix prefix) {
        gobgp("global", "rib", "del", "-a", prefix.isIpv6() ? "ipv6" : "ipv4", prefix.toString()).check();
    }

    @Override
    public List<ReceivedRoute> routes(Family family) {
        Exec.Result r = gobgp("-j", "global", "rib", "-a", family == Family.IPV4_UNICAST ? "ipv4" : "ipv6");
        return GoBgpParser.routes(r.check().stdout());
    }

    /** GoBGP's JSON lists communities as numbers: LLGR_STALE 65535:6 is 4294901766. */
    @Override
    public Optional<Boolean> isLlgrStale(IpPrefix prefix) {
        Exec.Result r = gobgp("-j", "global", "rib", "-a", prefix.isIpv6() ? "ipv6" : "ipv4", prefix.toString());
        if (!r.ok() || !r.stdout().contains("nlri")) {
            return Optional.empty();
        }
        return Optional.of(r.stdout().contains("4294901766"));
    }

    @Override
    public Optional<Boolean> isStale(IpPrefix prefix) {
        Exec.Result r = gobgp("-j", "global", "rib", "-a", prefix.isIpv6() ? "ipv6" : "ipv4", prefix.toString());
        if (!r.ok() || !r.stdout().contains("nlri")) {
            return Optional.empty();
        }
        return Optional.of(r.stdout().replace(" ", "").contains("\"stale\":true"));
    }

    @Override
    public List<PeerState> peers() {
        return GoBgpParser.peers(gobgp("-j", "neighbor").check().stdout());
    }

    @Override
    public String dump() {
        return gobgp("neighbor").stdout() + gobgp("global", "rib", "-a", "ipv4").stdout() + gobgp("global", "rib", "-a", "ipv6").stdout();
    }

    /**
     * Loads an MRT TABLE_DUMP_V2 file (a host path) into the global RIB with {@code gobgp mrt inject global}:
     * the fast way to give GoBGP many routes. The file is copied into the run directory, where a
     * chrooted gobgp can read it. {@code skipRecords} RIB records are skipped (0: the whole file).
     */
    public void injectMrt(Path mrt, InetAddress nextHop, long skipRecords) {
        String inRun = runDir + "/inject.mrt";
        try {
            java.nio.file.Files.copy(mrt, runtime.hostPath(inRun), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new LabException("cannot copy " + mrt + " for gobgp mrt inject", e);
        }
        List<String> cmd = new java.util.ArrayList<>(List.of("gobgp", "-u", API_HOST, "-p", API_PORT, "--nexthop",
                IpPrefix.format(nextHop), "mrt", "inject", "global", inRun));
        if (skipRecords > 0) {
            cmd.addAll(List.of("1000000000", Long.toString(skipRecords))); // count, skip
        }
        Exec.run(runtime.client(ns, cmd), Duration.ofSeconds(300)).check();
    }
}
