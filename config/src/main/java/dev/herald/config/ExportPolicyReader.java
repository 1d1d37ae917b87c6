package dev.herald.config;

import dev.herald.rib.PrefixRange;
import dev.herald.codec.Family;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Reads a peer's {@code export} and the top-level {@code export-policies}. */
final class ExportPolicyReader {
    static final List<String> SET_KEYS = List.of("next-hop", "communities", "extended-communities",
            "large-communities", "med", "local-pref", "as-path-prepend");
    static final List<String> KEYS;
    static final List<String> RULE_KEYS = List.of("name", "match", "action", "set");
    static final List<String> MATCH_KEYS = List.of("prefixes", "families", "sources", "tags");
    static final List<String> NEXT_HOP_KEYS = List.of("ipv4", "ipv6");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    static {
        List<String> k = new ArrayList<>(List.of("families", "allow", "deny", "rules", "max-prefix-out"));
        k.addAll(SET_KEYS);
        KEYS = List.copyOf(k);
    }

    private ExportPolicyReader() {
    }

    /** {@code export-policies}: name to policy, or null when anything is wrong. */
    static Map<String, ExportPolicyConfig> named(YamlNode node, String key, Problems problems) {
        if (!(node instanceof YamlNode.Mapping m)) {
            return problems.reject(node, key, "must be a mapping of policy names to policies, got "
                    + node.describe());
        }
        int before = problems.count();
        Map<String, ExportPolicyConfig> out = new LinkedHashMap<>();
        for (YamlNode.Entry e : m.entries()) {
            if (!NAME.matcher(e.key()).matches()) {
                problems.error(e.keyMark(), "policy name '" + e.key() + "' must be 1 to 63 letters, digits, '.', '_'"
                        + " or '-', starting with a letter or digit");
                continue;
            }
            ExportPolicyConfig p = policy(e.value(), e.keyMark(), problems, Optional.of(e.key()));
            if (p != null) {
                out.put(e.key(), p);
            }
        }
        return problems.count() != before ? null : out;
    }

    /** A peer's {@code export}: a mapping, or the name of an {@code export-policies} entry. */
    static ExportPolicyConfig peerExport(YamlNode node, Mark anchor, Problems problems,
                                         Map<String, ExportPolicyConfig> named) {
        if (node instanceof YamlNode.Scalar sc && sc.type() == YamlNode.ScalarType.STRING) {
            ExportPolicyConfig p = named == null ? null : named.get(sc.text());
            if (p == null && named != null) {
                String hint = KeySuggester.closest(sc.text(), List.copyOf(named.keySet()));
                problems.error(node.mark(), "no export policy named '" + sc.text() + "' in export-policies"
                        + (hint != null ? "; did you mean '" + hint + "'?"
                        : named.isEmpty() ? "" : "; defined: " + String.join(", ", named.keySet())));
            }
            return p;
        }
        return policy(node, anchor, problems, Optional.empty());
    }

    static ExportPolicyConfig policy(YamlNode node, Mark anchor, Problems problems, Optional<String> name) {
        Section s = Section.open(node, "export", anchor, problems, KEYS);
        if (s == null) {
            return null;
        }
        Set<Family> families = s.optional("families", ExportPolicyReader::families, Set.of());
        List<PrefixRange> allow = s.optional("allow", KernelReader::prefixes, List.of());
        List<PrefixRange> deny = s.optional("deny", KernelReader::prefixes, List.of());
        ExportPolicyConfig.Actions set = actions(s);
        List<ExportPolicyConfig.Rule> rules = s.optional("rules", ExportPolicyReader::rules, List.of());
        Long max = s.optional("max-prefix-out",
                (n, k, p) -> NumberValues.range(n, k, p, 1, 100_000_000L, " prefixes per family"), 0L);
        if (s.failed()) {
            return null;
        }
        return new ExportPolicyConfig(name, families, allow, deny, set, rules, max);
    }

