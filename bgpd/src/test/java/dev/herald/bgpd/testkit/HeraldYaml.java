package dev.herald.bgpd.testkit;

import dev.herald.codec.InetAddresses;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * herald's config file for a test, built instead of pasted: the router (AS 65010, router id
 * 192.0.2.1), an admin socket, peers, static prefixes, and any other YAML a test needs verbatim.
 * Every daemon and lab test used to carry its own copy of the same twenty lines. Part of the test
 * kit (bgpd's test-jar): interop-tests builds its lab configs with it too.
 */
public final class HeraldYaml {
    private String router = "router:\n  asn: 65010\n  router-id: 192.0.2.1\n";
    private final List<String> top = new ArrayList<>();
    private final List<String> peers = new ArrayList<>();
    private final List<String> statics = new ArrayList<>();
    private final List<String> sources = new ArrayList<>();

    private HeraldYaml() {
    }

    /** AS 65010, router id 192.0.2.1, as the lab routers' standard configs and {@link LoopbackRouter} expect. */
    public static HeraldYaml lab() {
        return new HeraldYaml();
    }

    public HeraldYaml router(long asn, String routerId) {
        router = "router:\n  asn: " + asn + "\n  router-id: " + routerId + "\n";
        return this;
    }

    /** herald's BGP listener ({@code router.listen}). */
    public HeraldYaml listen(String address, int port) {
        router += "  listen: { address: \"" + address + "\", port: " + port + " }\n";
        return this;
    }

    /** The admin API on {@code socket} (what {@code herald peers} and friends talk to). */
    public HeraldYaml admin(Path socket) {
        return top("admin:\n  socket: " + socket);
    }

    /** A top-level section written as given (rib:, export-policies:, ...). */
    public HeraldYaml top(String yaml) {
        top.add(yaml.stripTrailing() + "\n");
        return this;
    }

    public HeraldYaml peer(Peer p) {
        peers.add(p.yaml());
        return this;
    }

    /** Entries of {@code peers} written as given ({@code "  - { name: x, ... }"} lines), as a test that feeds errors needs. */
    public HeraldYaml peersYaml(String yaml) {
        if (!yaml.isBlank()) {
            peers.add(yaml.stripTrailing() + "\n");
        }
        return this;
    }

    /** Static prefixes under {@code sources.static}. */
    public HeraldYaml statics(String... prefixes) {
        for (String p : prefixes) {
            statics.add("- prefix: " + p);
        }
        return this;
    }

    /** Static prefixes under {@code sources.static}, each written as its toString. */
    public HeraldYaml statics(java.util.Collection<?> prefixes) {
        return statics(prefixes.stream().map(Object::toString).toArray(String[]::new));
    }

    /** A prefix file under {@code sources.static}. */
    public HeraldYaml staticFile(Path file) {
        statics.add("- file: " + file);
        return this;
    }

    /** Another source under {@code sources}, written as given ({@code "kernel: { tables: [main] }"}). */
    public HeraldYaml source(String yaml) {
        sources.add(yaml.stripTrailing());
        return this;
    }

    public String build() {
        StringBuilder sb = new StringBuilder(router);
        top.forEach(sb::append);
        if (!peers.isEmpty()) {
            sb.append("peers:\n");
            peers.forEach(sb::append);
        }
        if (!statics.isEmpty() || !sources.isEmpty()) {
            sb.append("sources:\n");
            if (!statics.isEmpty()) {
                sb.append("  static:\n");
                statics.forEach(s -> sb.append("    ").append(s).append('\n'));
            }
            sources.forEach(s -> sb.append(s.indent(2)));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return build();
    }

    /** One entry of {@code peers}: name, address and AS, then the keys a test sets. */
    public static final class Peer {
        private final List<String> lines = new ArrayList<>();

        private Peer(String name, String where, long asn) {
            lines.add("name: " + name);
            lines.add(where);
            lines.add("asn: " + asn);
        }

        public static Peer of(String name, InetAddress address, long asn) {
            return of(name, InetAddresses.toText(address), asn);
        }

        public static Peer of(String name, String address, long asn) {
            return new Peer(name, "address: \"" + address + "\"", asn);
        }

        /** An unnumbered peer: the router at the other end of {@code ifname}. */
        public static Peer onInterface(String name, String ifname, long asn) {
            return new Peer(name, "interface: " + ifname, asn);
        }

        /**
         * {@code router} as peer {@code name} (its address, port and AS; herald's side as
         * local-address unless 127.0.0.1), IPv4 unicast, connect-retry 1 s and next hop 192.0.2.1:
         * loopback is no valid NEXT_HOP, the router would reset the session.
         */
        public static Peer loopback(String name, LoopbackRouter router) {
            Peer p = of(name, router.listen, router.asn).port(router.port);
            if (!router.heraldAddress.equals("127.0.0.1")) {
                p.line("local-address: \"" + router.heraldAddress + "\"");
            }
            return p.families("ipv4-unicast").connectRetry(1).line("next-hop: { ipv4: 192.0.2.1 }");
        }

        /** The peer's TCP port, when not 179. */
        public Peer port(int port) {
            return line("port: " + port);
        }

        public Peer localAddress(InetAddress a) {
            return line("local-address: \"" + InetAddresses.toText(a) + "\"");
        }

        public Peer families(String... families) {
            return line("families: [" + String.join(", ", families) + "]");
        }

        /** herald's own IPv6 next hop, for IPv6 routes over an IPv4 session. */
        public Peer nextHopV6(InetAddress a) {
            return line("next-hop: { ipv6: \"" + InetAddresses.toText(a) + "\" }");
        }

        public Peer holdTime(int seconds) {
            return line("hold-time: " + seconds);
        }

        public Peer connectRetry(int seconds) {
            return line("connect-retry: " + seconds);
        }

        /** Any other key of the peer, or several lines, written as given. */
        public Peer line(String yaml) {
            if (!yaml.isBlank()) {
                lines.addAll(yaml.stripTrailing().lines().toList());
            }
            return this;
        }

        String yaml() {
            StringBuilder sb = new StringBuilder("  - ").append(lines.getFirst()).append('\n');
            lines.subList(1, lines.size()).forEach(l -> sb.append("    ").append(l).append('\n'));
            return sb.toString();
        }
    }
}
