package dev.herald.config;

import dev.herald.sources.ovn.OvnSemantics;
import dev.herald.sources.ovn.OvnSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads {@code sources.ovn}. */
final class OvnReader {
    static final List<String> KEYS = List.of("remote", "private-key", "certificate", "ca-cert", "chassis", "ovs-remote",
            "probe-interval", "local-only", "tracked-port", "next-hop", "keep-when-unreachable", "semantics");
    static final List<String> TRACKED_KEYS = List.of("local-only", "local-med", "remote-med");
    static final List<String> NEXT_HOP_KEYS = List.of("ipv4", "ipv6");
    /** What ovn-controller accepts as a chassis name (the Open_vSwitch system-id). */
    private static final Pattern CHASSIS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,252}");
    /** The OVN releases whose semantics herald knows, as written in the config. */
    static final List<String> SEMANTICS = Arrays.stream(OvnSemantics.values()).map(OvnSemantics::release).toList();
    private static final Pattern REMOTE = Pattern.compile("(tcp|ssl):(\\[[0-9A-Fa-f:.]+\\]|[^:\\[\\]/]+)(:(\\d{1,5}))?|unix:/.*");

    private OvnReader() {
    }

    static OvnSourceConfig read(YamlNode node, String key, Problems problems) {
        Section s = Section.openOrBare(node, "sources.ovn", problems, KEYS);
        if (s == null) {
            return null;
        }
        OvnSourceConfig d = OvnSourceConfig.defaults();
        OvnSettings ds = d.settings();
        List<String> remotes = s.optional("remote", OvnReader::remotes, d.remotes());
        Path keyFile = s.optional("private-key", Scalars::absolutePath, null);
        Path cert = s.optional("certificate", Scalars::absolutePath, null);
        Path ca = s.optional("ca-cert", Scalars::absolutePath, null);
        String chassis = s.optional("chassis", OvnReader::chassis, null);
        List<String> ovs = s.optional("ovs-remote", OvnReader::remotes, List.of(d.ovsRemote()));
        Long probe = s.optional("probe-interval", (n, k, p) -> NumberValues.range(n, k, p, 0, 3600, ""),
                (long) d.probeIntervalSeconds());
        Boolean localOnly = s.optional("local-only", Scalars::bool, false);
        boolean trackedLocalOnly = false;
        long localMed = ds.localMed();
        long remoteMed = ds.remoteMed();
        Section t = s.nested("tracked-port", "sources.ovn.tracked-port", TRACKED_KEYS);
        if (t != null) {
            // a bad value leaves null (reported); the defaults stay until the section is refused
            trackedLocalOnly = Boolean.TRUE.equals(t.optional("local-only", Scalars::bool, false));
            Long lm = t.optional("local-med", OvnReader::med, localMed);
            Long rm = t.optional("remote-med", OvnReader::med, remoteMed);
            localMed = lm == null ? localMed : lm;
            remoteMed = rm == null ? remoteMed : rm;
        }
        OvnSettings.NextHopMode[] nh = {ds.ipv4NextHop(), ds.ipv6NextHop()};
        Section nhs = s.nested("next-hop", "sources.ovn.next-hop", NEXT_HOP_KEYS);
        if (nhs != null) {
            nh[0] = nhs.optional("ipv4", OvnReader::nextHop, nh[0]);
            nh[1] = nhs.optional("ipv6", OvnReader::nextHop, nh[1]);
        }
        Long keep = s.optional("keep-when-unreachable", (n, k, p) -> NumberValues.range(n, k, p, 1, 365L * 24 * 3600, ""),
                null);
        OvnSemantics semantics = s.optional("semantics", OvnReader::semantics, null);
        if (s.failed()) {
            return null;
        }
        boolean ssl = remotes.stream().anyMatch(r -> r.startsWith("ssl:"));
        if (ssl && (keyFile == null || cert == null || ca == null)) {
            problems.error(s.keyMark("remote"), "an ssl: remote needs 'private-key', 'certificate' and 'ca-cert'");
        }
        if (!ssl && (keyFile != null || cert != null || ca != null)) {
            String k = keyFile != null ? "private-key" : cert != null ? "certificate" : "ca-cert";
            problems.error(s.keyMark(k), "'" + k + "' is only used with an ssl: remote");
        }
        if (ovs.size() != 1) {
            problems.error(s.keyMark("ovs-remote"), "'ovs-remote' is the local Open_vSwitch database: one remote");
        }
        if (s.failed()) {
            return null;
        }
        OvnSettings settings = new OvnSettings(chassis, localOnly,
                trackedLocalOnly ? OvnSettings.TrackedPort.LOCAL_ONLY : OvnSettings.TrackedPort.PREFER_LOCAL,
                (int) localMed, (int) remoteMed, nh[0], nh[1], keep == null ? null : Duration.ofSeconds(keep), semantics);
        return new OvnSourceConfig(remotes, Optional.ofNullable(keyFile), Optional.ofNullable(cert), Optional.ofNullable(ca),
                ovs.get(0), probe.intValue(), settings);
    }

    /** {@code auto} (null) or an OVN release; unquoted, 25.03 is a YAML float whose text is still "25.03". */
    private static OvnSemantics semantics(YamlNode node, String key, Problems problems) {
        String text = node instanceof YamlNode.Scalar sc
                && (sc.type() == YamlNode.ScalarType.STRING || sc.type() == YamlNode.ScalarType.FLOAT) ? sc.text() : null;
        if ("auto".equals(text)) {
            return null;
        }
        OvnSemantics s = text == null ? null : OvnSemantics.ofRelease(text);
        if (s == null) {
            return problems.reject(node, key, "must be 'auto' or one of " + SEMANTICS + ", got "
                    + (text == null ? node.describe() : "'" + text + "'"));
        }
        return s;
    }

    private static List<String> remotes(YamlNode node, String key, Problems problems) {
        String text = Scalars.string(node, key, problems);
        if (text == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String r = part.strip();
            var m = REMOTE.matcher(r);
            if (!m.matches()) {
                problems.error(node.mark(), "'" + r + "' in '" + key + "' is not tcp:HOST:PORT, ssl:HOST:PORT or unix:/PATH"
                        + (r.startsWith("tcp:") || r.startsWith("ssl:") ? " (IPv6 hosts go in brackets)" : ""));
                return null;
            }
            if (m.group(4) != null) {
                int port = Integer.parseInt(m.group(4));
                if (port < 1 || port > 65535) {
                    problems.error(node.mark(), "'" + r + "': port must be 1..65535");
                    return null;
                }
            }
            if (out.contains(r)) {
                problems.error(node.mark(), "'" + r + "' appears twice in '" + key + "'");
                return null;
            }
            out.add(r);
        }
        return out;
    }

    private static Long med(YamlNode node, String key, Problems problems) {
        return NumberValues.range(node, key, problems, 0, Integer.MAX_VALUE, "");
    }

    private static String chassis(YamlNode node, String key, Problems problems) {
        return Scalars.matching(node, key, problems, CHASSIS, t -> "'" + t + "' is not a valid chassis name");
    }

    private static OvnSettings.NextHopMode nextHop(YamlNode node, String key, Problems problems) {
        String text = Scalars.string(node, key, problems);
        if (text == null) {
            return null;
        }
        return switch (text) {
            case "router-port" -> OvnSettings.NextHopMode.ROUTER_PORT;
            case "self" -> OvnSettings.NextHopMode.SELF;
            default -> {
                yield problems.reject(node, key, "must be 'router-port' or 'self', got '" + text + "'");
            }
        };
    }
}
