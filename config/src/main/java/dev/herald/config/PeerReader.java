package dev.herald.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.regex.Pattern;

import dev.herald.codec.Family;
import dev.herald.codec.InetAddresses;

/** Reads one entry of {@code peers:}. */
final class PeerReader {
    static final List<String> KEYS = List.of("name", "address", "interface", "asn", "port", "local-address", "families",
            "next-hop", "hold-time", "passive", "password", "password-file", "ebgp-multihop", "ttl-security",
            "connect-retry", "connect-retry-max", "graceful-restart", "send-hold-time", "open-hold-time",
            "extended-message", "export", "bfd");
    static final List<String> GR_KEYS = List.of("enabled", "restart-time", "long-lived-stale-time");
    static final int MAX_KEY_BYTES = 80;
    static final List<String> NEXT_HOP_KEYS = List.of("ipv4", "ipv6");
    // Names end up in log lines and metric labels, where spaces and quotes cause trouble.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    // Linux interface names: 1..15 bytes, no '/', ':' or whitespace (dev_valid_name).
    private static final Pattern IFNAME = Pattern.compile("[^/:\\s]{1,15}");

    private final Problems problems;
    private final Duplicates<String> names;
    private final Duplicates<InetAddress> addresses;
    private final Duplicates<String> interfaces;
    private final boolean routerListens;
    private final java.util.Map<String, ExportPolicyConfig> policies;

    /** @param routerListens whether router.listen is set (true when unknown, to avoid piling on) */
    PeerReader(Problems problems, boolean routerListens) {
        this(problems, routerListens, java.util.Map.of());
    }

    /** @param policies the top-level export-policies (null when they had errors: names are not checked) */
    PeerReader(Problems problems, boolean routerListens, java.util.Map<String, ExportPolicyConfig> policies) {
        this.policies = policies;
        this.problems = problems;
        this.routerListens = routerListens;
        this.names = new Duplicates<>("peer name", problems);
        this.addresses = new Duplicates<>("peer address", problems);
        this.interfaces = new Duplicates<>("peer interface", problems);
    }

