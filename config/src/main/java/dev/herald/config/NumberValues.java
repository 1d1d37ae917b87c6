package dev.herald.config;

/** The numeric keys and the protocol rules behind their ranges. */
final class NumberValues {
    static final long AS_TRANS = 23456;
    static final long MAX_ASN = 4294967295L;

    private NumberValues() {
    }

    static Long asn(YamlNode node, String key, Problems problems) {
        Long v = Scalars.integer(node, key, problems);
        if (v == null) {
            return null;
        }
        if (v < 1 || v > MAX_ASN) {
            return problems.reject(node, key, "must be an AS number in 1..4294967295, got " + v);
        }
        if (v == AS_TRANS) {
            // RFC 6793: 23456 stands in for a 4-byte AS towards old speakers; nobody owns it.
            return problems.reject(node, key, "must not be 23456 (AS_TRANS, reserved by RFC 6793)");
        }
        return v;
    }

    static Integer port(YamlNode node, String key, Problems problems) {
        Long v = Scalars.integer(node, key, problems);
        if (v == null) {
            return null;
        }
        if (v < 1 || v > 65535) {
            return problems.reject(node, key, "must be a TCP port in 1..65535, got " + v);
        }
        return v.intValue();
    }

    static Integer holdTime(YamlNode node, String key, Problems problems) {
        Long v = Scalars.integer(node, key, problems);
        if (v == null) {
            return null;
        }
        if (v == 1 || v == 2) {
            return problems.reject(node, key, "must be 0 (no keepalives) or at least 3 seconds"
                    + " (RFC 4271 section 4.2), got " + v);
        }
        if (v < 0 || v > 65535) {
            return problems.reject(node, key, "must be 0 or 3..65535 seconds, got " + v);
        }
        return v.intValue();
    }

    /** An integer in min..max; {@code unit} (" bytes", or "") follows the range in the message. */
    static Long range(YamlNode node, String key, Problems problems, long min, long max, String unit) {
        Long v = Scalars.integer(node, key, problems);
        if (v != null && (v < min || v > max)) {
            return problems.reject(node, key, "must be " + min + ".." + max + unit + ", got " + v);
        }
        return v;
    }
}
