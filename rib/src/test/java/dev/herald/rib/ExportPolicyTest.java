package dev.herald.rib;

import static dev.herald.codec.Family.IPV4_UNICAST;
import static dev.herald.codec.Family.IPV6_UNICAST;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Family;
import dev.herald.codec.PathAttribute;
import dev.herald.codec.Prefix;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every match and action of export policy, through {@link Exporter#decide}. */
class ExportPolicyTest {
    private static final Prefix A = Prefix.parse("203.0.113.0/24");
    private static final Prefix A_MORE = Prefix.parse("203.0.113.128/25");
    private static final Prefix A_HOST = Prefix.parse("203.0.113.7/32");
    private static final Prefix B = Prefix.parse("198.51.100.0/24");
    private static final Prefix V6 = Prefix.parse("2001:db8:1::/48");
    private static final RouteFacts STATIC = RouteFacts.of("static");
    private static final RouteFacts LXD = RouteFacts.of("lxd").withPriority(7).withMed(3)
            .withNextHop(Sessions.addr("192.0.2.50")).withNextHop(Sessions.addr("2001:db8:ff::50"))
            .withTags(Map.of("project", "customer1", "network", "br0"));

    private static PeerSessionInfo ebgp() {
        return Sessions.ebgp("198.18.0.2", null, "fd00:18::2", IPV4_UNICAST, IPV6_UNICAST);
    }

    private static PeerSessionInfo ibgp() {
        return new PeerSessionInfo("i", 65010, 65010, Set.of(IPV4_UNICAST, IPV6_UNICAST), Set.of(),
                Sessions.addr("198.18.0.2"), Optional.empty(), Optional.of(Sessions.addr("fd00:18::2")), 4096);
    }

    private static ExportActions set(NextHopChoice nh4, List<Long> communities, MedChoice med, int prepend) {
        return new ExportActions(nh4, null, communities, List.of(), List.of(), med, OptionalLong.empty(), prepend);
    }

    private static ExportPolicy policy(ExportActions actions, ExportRule... rules) {
        return new ExportPolicy(Set.of(), List.of(), List.of(), actions, List.of(rules), 0);
    }

    private static Exporter exporter(PeerSessionInfo s, ExportPolicy p) {
        return new Exporter(ExportContext.of(s, p));
    }

    private static Advertisement sent(Decision d) {
        return assertInstanceOf(Decision.Send.class, d).advertisement();
    }

    private static Decision.Refuse refused(Decision d, Verdict v) {
        Decision.Refuse r = assertInstanceOf(Decision.Refuse.class, d);
        assertEquals(v, r.verdict(), r.reason());
        return r;
    }

    private static <T extends PathAttribute> Optional<T> attr(Advertisement a, Class<T> type) {
        return a.attributes().stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** The attribute of this type as the codec puts it on the wire: flags, type, length, value. */
    private static byte[] wire(Advertisement a, int type) {
        PathAttribute attr = a.attributes().stream().filter(x -> x.typeCode() == type).findFirst().orElse(null);
        if (attr == null) {
            return null;
        }
        io.netty.buffer.ByteBuf out = io.netty.buffer.Unpooled.buffer();
        try {
            dev.herald.codec.MessageCodec.encode(new dev.herald.codec.Update(List.of(), List.of(attr), List.of()),
                    dev.herald.codec.CodecContext.FOUR_OCTET, out);
            byte[] b = new byte[out.readableBytes() - 23];
            out.getBytes(23, b);
            return b;
        } finally {
            out.release();
        }
    }

    /** The encoded value of the attribute of this type, in hex. */
    private static String hex(Advertisement a, int type) {
        byte[] b = wire(a, type);
        return b == null ? null : HexFormat.of().formatHex(b, 3, b.length);
    }

    private static ExportRule rule(String name, RouteMatch m, boolean deny, ExportActions set) {
        return new ExportRule(name, m, deny, set);
    }

    private static RouteMatch prefixes(PrefixRange... r) {
        return new RouteMatch(List.of(r), Set.of(), Set.of(), Map.of());
    }

    @Test
    void prefixRangesExactGeLe() {
        PrefixRange exact = PrefixRange.exact(A);
        assertTrue(exact.matches(A));
        assertFalse(exact.matches(A_MORE));
        PrefixRange le32 = new PrefixRange(A, 24, 32);
        assertTrue(le32.matches(A) && le32.matches(A_MORE) && le32.matches(A_HOST));
        assertFalse(le32.matches(B));
        assertFalse(le32.matches(Prefix.parse("203.0.112.0/23")), "shorter than the range's prefix");
        PrefixRange ge25le31 = new PrefixRange(A, 25, 31);
        assertFalse(ge25le31.matches(A));
        assertTrue(ge25le31.matches(A_MORE));
        assertFalse(ge25le31.matches(A_HOST));
        PrefixRange odd = new PrefixRange(Prefix.parse("10.64.0.0/10"), 10, 32);
        assertTrue(odd.matches(Prefix.parse("10.127.1.0/24")));
        assertFalse(odd.matches(Prefix.parse("10.128.0.0/24")));
        assertFalse(new PrefixRange(Prefix.parse("2001:db8::/32"), 32, 128).matches(A), "other family");
        assertEquals("203.0.113.0/24 le 32", le32.toString());
        assertEquals("203.0.113.0/24 ge 25 le 31", ge25le31.toString());
    }

    @Test
    void familiesAllowListAndDenyList() {
        ExportPolicy onlyV4 = new ExportPolicy(Set.of(IPV4_UNICAST), List.of(), List.of(), ExportActions.INHERIT, List.of(), 0);
        Exporter e = exporter(ebgp(), onlyV4);
        sent(e.decide(A, STATIC));
        assertTrue(refused(e.decide(V6, STATIC), Verdict.FILTERED).reason().contains("leave out ipv6-unicast"));

        // An accepting rule cannot send what the allow-list leaves out.
        ExportPolicy allow = new ExportPolicy(Set.of(), List.of(new PrefixRange(A, 24, 32)),
                List.of(new PrefixRange(A, 32, 32)), ExportActions.INHERIT,
                List.of(rule("all", RouteMatch.ANY, false, ExportActions.INHERIT)), 0);
        Exporter a = exporter(ebgp(), allow);
        sent(a.decide(A, STATIC));
        sent(a.decide(A_MORE, STATIC));
        assertEquals("outside the allow-list", refused(a.decide(B, STATIC), Verdict.FILTERED).reason());
        assertEquals("outside the allow-list", refused(a.decide(V6, STATIC), Verdict.FILTERED).reason());
        assertEquals("deny-list entry 203.0.113.0/24 ge 32 le 32",
                refused(a.decide(A_HOST, STATIC), Verdict.FILTERED).reason());
    }

    @Test
    void rulesMatchOnPrefixFamilySourceAndTagsFirstMatchDecides() {
        ExportRule byTag = rule("customer1", new RouteMatch(List.of(), Set.of(), Set.of(), Map.of("project", "customer1")),
                false, set(null, List.of(1L), null, -1));
        ExportRule anyNetwork = rule("any-network", new RouteMatch(List.of(), Set.of(), Set.of(), Map.of("network", "*")),
                true, ExportActions.INHERIT);
        ExportRule bySource = rule("kernel", new RouteMatch(List.of(), Set.of(), Set.of("kernel"), Map.of()), true,
                ExportActions.INHERIT);
        ExportRule byFamily = rule("v6", new RouteMatch(List.of(), Set.of(IPV6_UNICAST), Set.of(), Map.of()), true,
                ExportActions.INHERIT);
        ExportRule byPrefix = rule("more-specifics", prefixes(new PrefixRange(A, 25, 32)), true, ExportActions.INHERIT);
        Exporter e = exporter(ebgp(), policy(ExportActions.INHERIT, byTag, anyNetwork, bySource, byFamily, byPrefix));

        Advertisement c1 = sent(e.decide(A, LXD));
        assertEquals("00000001", hex(c1, 8), "customer1's rule matched first");
        RouteFacts otherProject = LXD.withTags(Map.of("project", "p2", "network", "br1"));
        assertEquals("denied by any-network", refused(e.decide(A, otherProject), Verdict.FILTERED).reason());
        assertEquals("denied by kernel", refused(e.decide(A, RouteFacts.of("kernel")), Verdict.FILTERED).reason());
        assertEquals("denied by v6", refused(e.decide(V6, STATIC), Verdict.FILTERED).reason());
        assertEquals("denied by more-specifics", refused(e.decide(A_MORE, STATIC), Verdict.FILTERED).reason());
        Advertisement plain = sent(e.decide(A, STATIC));
        assertEquals(null, hex(plain, 8), "no rule matched: the policy's own actions");
        // A rule with several conditions needs all of them.
        RouteMatch both = new RouteMatch(List.of(PrefixRange.exact(B)), Set.of(IPV4_UNICAST), Set.of("lxd"),
                Map.of("project", "customer1"));
        assertTrue(both.matches(B, IPV4_UNICAST, LXD));
        assertFalse(both.matches(A, IPV4_UNICAST, LXD));
        assertFalse(both.matches(B, IPV4_UNICAST, STATIC));
        assertFalse(both.matches(B, IPV4_UNICAST, otherProject));
    }

    @Test
    void nextHopSelfSourceAndFixed() {
        Exporter source = exporter(ebgp(), ExportPolicy.DEFAULT);
        assertEquals("192.0.2.50", sent(source.decide(A, LXD)).nextHopText(), "the source's hint by default");
        assertEquals("2001:db8:ff::50", sent(source.decide(V6, LXD)).nextHopText());
        assertEquals("198.18.0.2", sent(source.decide(A, STATIC)).nextHopText(), "no hint: herald's own");

        Exporter self = exporter(ebgp(), policy(new ExportActions(NextHopChoice.SELF, NextHopChoice.SELF, List.of(),
                List.of(), List.of(), null, OptionalLong.empty(), -1)));
        assertEquals("198.18.0.2", sent(self.decide(A, LXD)).nextHopText());
        assertEquals("fd00:18::2", sent(self.decide(V6, LXD)).nextHopText());

        Exporter fixed = exporter(ebgp(), policy(new ExportActions(new NextHopChoice.Fixed(Sessions.addr("192.0.2.1")),
                new NextHopChoice.Fixed(Sessions.addr("192.0.2.2")), List.of(), List.of(), List.of(), null,
                OptionalLong.empty(), -1)));
        assertEquals("192.0.2.1", sent(fixed.decide(A, LXD)).nextHopText());
        assertTrue(refused(fixed.decide(V6, LXD), Verdict.NO_NEXT_HOP).reason().contains("not of ipv6-unicast"));

        // A route with its own IPv6 next hop is sent even where herald has none of its own.
        Exporter v4session = exporter(Sessions.ebgp("198.18.0.2", null, null, IPV4_UNICAST, IPV6_UNICAST), ExportPolicy.DEFAULT);
        assertEquals("2001:db8:ff::50", sent(v4session.decide(V6, LXD)).nextHopText());
        refused(v4session.decide(V6, STATIC), Verdict.NO_NEXT_HOP);
    }

    @Test
    void communitiesStandardExtendedLargeSortedAndRulesAddToThem() {
        ExportActions top = new ExportActions(null, null, List.of((65010L << 16) | 200, 0xFFFFFF01L, (65010L << 16) | 100),
                List.of(0x0002_FDF2_0000_0007L), List.of(new ExportActions.LargeCommunity(65010, 1, 2),
                new ExportActions.LargeCommunity(65010, 1, 2)), null, OptionalLong.empty(), -1);
        ExportRule more = rule("more", prefixes(PrefixRange.exact(B)), false,
                set(null, List.of((65010L << 16) | 1), null, -1));
        Exporter e = exporter(ebgp(), policy(top, more));
        Advertisement a = sent(e.decide(A, STATIC));
        assertEquals("fdf20064" + "fdf200c8" + "ffffff01", hex(a, 8), "sorted, RFC 1997");
        assertEquals("0002fdf200000007", hex(a, 16), "RFC 4360 two-octet AS route target");
        assertEquals("0000fdf2" + "00000001" + "00000002", hex(a, 32), "RFC 8092, duplicate dropped");
        assertEquals("communities 65010:100,65010:200,65535:65281 extended-communities rt:65010:7 large-communities"
                + " 65010:1:2", AttributeText.of(a.attributes().subList(2, a.attributes().size())));
        assertEquals("fdf20001" + "fdf20064" + "fdf200c8" + "ffffff01", hex(sent(e.decide(B, STATIC)), 8));
        // Flags: optional transitive.
        for (int type : new int[] {8, 16, 32}) {
            assertEquals(0xC0, wire(a, type)[0] & 0xFF, "flags of attribute " + type);
        }
    }

    @Test
    void medFixedFromPriorityNoneAndTheSourcesOwn() {
        Exporter dflt = exporter(ebgp(), ExportPolicy.DEFAULT);
        assertEquals(3, attr(sent(dflt.decide(A, LXD)), PathAttribute.MultiExitDisc.class).orElseThrow().value(),
                "the source's MED (kernel metric-as-med)");
        assertTrue(attr(sent(dflt.decide(A, STATIC)), PathAttribute.MultiExitDisc.class).isEmpty());
        Exporter fixed = exporter(ebgp(), policy(set(null, List.of(), new MedChoice.Fixed(42), -1)));
        assertEquals(42, attr(sent(fixed.decide(A, LXD)), PathAttribute.MultiExitDisc.class).orElseThrow().value());
        Exporter prio = exporter(ebgp(), policy(set(null, List.of(), MedChoice.PRIORITY, -1)));
        assertEquals(7, attr(sent(prio.decide(A, LXD)), PathAttribute.MultiExitDisc.class).orElseThrow().value());
        assertEquals(0, attr(sent(prio.decide(A, STATIC)), PathAttribute.MultiExitDisc.class).orElseThrow().value());
        Exporter none = exporter(ebgp(), policy(set(null, List.of(), MedChoice.NONE, -1)));
        assertTrue(attr(sent(none.decide(A, LXD)), PathAttribute.MultiExitDisc.class).isEmpty());
        // A rule overrides the policy's MED.
        Exporter ruled = exporter(ebgp(), policy(set(null, List.of(), new MedChoice.Fixed(42), -1),
                rule("r", RouteMatch.ANY, false, set(null, List.of(), new MedChoice.Fixed(9), -1))));
        assertEquals(9, attr(sent(ruled.decide(A, LXD)), PathAttribute.MultiExitDisc.class).orElseThrow().value());
    }

    @Test
    void ibgpGetsLocalPrefAndAnEmptyPathEbgpGetsPrependsAndNoLocalPref() {
        ExportActions both = new ExportActions(null, null, List.of(), List.of(), List.of(), null, OptionalLong.of(250), 2);
        Advertisement i = sent(exporter(ibgp(), policy(both)).decide(A, STATIC));
        assertEquals(PathAttribute.AsPath.EMPTY, attr(i, PathAttribute.AsPath.class).orElseThrow(), "no prepend on iBGP");
        assertEquals(250, attr(i, PathAttribute.LocalPref.class).orElseThrow().value());
        assertEquals(100, attr(sent(exporter(ibgp(), ExportPolicy.DEFAULT).decide(A, STATIC)), PathAttribute.LocalPref.class)
                .orElseThrow().value(), "LOCAL_PREF 100 unless set");
        Advertisement e = sent(exporter(ebgp(), policy(both)).decide(A, STATIC));
        assertEquals(PathAttribute.AsPath.sequence(65010, 65010, 65010), attr(e, PathAttribute.AsPath.class).orElseThrow());
        assertTrue(attr(e, PathAttribute.LocalPref.class).isEmpty(), "LOCAL_PREF never toward eBGP");
        assertEquals(PathAttribute.AsPath.sequence(65010),
                attr(sent(exporter(ebgp(), ExportPolicy.DEFAULT).decide(A, STATIC)), PathAttribute.AsPath.class).orElseThrow());
        // Attributes are in type order.
        List<Integer> types = e.attributes().stream().map(PathAttribute::typeCode).toList();
        assertEquals(types.stream().sorted().toList(), types);
    }

    @Test
    void prefixesSharingFactsShareOneAdvertisement() {
        Exporter e = exporter(ebgp(), ExportPolicy.DEFAULT);
        assertTrue(sent(e.decide(A, STATIC)) == sent(e.decide(B, STATIC)));
        assertFalse(sent(e.decide(A, STATIC)).equals(sent(e.decide(A, LXD))));
    }

    @Test
    void familyNotNegotiatedAndNotOffered() {
        Exporter e = exporter(Sessions.ebgp("198.18.0.2", null, null, IPV4_UNICAST), ExportPolicy.DEFAULT);
        refused(e.decide(V6, STATIC), Verdict.FAMILY_NOT_NEGOTIATED);
        refused(e.decide(A, null), Verdict.NOT_OFFERED);
        assertEquals(Family.IPV6_UNICAST, Exporter.familyOf(V6));
    }

    @Test
    void advertisementNextHopBytesOnTheWire() {
        Advertisement a = sent(exporter(ebgp(), ExportPolicy.DEFAULT).decide(A, LXD));
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 50}, a.nextHop());
    }
}