    /** The peer, or null when anything in it is wrong (all of it reported). */
    PeerConfig read(YamlNode node) {
        Section s = Section.open(node, "peer", node.mark(), problems, KEYS);
        if (s == null) {
            return null;
        }
        String name = s.required("name", PeerReader::name);
        if (name != null) {
            names.add(name, "'" + name + "'", s.node("name").mark());
        }
        InetAddress address = s.optional("address", AddressValues::unicast, null);
        if (address != null) {
            addresses.add(address, InetAddresses.toText(address), s.node("address").mark());
        }
        String iface = s.optional("interface", PeerReader::interfaceName, null);
        if (iface != null) {
            interfaces.add(iface, "'" + iface + "'", s.node("interface").mark());
        }
        boolean unnumbered = s.node("interface") != null;
        if (s.node("address") != null && unnumbered) {
            problems.error(s.keyMark("interface"), "'address' and 'interface' both set; a peer is either at an"
                    + " address or the link-local neighbour on an interface (unnumbered): use one");
        } else if (s.node("address") == null && !unnumbered) {
            problems.error(node.mark(), "peer needs 'address' (the neighbour's IP address) or 'interface'"
                    + " (unnumbered: the IPv6 link-local neighbour on that interface)");
        }
        if (unnumbered) {
            for (String k : List.of("local-address", "password", "password-file", "ebgp-multihop")) {
                if (s.node(k) != null) {
                    problems.error(s.keyMark(k), "'" + k + "' cannot be used with 'interface': " + switch (k) {
                        case "local-address" -> "the session runs from this host's link-local address on the interface";
                        case "ebgp-multihop" -> "the neighbour on an interface is directly connected";
                        default -> "TCP-MD5 keys are per address, and the neighbour's link-local address is only"
                                + " learnt at run time";
                    });
                }
            }
        }
        Long asn = s.required("asn", NumberValues::asn);
        Integer port = s.optional("port", NumberValues::port, PeerConfig.DEFAULT_PORT);
        InetAddress local = s.optional("local-address", AddressValues::unicast, null);
        if (address != null && local != null && isV4(address) != isV4(local)) {
            problems.error(s.node("local-address").mark(), "'local-address' " + InetAddresses.toText(local) + " is "
                    + familyName(local) + " but the peer address " + InetAddresses.toText(address) + " is "
                    + familyName(address) + "; a session's two ends must be the same family");
        }
        SequencedSet<Family> families = s.optional("families", PeerReader::families, defaultFamilies());
        Inet4Address nextHop4 = null;
        Inet6Address nextHop6 = null;
        Section nh = s.nested("next-hop", "next-hop", NEXT_HOP_KEYS);
        if (nh != null) {
            nextHop4 = nh.optional("ipv4", AddressValues::nextHopIpv4, null);
            nextHop6 = nh.optional("ipv6", AddressValues::nextHopIpv6, null);
        }
        Integer holdTime = s.optional("hold-time", NumberValues::holdTime, PeerConfig.DEFAULT_HOLD_TIME);
        Boolean passive = s.optional("passive", Scalars::bool, false);
        if (Boolean.TRUE.equals(passive) && !routerListens) {
            problems.error(s.node("passive").mark(), "a passive peer waits for a connection, but router has no"
                    + " 'listen', so none can arrive; add router.listen or drop 'passive'");
        }
        Secret password = null;
        if (s.node("password") != null && s.node("password-file") != null) {
            problems.error(s.keyMark("password-file"), "'password' and 'password-file' both set; use one");
        } else if (s.node("password") != null) {
            String text = s.optional("password", Scalars::string, null);
            if (text != null) {
                password = secret(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), "password", null,
                        s.node("password").mark());
            }
        } else if (s.node("password-file") != null) {
            password = passwordFile(s.node("password-file"));
        }
        Integer multihop = s.optional("ebgp-multihop", (n, k, p) -> range(n, k, p, 1, 255, "a TTL"), 0);
        Integer ttlSecurity = s.optional("ttl-security", (n, k, p) -> range(n, k, p, 1, 254, "a hop count"), 0);
        if (multihop != null && ttlSecurity != null && multihop > 0 && ttlSecurity > 0) {
            problems.error(s.keyMark("ttl-security"), "'ttl-security' and 'ebgp-multihop' both set; GTSM sends with"
                    + " TTL 255 anyway: keep 'ttl-security' with the neighbour's hop count");
        }
        Integer retry = s.optional("connect-retry", (n, k, p) -> range(n, k, p, 1, 65535, "seconds"),
                PeerConfig.DEFAULT_CONNECT_RETRY);
        Integer retryMax = s.optional("connect-retry-max", (n, k, p) -> range(n, k, p, 1, 65535, "seconds"),
                Math.max(PeerConfig.DEFAULT_CONNECT_RETRY_MAX, retry == null ? 1 : retry));
        if (retry != null && retryMax != null && retryMax < retry) {
            problems.error(s.node("connect-retry-max").mark(), "'connect-retry-max' " + retryMax
                    + " is below 'connect-retry' " + retry);
        }
        Integer grTime = PeerConfig.DEFAULT_GRACEFUL_RESTART_TIME;
        Long llgrTime = -1L;
        Section g = s.nested("graceful-restart", "graceful-restart", GR_KEYS);
        if (g != null) {
            Boolean enabled = g.optional("enabled", Scalars::bool, true);
            grTime = g.optional("restart-time", (n, k, p) -> range(n, k, p, 0, 4095, "seconds (12 bits, RFC 4724)"),
                    PeerConfig.DEFAULT_GRACEFUL_RESTART_TIME);
            llgrTime = g.optional("long-lived-stale-time", (n, k, p) -> {
                Integer v = range(n, k, p, 0, 16_777_215, "seconds (24 bits, RFC 9494)");
                return v == null ? null : v.longValue();
            }, -1L);
            if (Boolean.FALSE.equals(enabled)) {
                grTime = -1;
                if (g.node("long-lived-stale-time") != null) {
                    problems.error(g.keyMark("long-lived-stale-time"), "'long-lived-stale-time' needs graceful"
                            + " restart (RFC 9494 is advertised beside it), but 'enabled' is false");
                }
            }
        }
        Integer sendHold = s.optional("send-hold-time", (n, k, p) -> range(n, k, p, 1, 65535, "seconds"),
                PeerConfig.DEFAULT_SEND_HOLD_TIME);
        Integer openHold = s.optional("open-hold-time", (n, k, p) -> range(n, k, p, 1, 65535, "seconds"),
                PeerConfig.DEFAULT_OPEN_HOLD_TIME);
        Boolean extendedMessage = s.optional("extended-message", Scalars::bool, true);
        ExportPolicyConfig export = s.optional("export", (n, k, p) -> ExportPolicyReader.peerExport(n, s.keyMark(k), p,
                policies), ExportPolicyConfig.DEFAULT);
        BfdConfig bfd = BfdReader.read(s);
        if (s.failed() || export == null || bfd == null) { // null: export-policies itself is broken (reported)
            return null;
        }
        return new PeerConfig(name, address, asn, port, Optional.ofNullable(local), families,
                Optional.ofNullable(nextHop4), Optional.ofNullable(nextHop6), holdTime, passive,
                Optional.ofNullable(password), multihop, ttlSecurity, retry, retryMax, grTime, sendHold, export, openHold,
                Optional.ofNullable(iface), llgrTime, extendedMessage, bfd);
    }

    private Secret secret(byte[] key, String origin, java.nio.file.Path file, Mark mark) {
        if (key.length == 0 || key.length > MAX_KEY_BYTES) {
            // Never echo the password itself.
            problems.error(mark, "the " + origin + " must be 1 to " + MAX_KEY_BYTES + " bytes (the Linux TCP-MD5 key"
                    + " limit), got " + key.length);
            return null;
        }
        return new Secret(key, origin, file);
    }

    /** Reads the key now, so a missing file is a config error and not a failed session later. */
    private Secret passwordFile(YamlNode node) {
        String file = Scalars.string(node, "password-file", problems);
        if (file == null) {
            return null;
        }
        try {
            byte[] b = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(file));
            int end = b.length;
            while (end > 0 && (b[end - 1] == '\n' || b[end - 1] == '\r')) {
                end--; // a file written with echo ends in a newline that is not part of the key
            }
            return secret(java.util.Arrays.copyOf(b, end), "password-file " + file, java.nio.file.Path.of(file),
                    node.mark());
        } catch (java.io.IOException e) {
            problems.error(node.mark(), "password-file " + file + ": " + ReadFailure.reason(e));
        } catch (RuntimeException e) {
            problems.error(node.mark(), "password-file " + file + ": cannot read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        return null;
    }

    private static Integer range(YamlNode node, String key, Problems problems, int min, int max, String what) {
        Long v = Scalars.integer(node, key, problems);
        if (v == null) {
            return null;
        }
        if (v < min || v > max) {
            return problems.reject(node, key, "must be " + what + " from " + min + " to " + max + ", got " + v);
        }
        return v.intValue();
    }

    private static String interfaceName(YamlNode node, String key, Problems problems) {
        return Scalars.matching(node, key, problems, IFNAME, t -> "interface name '" + t + "' must be 1 to 15 characters"
                + " without '/', ':' or spaces (a Linux interface name such as eth1 or swp1)");
    }

    private static String name(YamlNode node, String key, Problems problems) {
        return Scalars.matching(node, key, problems, NAME, t -> "peer name '" + t + "' must be 1 to 63 letters, digits, '.',"
                + " '_' or '-', starting with a letter or digit");
    }

    private static SequencedSet<Family> families(YamlNode node, String key, Problems problems) {
        if (!(node instanceof YamlNode.Sequence seq)) {
            return problems.reject(node, key, "must be a list such as [ipv4-unicast, ipv6-unicast], got "
                    + node.describe());
        }
        if (seq.items().isEmpty()) {
            return problems.reject(node, key, "must name at least one family");
        }
        return new LinkedHashSet<>(Duplicates.readUnique(seq, key, problems, "family", RouteValues::family,
                Family::configName));
    }

    private static SequencedSet<Family> defaultFamilies() {
        return new LinkedHashSet<>(Family.ALL);
    }

    private static boolean isV4(InetAddress a) {
        return a instanceof Inet4Address;
    }

    private static String familyName(InetAddress a) {
        return isV4(a) ? "IPv4" : "IPv6";
    }
}
