package dev.herald.interop.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * BIRD 2 and 3: bird in the foreground ({@code -f}) logging to stderr (a file), a control socket in
 * the run directory, queried with {@code birdc show route all} and {@code show protocols all},
 * whose text is parsed by {@link BirdParser}.
 */
final class BirdRouter extends Router {
    BirdRouter(RouterKind kind, RouterRuntime runtime, Netns ns, RouterConfig config, Path logDir) {
        super(kind, runtime, ns, config, logDir);
    }

    private String socket() {
        return runDir + "/bird.ctl";
    }

    @Override
    public String version() {
        Exec.Result r = Exec.run(runtime.plain(List.of(kind.binary(), "--version")));
        return (r.stdout() + r.stderr()).trim().replaceFirst("^BIRD version\\s*", "BIRD ");
    }

    static String configText(RouterConfig c) {
        StringBuilder sb = new StringBuilder();
        sb.append("log stderr all;\n");
        sb.append("router id ").append(c.routerId().getHostAddress()).append(";\n");
        sb.append("protocol device { scan time 10; }\n");
        int i = 0;
        for (RouterConfig.Neighbor n : c.neighbors()) {
            sb.append("protocol bgp peer").append(++i).append(" {\n");
            sb.append("  local ").append(n.localAddress() == null ? "" : IpPrefix.format(n.localAddress()) + " ")
                    .append("as ").append(c.asn()).append(";\n");
            sb.append("  neighbor ").append(IpPrefix.format(n.address())).append(" as ").append(n.asn()).append(";\n");
            if (n.interfaceName() != null) {
                sb.append("  interface \"").append(n.interfaceName()).append("\";\n"); // a link-local neighbour's scope
            }
            // Defaults (5 s, 120 s, 60..300 s after an error) are too slow for a lab.
            sb.append("  connect delay time 1;\n");
            sb.append("  connect retry time 2;\n");
            sb.append("  error wait time 1, 5;\n");
            RouterConfig.Options o = n.options();
            if (o.password() != null) {
                sb.append("  password \"").append(o.password()).append("\";\n");
            }
            if (o.ttlSecurityHops() > 0) {
                sb.append("  ttl security on;\n");
                if (o.ttlSecurityHops() > 1) {
                    sb.append("  multihop ").append(o.ttlSecurityHops()).append(";\n");
                }
            }
            if (o.multihop() > 0) {
                sb.append("  multihop ").append(o.multihop()).append(";\n");
            }
            if (o.holdTime() > 0) {
                sb.append("  hold time ").append(o.holdTime()).append(";\n");
            }
            if (o.gracefulRestart()) {
                sb.append("  graceful restart aware;\n");
            }
            if (o.bfd() != null) {
                sb.append(BirdBfd.bgpLine(o.bfd()));
            }
            if (o.extendedMessage()) {
                sb.append("  enable extended messages on;\n"); // RFC 8654; off by default in BIRD 2
            }
            for (Family f : Family.values()) {
                if (n.families().contains(f)) {
                    sb.append("  ").append(f == Family.IPV4_UNICAST ? "ipv4" : "ipv6").append(" { import all; export none;")
                            .append(f == Family.IPV4_UNICAST && o.extendedNextHop() ? " extended next hop on;" : "")
                            .append(" };\n");
                }
            }
            sb.append("}\n");
        }
        if (BirdBfd.needed(c)) {
            sb.append(BirdBfd.configText(c));
        }
        return sb.toString();
    }

    @Override
    protected void start() {
        runtime.mkdir(runDir, null);
        String conf = writeConfig("bird.conf", configText(config), null);
        startDaemon("bird", List.of(kind.binary(), "-f", "-c", conf, "-s", socket(), "-P", runDir + "/bird.pid"));
        await("bird answering birdc", Duration.ofSeconds(30),
                () -> birdc("show status").ok() ? Optional.of(true) : Optional.empty());
    }

    Exec.Result birdc(String command) {
        return client(List.of(kind.path("/usr/sbin/birdc"), "-s", socket(), command));
    }

    @Override
    public List<ReceivedRoute> routes(Family family) {
        String table = family == Family.IPV4_UNICAST ? "master4" : "master6";
        return BirdParser.routes(birdc("show route all table " + table).check().stdout());
    }

    @Override
    public List<PeerState> peers() {
        return BirdParser.peers(birdc("show protocols all").check().stdout());
    }

    @Override
    public String dump() {
        return birdc("show protocols").stdout() + birdc("show route all").stdout();
    }

    /** {@code show route all table master4|master6 for PREFIX}. */
    /** BIRD lists communities as (65535,6) in {@code show route all}. */
    @Override
    public Optional<Boolean> isLlgrStale(IpPrefix prefix) {
        String detail = routeDetail(prefix);
        if (!detail.contains(prefix.toString())) {
            return Optional.empty();
        }
        return Optional.of(detail.contains("(65535,6)"));
    }

    @Override
    public String routeDetail(IpPrefix prefix) {
        return birdc("show route all table " + (prefix.isIpv6() ? "master6" : "master4") + " for " + prefix).check().stdout();
    }

    /** {@code show bfd sessions}, read by {@link BirdBfd#sessions}. */
    @Override
    public List<RouterBfdSession> bfdSessions() {
        return BirdBfd.sessions(birdc("show bfd sessions").check().stdout());
    }

    @Override
    public Exec.Result cli(String command) {
        return birdc(command);
    }

    /** {@code show protocols all}: every neighbour's capabilities, ours and theirs. */
    @Override
    public String neighborDetail(java.net.InetAddress neighbor) {
        return birdc("show protocols all").check().stdout();
    }

    /** BIRD lists "Extended message" under both "Local capabilities" and "Neighbor capabilities" when negotiated. */
    @Override
    public Optional<Boolean> extendedMessage(java.net.InetAddress neighbor) {
        return BirdParser.extendedMessage(neighborDetail(neighbor), neighbor);
    }

    @Override
    public String routeCountText() {
        return birdc("show route count").check().stdout();
    }

    /**
     * Asks every BGP neighbour for its routes again (ROUTE-REFRESH). BIRD 3 split BIRD 2's
     * {@code reload in} into {@code reload filters in} (its own table only) and
     * {@code reload bgp in} (the neighbour resends); BIRD 3 answers "No such command" to the old one.
     */
    @Override
    public void requestRouteRefresh() {
        birdc(version().startsWith("BIRD 3") ? "reload bgp in all" : "reload in all").check();
    }
}
