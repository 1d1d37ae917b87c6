package dev.herald.config;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a peer's {@code bfd:} section. */
final class BfdReader {
    static final List<String> KEYS = List.of("enabled", "min-rx", "min-tx", "multiplier", "minimum-ttl");
    /** 300 (milliseconds), 300ms or 1s: how FRR and BIRD write BFD intervals. */
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s)");

    private BfdReader() {
    }

    /** The settings, OFF when the key is absent, or null when anything in it is wrong (reported). */
    static BfdConfig read(Section peer) {
        Section b = peer.nested("bfd", "bfd", KEYS);
        if (b == null) {
            return peer.node("bfd") == null ? BfdConfig.OFF : null;
        }
        Boolean enabled = b.optional("enabled", Scalars::bool, true);
        Integer minRx = b.optional("min-rx", BfdReader::interval, BfdConfig.DEFAULT_INTERVAL_MILLIS);
        Integer minTx = b.optional("min-tx", BfdReader::interval, BfdConfig.DEFAULT_INTERVAL_MILLIS);
        Long mult = b.optional("multiplier", (n, k, p) -> NumberValues.range(n, k, p, BfdConfig.MIN_MULTIPLIER,
                BfdConfig.MAX_MULTIPLIER, " packets"), (long) BfdConfig.DEFAULT_MULTIPLIER);
        boolean multihop = peer.node("ebgp-multihop") != null;
        Long minimumTtl = b.optional("minimum-ttl", (n, k, p) -> multihop
                ? NumberValues.range(n, k, p, 1, BfdConfig.MAX_MINIMUM_TTL, "")
                : p.reject(n, k, "is for multihop BFD (RFC 5883) only: set 'ebgp-multihop' on the peer, or remove it"
                        + " (a single-hop packet must arrive with TTL 255)"), 0L);
        if (b.failed()) {
            return null;
        }
        return new BfdConfig(enabled, minRx, minTx, mult.intValue(), minimumTtl.intValue());
    }

    /** An interval in milliseconds: an integer, or a number with {@code ms} or {@code s}. */
    static Integer interval(YamlNode node, String key, Problems problems) {
        long millis;
        if (node instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.INTEGER) {
            Long v = Scalars.integer(node, key, problems);
            if (v == null) {
                return null;
            }
            millis = v;
        } else if (node instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.STRING) {
            Matcher m = DURATION.matcher(s.text().trim());
            if (!m.matches()) {
                return problems.reject(node, key, "must be a duration such as 300ms or 1s (or milliseconds"
                        + " as an integer), got '" + s.text() + "'");
            }
            millis = Long.parseLong(m.group(1)) * (m.group(2).equals("s") ? 1000 : 1);
        } else {
            return problems.reject(node, key, "must be a duration such as 300ms or 1s, got " + node.describe());
        }
        if (millis < BfdConfig.MIN_INTERVAL_MILLIS || millis > BfdConfig.MAX_INTERVAL_MILLIS) {
            return problems.reject(node, key, "must be from 10ms to 60s, got " + millis + "ms");
        }
        return (int) millis;
    }
}
