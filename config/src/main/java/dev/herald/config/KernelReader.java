package dev.herald.config;

import dev.herald.sources.kernel.KernelSourceSettings;
import dev.herald.rib.PrefixRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.herald.codec.Prefix;

/** Reads {@code sources.kernel}. */
final class KernelReader {
    static final List<String> KEYS = List.of("tables", "protocols", "types", "prefixes", "metric-as-med", "receive-buffer");

    /** Route types by iproute2 name. */
    static final Map<String, Integer> TYPES = ordered("unicast", 1, "local", 2, "broadcast", 3, "anycast", 4,
            "multicast", 5, "blackhole", 6, "unreachable", 7, "prohibit", 8, "throw", 9, "nat", 10);
    /** Route protocols by iproute2 name (rt_protos), plus ovn (84, RTPROT_OVN). */
    static final Map<String, Integer> PROTOCOLS = ordered("redirect", 1, "kernel", 2, "boot", 3, "static", 4,
            "gated", 8, "ra", 9, "mrt", 10, "zebra", 11, "bird", 12, "dnrouted", 13, "xorp", 14, "ntk", 15, "dhcp", 16,
            "mrouted", 17, "keepalived", 18, "babel", 42, "ovn", 84, "openr", 99, "bgp", 186, "isis", 187, "ospf", 188,
            "rip", 189, "eigrp", 192);
    static final Map<String, Long> TABLES = Map.of("default", 253L, "main", 254L, "local", 255L);

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    private static final Pattern RANGE = Pattern.compile("\\s*(\\S+)(?:\\s+ge\\s+(\\d{1,3}))?(?:\\s+le\\s+(\\d{1,3}))?\\s*");
    static final int MIN_RECEIVE_BUFFER = 4096;

    private KernelReader() {
    }