    /** The value keys of a policy or a rule's {@code set}; null values stand for errors already reported. */
    private static ExportPolicyConfig.Actions actions(Section s) {
        Optional<ExportPolicyConfig.NextHop> nh4 = Optional.empty();
        Optional<ExportPolicyConfig.NextHop> nh6 = Optional.empty();
        Section nh = s.nested("next-hop", "next-hop", NEXT_HOP_KEYS);
        if (nh != null) {
            nh4 = Optional.ofNullable(nh.optional("ipv4", (v, k, p) -> nextHop(v, k, p, true), null));
            nh6 = Optional.ofNullable(nh.optional("ipv6", (v, k, p) -> nextHop(v, k, p, false), null));
        }
        List<Long> communities = s.optional("communities", (n, k, p) -> list(n, k, p, "communities like 65010:100",
                CommunityValues::standard), List.of());
        List<Long> ext = s.optional("extended-communities", (n, k, p) -> list(n, k, p,
                "extended communities like rt:65010:100", CommunityValues::extended), List.of());
        List<List<Long>> large = s.optional("large-communities", (n, k, p) -> list(n, k, p,
                "large communities like 65010:1:2", t -> {
                    long[] v = CommunityValues.large(t);
                    return List.of(v[0], v[1], v[2]);
                }), List.of());
        ExportPolicyConfig.Med med = s.optional("med", ExportPolicyReader::med, null);
        Long localPref = s.optional("local-pref", (n, k, p) -> NumberValues.range(n, k, p, 0, 0xFFFF_FFFFL, ""), null);
        Long prepend = s.optional("as-path-prepend", (n, k, p) -> NumberValues.range(n, k, p, 0, 64, ""), -1L);
        return new ExportPolicyConfig.Actions(nh4, nh6, communities == null ? List.of() : communities,
                ext == null ? List.of() : ext, large == null ? List.of() : large, Optional.ofNullable(med),
                localPref == null ? OptionalLong.empty() : OptionalLong.of(localPref),
                prepend == null ? -1 : prepend.intValue());
    }

    private static ExportPolicyConfig.NextHop nextHop(YamlNode node, String key, Problems problems, boolean v4) {
        if (node instanceof YamlNode.Scalar sc && sc.type() == YamlNode.ScalarType.STRING) {
            if (sc.text().equals("self")) {
                return new ExportPolicyConfig.NextHop.Self();
            }
            if (sc.text().equals("source")) {
                return new ExportPolicyConfig.NextHop.Source();
            }
        }
        java.net.InetAddress a = v4 ? AddressValues.nextHopIpv4(node, key, problems)
                : AddressValues.nextHopIpv6(node, key, problems);
        return a == null ? null : new ExportPolicyConfig.NextHop.Fixed(a);
    }

    private static ExportPolicyConfig.Med med(YamlNode node, String key, Problems problems) {
        if (node instanceof YamlNode.Scalar sc && sc.type() == YamlNode.ScalarType.STRING) {
            switch (sc.text()) {
                case "priority":
                    return new ExportPolicyConfig.Med.Priority();
                case "none":
                    return new ExportPolicyConfig.Med.None();
                default:
                    return problems.reject(node, key, "must be a number 0..4294967295, 'priority' or 'none',"
                            + " got " + node.describe());
            }
        }
        Long v = NumberValues.range(node, key, problems, 0, 0xFFFF_FFFFL, "");
        return v == null ? null : new ExportPolicyConfig.Med.Fixed(v);
    }

    static <T> List<T> list(YamlNode node, String key, Problems problems, String what,
                                    Function<String, T> parse) {
        if (!(node instanceof YamlNode.Sequence seq)) {
            return problems.reject(node, key, "must be a list of " + what + ", got " + node.describe());
        }
        List<T> out = new ArrayList<>();
        for (YamlNode item : seq.items()) {
            String text = item instanceof YamlNode.Scalar sc && sc.type() != YamlNode.ScalarType.NULL ? sc.text() : null;
            if (text == null) {
                problems.error(item.mark(), "'" + key + "' entries must be " + what + ", got " + item.describe());
                continue;
            }
            try {
                out.add(parse.apply(text));
            } catch (IllegalArgumentException e) {
                problems.error(item.mark(), e.getMessage());
            }
        }
        return out;
    }

