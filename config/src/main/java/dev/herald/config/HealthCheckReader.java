package dev.herald.config;

import dev.herald.codec.Family;
import dev.herald.codec.Prefix;
import dev.herald.rib.OnFailure;
import dev.herald.rib.PrefixRange;
import dev.herald.rib.RouteMatch;
import dev.herald.sources.health.HealthCheckSettings;
import dev.herald.sources.health.Probe;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code health-checks:}: a list of checks, each with one probe ({@code exec}, {@code tcp},
 * {@code http} or {@code file}), its timing and counts (as ExaBGP's healthcheck and HAProxy name
 * them), what a Down check does ({@code on-failure}) and the routes it holds ({@code match}, the keys
 * of an export rule's match plus {@code prefix-files}).
 */
final class HealthCheckReader {
    static final List<String> KEYS = List.of("name", "exec", "tcp", "http", "file", "interval", "timeout", "rise",
            "fall", "start-up", "on-failure", "match");
    static final List<String> PROBES = List.of("exec", "tcp", "http", "file");
    static final List<String> TCP_KEYS = List.of("host", "port");
    static final List<String> HTTP_KEYS = List.of("url", "status", "body");
    static final List<String> FILE_KEYS = List.of("path", "pass-when");
    static final List<String> DEGRADE_KEYS = List.of("med", "as-path-prepend", "communities");
    static final List<String> MATCH_KEYS = List.of("prefixes", "prefix-files", "families", "sources", "tags");
    /** ExaBGP healthcheck's defaults: every 5 s, rise 3, fall 3. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    static final int DEFAULT_RISE = 3;
    static final int DEFAULT_FALL = 3;
    /** Lowercase, as metrics labels and status show them. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,7})(ms|s|m)");
    private static final Pattern STATUS = Pattern.compile("(\\d{3})(?:\\s*-\\s*(\\d{3}))?");
    private static final Set<String> SOURCES = Set.of("static", "kernel", "lxd", "ovn");

    private HealthCheckReader() {
    }

    static List<HealthCheckConfig> read(YamlNode node, String key, Problems problems) {
        if (!(node instanceof YamlNode.Sequence seq)) {
            return problems.reject(node, key, "must be a list of checks ('- name: ...'), got " + node.describe());
        }
        List<HealthCheckConfig> out = new ArrayList<>();
        Duplicates<String> names = new Duplicates<>("health check name", problems);
        for (YamlNode item : seq.items()) {
            Section s = Section.open(item, "health check", item.mark(), problems, KEYS);
            if (s == null) {
                continue;
            }
            String name = s.required("name", (n, k, p) -> Scalars.matching(n, k, p, NAME, t -> "health check name '"
                    + t + "' must be lowercase letters, digits, '.', '_' or '-' (it names metrics and log lines)"));
            if (name != null) {
                names.add(name, "'" + name + "'", s.node("name").mark());
            }
            Probe probe = probe(s, item, problems);
            Duration interval = s.optional("interval", HealthCheckReader::duration, DEFAULT_INTERVAL);
            Duration timeout = s.optional("timeout", HealthCheckReader::duration, interval);
            if (interval != null && timeout != null && timeout.compareTo(interval) > 0) {
                problems.error(s.node("timeout").mark(), "'timeout' " + text(timeout) + " exceeds 'interval' "
                        + text(interval) + ": one run at a time, so a run must end before the next starts");
            }
            Long rise = s.optional("rise", (n, k, p) -> NumberValues.range(n, k, p, 1, 100, ""), (long) DEFAULT_RISE);
            Long fall = s.optional("fall", (n, k, p) -> NumberValues.range(n, k, p, 1, 100, ""), (long) DEFAULT_FALL);
            HealthCheckSettings.StartUp startUp = s.optional("start-up", HealthCheckReader::startUp,
                    HealthCheckSettings.StartUp.UP);
            OnFailure onFailure = s.optional("on-failure", HealthCheckReader::onFailure, new OnFailure.Withdraw());
            RouteMatch match = s.required("match", HealthCheckReader::match);
            if (!s.failed()) {
                out.add(new HealthCheckConfig(new HealthCheckSettings(name, probe, interval, timeout, rise.intValue(),
                        fall.intValue(), startUp, onFailure), match));
            }
        }
        return out;
    }

    /** Exactly one of the probe keys. */
    private static Probe probe(Section s, YamlNode item, Problems problems) {
        List<String> given = PROBES.stream().filter(k -> s.node(k) != null).toList();
        if (given.isEmpty()) {
            problems.error(item.mark(), "a health check needs one of: exec, tcp, http, file");
            return null;
        }
        if (given.size() > 1) {
            problems.error(s.keyMark(given.get(1)), "a health check runs one probe; '" + given.get(0) + "' and '"
                    + given.get(1) + "' are both given");
            return null;
        }
        return switch (given.getFirst()) {
            case "exec" -> s.optional("exec", HealthCheckReader::exec, null);
            case "tcp" -> tcp(s.nested("tcp", "tcp", TCP_KEYS));
            case "http" -> http(s.nested("http", "http", HTTP_KEYS));
            default -> file(s.nested("file", "file", FILE_KEYS));
        };
    }

    private static Probe exec(YamlNode node, String key, Problems problems) {
        if (!(node instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
            return problems.reject(node, key, "must be a command as a list, no shell: [/usr/local/bin/check, --quiet]"
                    + " (or [sh, -c, \"...\"]), got " + node.describe());
        }
        List<String> argv = new ArrayList<>();
        for (YamlNode i : seq.items()) {
            String a = Scalars.string(i, key, problems);
            if (a != null) {
                argv.add(a);
            }
        }
        if (argv.size() == seq.items().size() && !argv.getFirst().startsWith("/")) {
            return problems.reject(seq.items().getFirst(), key, "command must be an absolute path (herald runs it"
                    + " without a shell or a PATH search), got '" + argv.getFirst() + "'");
        }
        return argv.size() == seq.items().size() ? new Probe.Exec(argv) : null;
    }

    private static Probe tcp(Section t) {
        if (t == null) {
            return null;
        }
        String host = t.required("host", Scalars::string);
        Integer port = t.required("port", NumberValues::port);
        return t.failed() ? null : new Probe.Tcp(host, port);
    }

    private static Probe http(Section h) {
        if (h == null) {
            return null;
        }
        URI uri = h.required("url", (n, k, p) -> {
            String text = Scalars.string(n, k, p);
            if (text == null) {
                return null;
            }
            try {
                URI u = new URI(text);
                // http+unix://SOCKET/PATH, the socket's path percent-encoded (LXD's /1.0 on its unix socket)
                if ("http+unix".equals(u.getScheme()) && u.getAuthority() != null && u.getAuthority().startsWith("/")) {
                    return u;
                }
                if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                    return p.reject(n, k, "must be an http:// or https:// URL with a host, or http+unix:// with"
                            + " the socket's absolute path percent-encoded, got '" + text + "'");
                }
                return u;
            } catch (java.net.URISyntaxException e) {
                return p.reject(n, k, "is not a URL: " + e.getReason() + " in '" + text + "'");
            }
        });
        int[] status = h.optional("status", HealthCheckReader::status, new int[] {200, 399});
        Pattern body = h.optional("body", (n, k, p) -> {
            String text = Scalars.string(n, k, p);
            try {
                return text == null ? null : Pattern.compile(text);
            } catch (PatternSyntaxException e) {
                return p.reject(n, k, "is not a regular expression: " + e.getDescription() + " in '" + text + "'");
            }
        }, null);
        return h.failed() ? null : new Probe.Http(uri, status[0], status[1], Optional.ofNullable(body));
    }

    /** 200, or a range 200-299 (HAProxy's http-check expect status/rstatus, as a range). */
    private static int[] status(YamlNode node, String key, Problems problems) {
        String text = node instanceof YamlNode.Scalar sc && sc.type() != YamlNode.ScalarType.NULL ? sc.text() : null;
        Matcher m = text == null ? null : STATUS.matcher(text.trim());
        if (m == null || !m.matches()) {
            return problems.reject(node, key, "must be a status such as 200 or a range such as 200-399, got "
                    + node.describe());
        }
        int lo = Integer.parseInt(m.group(1));
        int hi = m.group(2) == null ? lo : Integer.parseInt(m.group(2));
        if (lo < 100 || hi > 599 || lo > hi) {
            return problems.reject(node, key, "must lie in 100-599, low to high, got " + text);
        }
        return new int[] {lo, hi};
    }

    private static Probe file(Section f) {
        if (f == null) {
            return null;
        }
        Path path = f.required("path", Scalars::absolutePath);
        String when = f.required("pass-when", (n, k, p) -> {
            String w = Scalars.string(n, k, p);
            return w == null || w.equals("present") || w.equals("absent") ? w
                    : p.reject(n, k, "must be present or absent (absent: a maintenance file, ExaBGP's --disable),"
                    + " got '" + w + "'");
        });
        return f.failed() ? null : new Probe.File(path, when.equals("absent"));
    }

    /** 500ms, 2s or 1m: a unit is required, since HAProxy's bare numbers are milliseconds and ExaBGP's seconds. */
    static Duration duration(YamlNode node, String key, Problems problems) {
        String text = node instanceof YamlNode.Scalar sc && sc.type() != YamlNode.ScalarType.NULL ? sc.text() : null;
        Matcher m = text == null ? null : DURATION.matcher(text.trim());
        if (m == null || !m.matches()) {
            return problems.reject(node, key, "must be a duration with its unit, such as 500ms, 5s or 1m, got "
                    + node.describe());
        }
        long v = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(v);
            case "s" -> Duration.ofSeconds(v);
            default -> Duration.ofMinutes(v);
        };
        if (d.compareTo(Duration.ofMillis(100)) < 0 || d.compareTo(Duration.ofHours(1)) > 0) {
            return problems.reject(node, key, "must be from 100ms to 60m, got " + text);
        }
        return d;
    }

    private static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static HealthCheckSettings.StartUp startUp(YamlNode node, String key, Problems problems) {
        String v = Scalars.string(node, key, problems);
        if (v == null) {
            return null;
        }
        return switch (v) {
            case "up" -> HealthCheckSettings.StartUp.UP;
            case "down" -> HealthCheckSettings.StartUp.DOWN;
            default -> problems.reject(node, key, "must be up (announce until the check fails) or down (announce"
                    + " once it passes), got '" + v + "'");
        };
    }

    /** {@code withdraw}, or {@code degrade: {med, as-path-prepend, communities}}. */
    private static OnFailure onFailure(YamlNode node, String key, Problems problems) {
        if (node instanceof YamlNode.Scalar sc && "withdraw".equals(sc.text())) {
            return new OnFailure.Withdraw();
        }
        if (!(node instanceof YamlNode.Mapping m) || m.entries().size() != 1
                || !m.entries().getFirst().key().equals("degrade")) {
            return problems.reject(node, key, "must be withdraw, or degrade: { med: N, as-path-prepend: N,"
                    + " communities: [...] }, got " + node.describe());
        }
        YamlNode.Entry e = m.entries().getFirst();
        Section d = Section.open(e.value(), "degrade", e.keyMark(), problems, DEGRADE_KEYS);
        if (d == null) {
            return null;
        }
        Long med = d.optional("med", (n, k, p) -> NumberValues.range(n, k, p, 0, 0xFFFF_FFFFL, ""), null);
        Long prepend = d.optional("as-path-prepend", (n, k, p) -> NumberValues.range(n, k, p, 0, 64, ""), 0L);
        List<Long> communities = d.optional("communities", (n, k, p) -> ExportPolicyReader.list(n, k, p,
                "communities like 65010:100", CommunityValues::standard), List.of());
        if (d.failed()) {
            return null;
        }
        if (med == null && prepend == 0 && communities.isEmpty()) {
            return problems.reject(e.value(), "degrade", "needs a med, an as-path-prepend or communities");
        }
        return new OnFailure.Degrade(med == null ? OptionalLong.empty() : OptionalLong.of(med), prepend.intValue(),
                communities);
    }

    /** The routes a check holds: an export rule's match, and {@code prefix-files} read into exact prefixes. */
    private static RouteMatch match(YamlNode node, String key, Problems problems) {
        Section m = Section.open(node, "match", node.mark(), problems, MATCH_KEYS);
        if (m == null) {
            return null;
        }
        List<PrefixRange> prefixes = new ArrayList<>(m.optional("prefixes", KernelReader::prefixes, List.of()));
        List<Path> files = m.optional("prefix-files", (n, k, p) -> ExportPolicyReader.nonEmptyList(n, k, p,
                "of absolute paths", Scalars::absolutePath), List.of());
        Set<Family> families = m.optional("families", ExportPolicyReader::families, Set.of());
        List<String> sources = m.optional("sources", (n, k, p) -> ExportPolicyReader.nonEmptyList(n, k, p,
                "of source names (static, kernel, lxd, ovn)", (v, kk, pp) -> {
                    String s = Scalars.string(v, kk, pp);
                    return s == null || SOURCES.contains(s) ? s
                            : pp.reject(v, kk, "names no source: '" + s + "' (sources: static, kernel, lxd, ovn)");
                }), List.of());
        Map<String, String> tags = m.optional("tags", ExportPolicyReader::tags, Map.of());
        if (files != null && m.node("prefix-files") instanceof YamlNode.Sequence seq) {
            for (int i = 0; i < files.size() && i < seq.items().size(); i++) {
                prefixes.addAll(fileRanges(files.get(i), seq.items().get(i), problems));
            }
        }
        if (m.failed()) {
            return null;
        }
        return new RouteMatch(prefixes, families, Set.copyOf(sources), tags);
    }

    /** A prefix file's prefixes, each matched exactly; its bad lines reported as FILE:LINE:COLUMN. */
    private static List<PrefixRange> fileRanges(Path file, YamlNode node, Problems problems) {
        int before = problems.count();
        PrefixFiles.validate(file, node, problems);
        if (problems.count() != before) {
            return List.of();
        }
        try {
            List<Prefix> read = PrefixFiles.read(file, (line, column, message) -> { });
            return read.stream().map(PrefixRange::exact).toList();
        } catch (java.io.IOException e) {
            problems.error(node.mark(), "prefix file " + file + ": " + ReadFailure.reason(e));
            return List.of();
        }
    }
}
