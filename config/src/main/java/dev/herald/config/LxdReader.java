package dev.herald.config;

import dev.herald.codec.Prefix;
import dev.herald.sources.lxd.LxdSettings;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads {@code sources.lxd}. */
final class LxdReader {
    static final List<String> KEYS = List.of("socket", "url", "client-cert", "client-key", "server-cert", "projects",
            "nat-address-routes", "next-hop", "member", "allow");
    static final List<String> NEXT_HOP_KEYS = List.of("ipv4", "ipv6");
    static final List<String> ALLOW_KEYS = List.of("prefixes", "projects", "uplinks");
    /** LXD project and network names: no slashes, no spaces, not empty. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    private LxdReader() {
    }

    static LxdSourceConfig read(YamlNode node, String key, Problems problems) {
        Section s = Section.openOrBare(node, "sources.lxd", problems, KEYS);
        if (s == null) {
            return null;
        }
        Path socket = s.optional("socket", Scalars::absolutePath, null);
        URI url = s.optional("url", LxdReader::url, null);
        Path cert = s.optional("client-cert", Scalars::absolutePath, null);
        Path keyFile = s.optional("client-key", Scalars::absolutePath, null);
        Path serverCert = s.optional("server-cert", Scalars::absolutePath, null);
        List<String> projects = s.optional("projects", (n, k, p) -> names(n, k, p, "project"), List.of());
        Boolean nat = s.optional("nat-address-routes", Scalars::bool, false);
        Inet4Address[] v4 = {null};
        Inet6Address[] v6 = {null};
        Section nh = s.nested("next-hop", "sources.lxd.next-hop", NEXT_HOP_KEYS);
        if (nh != null) {
            v4[0] = nh.optional("ipv4", AddressValues::nextHopIpv4, null);
            v6[0] = nh.optional("ipv6", AddressValues::nextHopIpv6, null);
        }
        String member = s.optional("member", (n, k, p) -> name(n, k, p, "cluster member"), null);
        List<Prefix> allowPrefixes = List.of();
        Map<String, List<Prefix>> allowProjects = Map.of();
        Map<String, List<Prefix>> allowUplinks = Map.of();
        Section a = s.nested("allow", "sources.lxd.allow", ALLOW_KEYS);
        if (a != null) {
            allowPrefixes = a.optional("prefixes", LxdReader::prefixes, List.of());
            allowProjects = a.optional("projects", (n, k, p) -> perName(n, k, p, "project"), Map.of());
            allowUplinks = a.optional("uplinks", (n, k, p) -> perName(n, k, p, "uplink network"), Map.of());
        }
        if (url != null && socket != null) {
            problems.error(s.keyMark("url"), "'url' and 'socket' exclude each other: herald talks to one LXD");
        }
        if (url != null && (cert == null || keyFile == null)) {
            problems.error(s.keyMark("url"), "a remote LXD needs 'client-cert' and 'client-key'");
        }
        if (url == null && (cert != null || keyFile != null || serverCert != null)) {
            String k = cert != null ? "client-cert" : keyFile != null ? "client-key" : "server-cert";
            problems.error(s.keyMark(k), "'" + k + "' is only used with 'url'");
        }
        if (s.failed()) {
            return null;
        }
        return new LxdSourceConfig(Optional.ofNullable(socket), Optional.ofNullable(url), Optional.ofNullable(cert),
                Optional.ofNullable(keyFile), Optional.ofNullable(serverCert), new LxdSettings(projects, nat, v4[0], v6[0],
                        member, new LxdSettings.Allow(allowPrefixes, allowProjects, allowUplinks)));
    }

    private static URI url(YamlNode node, String key, Problems problems) {
        String text = Scalars.string(node, key, problems);
        if (text == null) {
            return null;
        }
        try {
            URI u = new URI(text);
            if (!"https".equals(u.getScheme()) || u.getHost() == null) {
                return problems.reject(node, key, "must be https://HOST[:PORT], got '" + text + "'");
            }
            return u;
        } catch (URISyntaxException e) {
            return problems.reject(node, key, "is not a URL: " + e.getReason());
        }
    }

    private static String name(YamlNode node, String key, Problems problems, String what) {
        return Scalars.matching(node, key, problems, NAME, t -> "'" + t + "' is not a valid LXD " + what + " name");
    }

    private static List<String> names(YamlNode node, String key, Problems problems, String what) {
        if (!(node instanceof YamlNode.Sequence seq)) {
            return problems.reject(node, key, "must be a list of " + what + " names, got " + node.describe());
        }
        if (seq.items().isEmpty()) {
            return problems.reject(node, key, "is empty; leave the key out for all " + what + "s");
        }
        return Duplicates.readUnique(seq, key, problems, what, (n, k, p) -> name(n, k, p, what), n -> "'" + n + "'");
    }

    private static List<Prefix> prefixes(YamlNode node, String key, Problems problems) {
        if (!(node instanceof YamlNode.Sequence seq)) {
            return problems.reject(node, key, "must be a list of prefixes, got " + node.describe());
        }
        return Duplicates.readUnique(seq, key, problems, "prefix", RouteValues::prefix, Prefix::toString);
    }

    private static Map<String, List<Prefix>> perName(YamlNode node, String key, Problems problems, String what) {
        if (!(node instanceof YamlNode.Mapping m)) {
            return problems.reject(node, key, "must map " + what + " names to prefix lists, got " + node.describe());
        }
        Map<String, List<Prefix>> out = new LinkedHashMap<>();
        for (YamlNode.Entry e : m.entries()) {
            if (!NAME.matcher(e.key()).matches()) {
                problems.error(e.keyMark(), "'" + e.key() + "' is not a valid LXD " + what + " name");
                continue;
            }
            List<Prefix> ps = prefixes(e.value(), e.key(), problems);
            if (ps != null) {
                out.put(e.key(), ps);
            }
        }
        return out;
    }
}
