package dev.herald.config;

import dev.herald.rib.PrefixRange;
import static dev.herald.config.Yaml.assertOnly;
import static dev.herald.config.Yaml.withPeer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Family;
import dev.herald.codec.Prefix;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code peers[].export}, {@code export-policies} and {@code rib}: values and where each mistake is reported. */
class ExportPolicyConfigTest {
    private static ExportPolicyConfig export(String yaml) throws ConfigException {
        return ConfigLoader.parse("t.yaml", yaml).peers().getFirst().export();
    }

    @Test
    void absentIsTheDefault() throws ConfigException {
        HeraldConfig c = ConfigLoader.parse("t.yaml", withPeer());
        assertEquals(ExportPolicyConfig.DEFAULT, c.peers().getFirst().export());
        assertEquals(RibConfig.DEFAULT, c.rib());
    }

    @Test
    void everyKey() throws Exception {
        ExportPolicyConfig e = export(withPeer(
                "export:",                                                        // 8
                "  families: [ipv4-unicast]",
                "  allow: [\"203.0.113.0/24 le 32\", 198.51.100.0/24]",
                "  deny: [\"203.0.113.128/25 ge 26\"]",
                "  next-hop: { ipv4: source, ipv6: self }",
                "  communities: [\"65010:100\", no-export]",
                "  extended-communities: [\"rt:65010:7\", \"soo:192.0.2.1:9\", \"rt:4200000000:5\"]",
                "  large-communities: [\"65010:1:2\"]",
                "  med: priority",
                "  local-pref: 200",
                "  as-path-prepend: 2",
                "  max-prefix-out: 1000",
                "  rules:",
                "    - name: customers",
                "      match: { prefixes: [\"198.51.100.0/24\"], families: [ipv4-unicast], sources: [lxd],"
                        + " tags: { project: customer1, instance: \"*\" } }",
                "      action: accept",
                "      set: { med: 50, communities: [\"65010:200\"], next-hop: { ipv4: 192.0.2.9 } }",
                "    - match: { sources: [kernel] }",
                "      action: deny"));
        assertEquals(Set.of(Family.IPV4_UNICAST), e.families());
        assertEquals(List.of(new PrefixRange(Prefix.parse("203.0.113.0/24"), 24, 32),
                new PrefixRange(Prefix.parse("198.51.100.0/24"), 24, 24)), e.allow());
        assertEquals(List.of(new PrefixRange(Prefix.parse("203.0.113.128/25"), 26, 32)), e.deny());
        ExportPolicyConfig.Actions a = e.set();
        assertEquals(Optional.of(new ExportPolicyConfig.NextHop.Source()), a.nextHopIpv4());
        assertEquals(Optional.of(new ExportPolicyConfig.NextHop.Self()), a.nextHopIpv6());
        assertEquals(List.of((65010L << 16) | 100, 0xFFFFFF01L), a.communities());
        assertEquals(List.of(0x0002_FDF2_0000_0007L, 0x0103_C000_0201_0009L, 0x0202_FA56_EA00_0005L),
                a.extendedCommunities());
        assertEquals(List.of(List.of(65010L, 1L, 2L)), a.largeCommunities());
        assertEquals(Optional.of(new ExportPolicyConfig.Med.Priority()), a.med());
        assertEquals(OptionalLong.of(200), a.localPref());
        assertEquals(2, a.asPathPrepend());
        assertEquals(1000, e.maxPrefixOut());
        assertEquals(2, e.rules().size());
        ExportPolicyConfig.Rule r = e.rules().getFirst();
        assertEquals("customers", r.name());
        assertEquals(Set.of("lxd"), r.sources());
        assertEquals(Map.of("project", "customer1", "instance", "*"), r.tags());
        assertEquals(Optional.of(new ExportPolicyConfig.Med.Fixed(50)), r.set().med());
        assertEquals(Optional.of(new ExportPolicyConfig.NextHop.Fixed(InetAddress.getByName("192.0.2.9"))),
                r.set().nextHopIpv4());
        assertEquals(-1, r.set().asPathPrepend(), "unset in a rule: inherited");
        assertEquals("rule 2", e.rules().get(1).name());
        assertTrue(e.rules().get(1).deny());
    }

    @Test
    void namedPoliciesAreSharedByPeers() throws ConfigException {
        String yaml = Yaml.ROUTER + """
                export-policies:
                  upstream:
                    communities: ["65010:1"]
                peers:
                  - { name: a, address: 198.18.0.1, asn: 65001, export: upstream }
                  - { name: b, address: 198.18.0.5, asn: 65001, export: upstream }
                rib:
                  source-precedence: [lxd, static]
                  coalesce-window: 50
                """;
        HeraldConfig c = ConfigLoader.parse("t.yaml", yaml);
        assertEquals(Optional.of("upstream"), c.peers().get(0).export().name());
        assertEquals(c.peers().get(0).export(), c.peers().get(1).export());
        assertEquals(new RibConfig(List.of("lxd", "static"), 50), c.rib());
    }

    @Test
    void mistakesPointAtTheValue() {
        assertOnly(withPeer("export: { communities: [\"65536:1\"] }"), 8, 29, "65536 in '65536:1' is above 65535");
        assertOnly(withPeer("export: { extended-communities: [\"target:1:2\"] }"), 8, 38, "not an extended community");
        assertOnly(withPeer("export: { large-communities: [\"1:2\"] }"), 8, 35, "not a large community");
        assertOnly(withPeer("export: { med: lowest }"), 8, 20, "'med' must be a number 0..4294967295, 'priority' or 'none'");
        assertOnly(withPeer("export: { as-path-prepend: 65 }"), 8, 32, "'as-path-prepend' must be 0..64");
        assertOnly(withPeer("export: { max-prefix-out: 0 }"), 8, 31, "'max-prefix-out' must be 1..100000000");
        assertOnly(withPeer("export: { allow: [\"203.0.113.1/24\"] }"), 8, 23, "did you mean 203.0.113.0/24?");
        assertOnly(withPeer("export: { next-hop: { ipv4: \"fd00::1\" } }"), 8, 33, "ipv4");
        assertOnly(withPeer("export: { comunities: [] }"), 8, 15, "did you mean 'communities'?");
        assertOnly(withPeer("export: { rules: [ { action: drop } ] }"), 8, 34, "'action' must be accept or deny");
        assertOnly(withPeer("export: { rules: [ { match: { tag: { a: b } }, action: deny } ] }"), 8, 35,
                "did you mean 'tags'?");
        assertOnly(withPeer("export: { rules: [ { action: deny, set: { med: 1 } } ] }"), 8, 40, "'set' has no effect");
        assertOnly(withPeer("export: { rules: [ { match: { sources: [lxd] } } ] }"), 8, 24, "missing required key 'action'");
        assertOnly(withPeer("export: upstrem"), 8, 13, "no export policy named 'upstrem'");
        assertOnly(withPeer() + "rib: { source-precedence: [static, static] }\n", 8, 36, "duplicate source 'static'");
        assertOnly(withPeer() + "rib: { coalesce-window: -1 }\n", 8, 25, "'coalesce-window' must be 0..10000");
    }
}