    private static Map<String, Integer> ordered(Object... kv) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Integer) kv[i + 1]);
        }
        return m;
    }

    static KernelSourceSettings read(YamlNode node, String key, Problems problems) {
        Section s = Section.openOrBare(node, "sources.kernel", problems, KEYS);
        if (s == null) {
            return null;
        }
        List<Integer> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (s.node("tables") != null) {
            tables(s.node("tables"), ids, names, problems);
        } else {
            ids.addAll(KernelSourceSettings.DEFAULT_TABLES);
        }
        Set<Integer> protocols = s.optional("protocols", (n, k, p) -> numbered(n, k, p, PROTOCOLS, "protocol"),
                Set.of());
        Set<Integer> types = s.optional("types", (n, k, p) -> numbered(n, k, p, TYPES, "route type"),
                KernelSourceSettings.DEFAULT_TYPES);
        List<PrefixRange> prefixes = s.optional("prefixes", KernelReader::prefixes, List.of());
        Boolean med = s.optional("metric-as-med", Scalars::bool, false);
        Long rcvbuf = s.optional("receive-buffer",
                (n, k, p) -> NumberValues.range(n, k, p, MIN_RECEIVE_BUFFER, Integer.MAX_VALUE, " bytes"),
                (long) KernelSourceSettings.DEFAULT_RECEIVE_BUFFER);
        if (s.failed()) {
            return null;
        }
        return new KernelSourceSettings(ids, names, protocols, types, prefixes, med, rcvbuf.intValue());
    }

    private static YamlNode.Sequence list(YamlNode node, String key, String what, Problems problems) {
        if (!(node instanceof YamlNode.Sequence seq)) {
            return problems.reject(node, key, "must be a list of " + what + ", got " + node.describe());
        }
        if (seq.items().isEmpty()) {
            return problems.reject(node, key, "is empty; leave the key out for the default");
        }
        return seq;
    }

    private static void tables(YamlNode node, List<Integer> ids, List<String> names, Problems problems) {
        YamlNode.Sequence seq = list(node, "tables", "table numbers or names", problems);
        if (seq == null) {
            return;
        }
        Duplicates<Object> seen = new Duplicates<>("table", problems);
        for (YamlNode item : seq.items()) {
            if (item instanceof YamlNode.Scalar sc && sc.type() == YamlNode.ScalarType.INTEGER) {
                Long v = Scalars.integer(item, "tables", problems);
                if (v == null) {
                    continue;
                }
                if (v < 1 || v > 4294967295L) {
                    problems.error(item.mark(), "table " + v + " is out of range; tables are 1..4294967295");
                } else if (seen.add(v, Long.toString(v), item.mark())) {
                    ids.add(v.intValue()); // RTA_TABLE is a u32: tables above 2^31 wrap, as in the kernel's int
                }
            } else if (item instanceof YamlNode.Scalar sc && sc.type() == YamlNode.ScalarType.STRING) {
                String n = sc.text();
                Long known = TABLES.get(n);
                if (known != null) {
                    if (seen.add(known, n, item.mark())) {
                        ids.add(known.intValue());
                    }
                } else if (!TABLE_NAME.matcher(n).matches()) {
                    problems.error(item.mark(), "'" + n + "' is not a table number or name (a name from rt_tables or a VRF device)");
                } else if (seen.add(n, "'" + n + "'", item.mark())) {
                    names.add(n);
                }
            } else {
                problems.error(item.mark(), "a table must be a number or a name, got " + item.describe());
            }
        }
    }

    private static Set<Integer> numbered(YamlNode node, String key, Problems problems, Map<String, Integer> byName,
            String what) {
        YamlNode.Sequence seq = list(node, key, what + " names or numbers", problems);
        if (seq == null) {
            return null;
        }
        List<Integer> out = new ArrayList<>();
        Duplicates<Integer> seen = new Duplicates<>(what, problems);
        for (YamlNode item : seq.items()) {
            Integer v = null;
            String text = null;
            if (item instanceof YamlNode.Scalar sc && sc.type() == YamlNode.ScalarType.INTEGER) {
                Long n = Scalars.integer(item, key, problems);
                if (n != null && (n < 0 || n > 255)) {
                    problems.error(item.mark(), what + " " + n + " is out of range; it is one byte, 0..255");
                } else if (n != null) {
                    v = n.intValue();
                    text = n.toString();
                }
            } else if (item instanceof YamlNode.Scalar sc && sc.type() == YamlNode.ScalarType.STRING) {
                v = byName.get(sc.text());
                text = sc.text();
                if (v == null) {
                    String hint = KeySuggester.closest(sc.text(), byName.keySet());
                    problems.error(item.mark(), "unknown " + what + " '" + sc.text() + "'"
                            + (hint != null ? "; did you mean '" + hint + "'?" : "; expected a number or one of: "
                                    + String.join(", ", byName.keySet())));
                }
            } else {
                problems.error(item.mark(), "a " + what + " must be a name or a number, got " + item.describe());
            }
            if (v != null && seen.add(v, text, item.mark())) {
                out.add(v);
            }
        }
        return Set.copyOf(out);
    }

    static List<PrefixRange> prefixes(YamlNode node, String key, Problems problems) {
        YamlNode.Sequence seq = list(node, key, "prefix ranges like \"203.0.113.0/24 le 32\"", problems);
        if (seq == null) {
            return null;
        }
        List<PrefixRange> out = new ArrayList<>();
        Duplicates<PrefixRange> seen = new Duplicates<>("prefix range", problems);
        for (YamlNode item : seq.items()) {
            String text = Scalars.string(item, key, problems);
            if (text == null) {
                continue;
            }
            Matcher m = RANGE.matcher(text);
            if (!m.matches()) {
                problems.error(item.mark(), "'" + text + "' is not a prefix range; write PREFIX, PREFIX le N, PREFIX ge N"
                        + " or PREFIX ge N le M");
                continue;
            }
            Prefix p = RouteValues.prefix(new YamlNode.Scalar(item.mark(), YamlNode.ScalarType.STRING, m.group(1)), key, problems);
            if (p == null) {
                continue;
            }
            int max = p.afi().maxPrefixLength();
            int ge = m.group(2) != null ? Integer.parseInt(m.group(2)) : p.length();
            int le = m.group(3) != null ? Integer.parseInt(m.group(3)) : (m.group(2) != null ? max : p.length());
            if (ge < p.length() || ge > le || le > max) {
                problems.error(item.mark(), "prefix range '" + text.strip() + "' needs " + p.length() + " <= ge <= le <= "
                        + max + ", got ge " + ge + " le " + le);
                continue;
            }
            PrefixRange r = new PrefixRange(p, ge, le);
            if (seen.add(r, "'" + text.strip() + "'", item.mark())) {
                out.add(r);
            }
        }
        return out;
    }
}
