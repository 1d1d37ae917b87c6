package dev.herald.interop.kernel;

import dev.herald.interop.lab.IpPrefix;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What herald must announce, derived from the kernel's routes by the rules of docs/config.md
 * ({@code sources.kernel}), written here on their own so that the test does not share a mistake
 * with herald's KernelRouteFilter: a route counts when its table, protocol and type are listed
 * (no protocols: every protocol but kernel, 2) and its destination is in one of the prefix ranges
 * (no ranges: any prefix but the default routes); source-specific IPv6 routes ({@code from})
 * never count. A prefix is announced while at least one counting route holds it, with the lowest
 * metric among them as its MED.
 *
 * @param tables    table numbers read
 * @param protocols protocol numbers; null: every protocol but kernel
 * @param types     type numbers
 * @param ranges    prefix ranges; null: every prefix but 0.0.0.0/0 and ::/0
 */
record KernelOracle(Set<Long> tables, Set<Integer> protocols, Set<Integer> types, List<Range> ranges) {
    private static final int KERNEL = 2;

    /** {@code PREFIX}, {@code PREFIX le N}, {@code PREFIX ge N}, {@code PREFIX ge N le M}, as the config spells them. */
    record Range(IpPrefix prefix, int ge, int le) {
        static Range parse(String text) {
            String[] w = text.trim().split("\\s+");
            IpPrefix p = IpPrefix.parse(w[0]);
            int max = p.isIpv6() ? 128 : 32;
            int ge = p.length();
            int le = p.length();
            boolean geGiven = false;
            boolean leGiven = false;
            for (int i = 1; i + 1 < w.length; i += 2) {
                int n = Integer.parseInt(w[i + 1]);
                if (w[i].equals("ge")) {
                    ge = n;
                    geGiven = true;
                } else if (w[i].equals("le")) {
                    le = n;
                    leGiven = true;
                } else {
                    throw new IllegalArgumentException("not a prefix range: " + text);
                }
            }
            if (geGiven && !leGiven) {
                le = max; // "ge alone means up to /32 or /128"
            }
            return new Range(p, ge, le);
        }

        boolean contains(IpPrefix q) {
            if (q.isIpv6() != prefix.isIpv6() || q.length() < ge || q.length() > le || q.length() < prefix.length()) {
                return false;
            }
            int bits = prefix.isIpv6() ? 128 : 32;
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(bits - prefix.length()).subtract(BigInteger.ONE));
            BigInteger a = new BigInteger(1, q.address().getAddress());
            BigInteger b = new BigInteger(1, prefix.address().getAddress());
            return a.and(mask).equals(b.and(mask));
        }
    }

    static KernelOracle of(Set<Long> tables, Set<Integer> protocols, Set<Integer> types, List<String> ranges) {
        return new KernelOracle(tables, protocols, types, ranges == null ? null : ranges.stream().map(Range::parse).toList());
    }

    boolean counts(KernelRouteRow r) {
        if (r.from() != null || !tables.contains(r.table()) || !types.contains(r.type())) {
            return false;
        }
        if (protocols == null ? r.protocol() == KERNEL : !protocols.contains(r.protocol())) {
            return false;
        }
        if (ranges == null) {
            return r.prefix().length() != 0;
        }
        return ranges.stream().anyMatch(g -> g.contains(r.prefix()));
    }

    /** Prefix to MED (the lowest metric of its counting routes), in prefix text order for readable diffs. */
    Map<IpPrefix, Long> expected(List<KernelRouteRow> rows) {
        Map<IpPrefix, Long> out = new TreeMap<>(KernelOracle::compare);
        for (KernelRouteRow r : rows) {
            if (counts(r)) {
                out.merge(r.prefix(), r.metric(), Math::min);
            }
        }
        return out;
    }

    static int compare(IpPrefix a, IpPrefix b) {
        return a.toString().compareTo(b.toString());
    }
}
