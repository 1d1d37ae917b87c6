package dev.herald.interop.lab;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenBGPD 8.8 (trixie) and 9.3 (sid): {@code bgpd -d -f CONF} in the foreground (it forks its session and route
 * engines and chroots them to /run/openbgpd, which must exist), a control socket in the run
 * directory, queried with {@code bgpctl -j}. Checked by hand against 8.8 (9.3 the same): {@code show rib} lists
 * {prefix, aspath, exit_nexthop, neighbor.remote_addr, valid, best, stale}; {@code show neighbor}
 * lists {remote_as, remote_addr, state}.
 */
final class OpenBgpdRouter extends Router {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    OpenBgpdRouter(RouterKind kind, RouterRuntime runtime, Netns ns, RouterConfig config, Path logDir) {
        super(kind, runtime, ns, config, logDir);
    }

    private String socket() {
        return runDir + "/bgpd.sock";
    }

    @Override
    public String version() {
        Exec.Result r = Exec.run(runtime.plain(List.of("/usr/sbin/bgpd", "-V")));
        return (r.stdout() + r.stderr()).trim().replaceFirst("^OpenBGPD\\s*", "OpenBGPD ");
    }

    static String configText(RouterConfig c, String socket) {
        StringBuilder sb = new StringBuilder();
        sb.append("AS ").append(c.asn()).append('\n');
        sb.append("router-id ").append(c.routerId().getHostAddress()).append('\n');
        sb.append("socket \"").append(socket).append("\"\n");
        if (c.neighbors().stream().anyMatch(n -> n.options().extendedNextHop())) {
            // OpenBGPD 9 refuses RFC 8950 unless it leaves the kernel's table alone ("announce extended
            // nexthop requires 'fib-update no'"); the lab reads its RIB with bgpctl, never the kernel's.
            sb.append("fib-update no\n");
        }
        for (RouterConfig.Neighbor n : c.neighbors()) {
            if (n.localAddress() != null) {
                sb.append("listen on ").append(IpPrefix.format(n.localAddress())).append('\n');
            }
        }
        for (RouterConfig.Neighbor n : c.neighbors()) {
            RouterConfig.Options o = n.options();
            sb.append("neighbor ").append(IpPrefix.format(n.address()))
                    .append(n.interfaceName() != null ? "%" + n.interfaceName() : "").append(" {\n");
            sb.append("\tremote-as ").append(n.asn()).append('\n');
            if (n.localAddress() != null) {
                sb.append("\tlocal-address ").append(IpPrefix.format(n.localAddress())).append('\n');
            }
            for (Family f : Family.values()) {
                sb.append("\tannounce ").append(f == Family.IPV4_UNICAST ? "IPv4" : "IPv6")
                        .append(n.families().contains(f) ? " unicast" : " none").append('\n');
            }
            if (o.password() != null) {
                sb.append("\ttcp md5sig password \"").append(o.password()).append("\"\n");
            }
            if (o.ttlSecurityHops() > 0) {
                sb.append("\tttl-security yes\n");
            }
            if (o.multihop() > 0) {
                sb.append("\tmultihop ").append(o.multihop()).append('\n');
            }
            if (o.gracefulRestart()) {
                sb.append("\tannounce restart yes\n");
            }
            if (o.extendedNextHop()) {
                sb.append("\tannounce extended nexthop yes\n");
            }
            if (o.extendedMessage()) {
                sb.append("\tannounce extended message yes\n"); // RFC 8654; "no" by default
            }
            sb.append("}\n");
        }
        sb.append("allow from any\n");
        return sb.toString();
    }

    @Override
    protected void start() {
        runtime.mkdir(runDir, null);
        runtime.mkdir("/run/openbgpd", null);
        String conf = writeConfig("bgpd.conf", configText(config, socket()), null);
        startDaemon("bgpd", List.of("/usr/sbin/bgpd", "-d", "-f", conf));
        await("bgpd answering bgpctl", Duration.ofSeconds(30),
                () -> bgpctl("show").ok() ? Optional.of(true) : Optional.empty());
    }

    Exec.Result bgpctl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("bgpctl", "-s", socket()));
        cmd.addAll(List.of(args));
        return client(cmd);
    }

    private Exec.Result bgpctlJson(String... args) {
        List<String> cmd = new ArrayList<>(List.of("bgpctl", "-j", "-s", socket()));
        cmd.addAll(List.of(args));
        return client(cmd);
    }

    /** {@code bgpctl show neighbor ADDR}: its capabilities, ours and the negotiated ones. */
    @Override
    public String neighborDetail(InetAddress neighbor) {
        return bgpctl("show", "neighbor", IpPrefix.format(neighbor)).check().stdout();
    }

    /** "Extended message" under "Negotiated capabilities". */
    @Override
    public Optional<Boolean> extendedMessage(InetAddress neighbor) {
        String text = neighborDetail(neighbor);
        int negotiated = text.indexOf("Negotiated capabilities:");
        if (negotiated < 0) {
            return Optional.empty();
        }
        String section = text.substring(negotiated).lines().skip(1).takeWhile(l -> l.startsWith("    "))
                .reduce("", (a, b) -> a + b + "\n");
        return Optional.of(section.toLowerCase(java.util.Locale.ROOT).contains("extended message"));
    }

    @Override
    public List<ReceivedRoute> routes(Family family) {
        return parseRoutes(bgpctlJson("show", "rib").check().stdout(), family);
    }

    static List<ReceivedRoute> parseRoutes(String json, Family family) {
        List<ReceivedRoute> out = new ArrayList<>();
        for (JsonNode r : JSON.readTree(json).path("rib")) {
            IpPrefix prefix = IpPrefix.parse(r.path("prefix").asString());
            if (prefix.isIpv6() != (family == Family.IPV6_UNICAST)) {
                continue;
            }
            List<InetAddress> nh = new ArrayList<>();
            String exit = r.path("exit_nexthop").asString("");
            if (!exit.isEmpty()) {
                nh.add(IpPrefix.address(exit));
            }
            List<Long> asPath = new ArrayList<>();
            for (String as : r.path("aspath").asString("").trim().split("\\s+")) {
                if (as.matches("\\d+")) {
                    asPath.add(Long.parseLong(as));
                }
            }
            out.add(new ReceivedRoute(prefix, nh, asPath, r.path("neighbor").path("remote_addr").asString(null)));
        }
        return out;
    }

    @Override
    public Optional<Boolean> isStale(IpPrefix prefix) {
        for (JsonNode r : JSON.readTree(bgpctlJson("show", "rib").check().stdout()).path("rib")) {
            if (prefix.toString().equals(r.path("prefix").asString())) {
                return Optional.of(r.path("stale").asBoolean(false));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<PeerState> peers() {
        List<PeerState> out = new ArrayList<>();
        for (JsonNode n : JSON.readTree(bgpctlJson("show", "neighbor").check().stdout()).path("neighbors")) {
            out.add(new PeerState(IpPrefix.address(n.path("remote_addr").asString()),
                    Long.parseLong(n.path("remote_as").asString("0")), BgpState.parse(n.path("state").asString(null))));
        }
        return out;
    }

    @Override
    public String dump() {
        return bgpctl("show").stdout() + bgpctl("show", "rib").stdout();
    }
}