    static Set<Family> families(YamlNode node, String key, Problems problems) {
        List<Family> fs = nonEmptyList(node, key, problems, "such as [ipv4-unicast]", RouteValues::family);
        return fs == null ? null : new LinkedHashSet<>(fs);
    }

    private static List<String> strings(YamlNode node, String key, Problems problems) {
        return nonEmptyList(node, key, problems, "of names", Scalars::string);
    }

    /** Each item read by {@code item}; the ones it refuses are reported and left out. */
    static <T> List<T> nonEmptyList(YamlNode node, String key, Problems problems, String what,
            ValueReader<T> item) {
        if (!(node instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
            return problems.reject(node, key, "must be a non-empty list " + what + ", got " + node.describe());
        }
        List<T> out = new ArrayList<>();
        for (YamlNode i : seq.items()) {
            T v = item.read(i, key, problems);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    private static List<ExportPolicyConfig.Rule> rules(YamlNode node, String key, Problems problems) {
        if (!(node instanceof YamlNode.Sequence seq)) {
            return problems.reject(node, key, "must be a list of rules, got " + node.describe());
        }
        List<ExportPolicyConfig.Rule> out = new ArrayList<>();
        Duplicates<String> names = new Duplicates<>("rule name", problems);
        int i = 0;
        for (YamlNode item : seq.items()) {
            i++;
            Section r = Section.open(item, "rule", item.mark(), problems, RULE_KEYS);
            if (r == null) {
                continue;
            }
            String name = r.optional("name", Scalars::string, "rule " + i);
            if (name != null && r.node("name") != null) {
                names.add(name, "'" + name + "'", r.node("name").mark());
            }
            List<PrefixRange> prefixes = List.of();
            Set<Family> families = Set.of();
            List<String> sources = List.of();
            Map<String, String> tags = Map.of();
            Section m = r.nested("match", "match", MATCH_KEYS);
            if (m != null) {
                prefixes = m.optional("prefixes", KernelReader::prefixes, List.of());
                families = m.optional("families", ExportPolicyReader::families, Set.of());
                sources = m.optional("sources", ExportPolicyReader::strings, List.of());
                tags = m.optional("tags", ExportPolicyReader::tags, Map.of());
            }
            String action = r.required("action", (n, k, p) -> {
                String a = Scalars.string(n, k, p);
                if (a != null && !a.equals("accept") && !a.equals("deny")) {
                    return p.reject(n, k, "must be accept or deny, got '" + a + "'");
                }
                return a;
            });
            ExportPolicyConfig.Actions set = ExportPolicyConfig.Actions.NONE;
            if (r.node("set") != null && "deny".equals(action)) {
                problems.error(r.keyMark("set"), "a rule with 'action: deny' sends nothing, so 'set' has no effect;"
                        + " drop it or use 'action: accept'");
            }
            Section st = r.nested("set", "set", SET_KEYS);
            if (st != null) {
                set = actions(st);
            }
            if (!r.failed() && prefixes != null && families != null && sources != null && tags != null) {
                out.add(new ExportPolicyConfig.Rule(name, prefixes, families, Set.copyOf(sources), tags,
                        "deny".equals(action), set));
            }
        }
        return out;
    }

    static Map<String, String> tags(YamlNode node, String key, Problems problems) {
        if (!(node instanceof YamlNode.Mapping m)) {
            return problems.reject(node, key, "must be a mapping of tag names to values (\"*\": any value),"
                    + " got " + node.describe());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (YamlNode.Entry e : m.entries()) {
            String v = e.value() instanceof YamlNode.Scalar sc && sc.type() != YamlNode.ScalarType.NULL
                    && !sc.text().isEmpty() ? sc.text() : null;
            if (v == null) {
                problems.error(e.value().mark(), "tag '" + e.key() + "' needs a value (\"*\" matches any), got "
                        + e.value().describe());
                continue;
            }
            out.put(e.key(), v);
        }
        return out;
    }
}
