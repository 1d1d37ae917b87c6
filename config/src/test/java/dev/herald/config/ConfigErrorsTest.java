package dev.herald.config;

import static dev.herald.config.Yaml.ROUTER;
import static dev.herald.config.Yaml.assertOnly;
import static dev.herald.config.Yaml.withPeer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per kind of mistake, each checking the exact position reported. */
class ConfigErrorsTest {
    @Test
    void unknownKeySuggestsTheClosestKnownKey() {
        assertOnly(withPeer("hold_time: 30"), 8, 5, "unknown key 'hold_time' in peer; did you mean 'hold-time'?");
    }

    @Test
    void unknownKeyWithNothingCloseListsTheKnownKeys() {
        assertOnly(withPeer("colour: red"), 8, 5, "expected one of: name, address, interface, asn");
    }

    @Test
    void wrongTypeForAnInteger() {
        assertOnly(withPeer("port: abc"), 8, 11, "'port' must be an integer, got the string 'abc'");
    }

    @Test
    void wrongTypeForABoolean() {
        assertOnly(withPeer("passive: yes"), 8, 14, "'passive' must be true or false");
    }

    @Test
    void wrongTypeForASection() {
        assertOnly(withPeer().replace("router:\n  asn: 65010\n  router-id: 192.0.2.1\n", "router: [1]\n"),
                1, 9, "'router' must be a mapping, got a list");
    }

    @Test
    void missingKeyPointsAtTheParentKey() {
        assertOnly(withPeer().replace("  asn: 65010\n", ""), 1, 1, "missing required key 'asn' in router");
    }

    @Test
    void missingKeyInAListItemPointsAtTheItem() {
        assertOnly(withPeer().replace("    asn: 65001\n", ""), 5, 5, "missing required key 'asn' in peer");
    }

    @Test
    void missingTopLevelSection() {
        assertOnly(ROUTER, 1, 1, "missing required key 'peers'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "4294967296", "-1"})
    void asnOutOfRange(String asn) {
        assertOnly(withPeer().replace("asn: 65001", "asn: " + asn), 7, 10, "must be an AS number in 1..4294967295");
    }

    @Test
    void asTransIsRejected() {
        assertOnly(withPeer().replace("asn: 65010", "asn: 23456"), 2, 8, "AS_TRANS");
    }

    @Test
    void routerIdMustBeIpv4() {
        assertOnly(withPeer().replace("router-id: 192.0.2.1", "router-id: \"2001:db8::1\""), 3, 14,
                "'router-id' must be an IPv4 address");
    }

    @Test
    void addressMustBeALiteral() {
        assertOnly(withPeer().replace("address: 198.18.0.1", "address: router.example"), 6, 14,
                "must be an IPv4 or IPv6 address, got the string 'router.example'");
    }

    @Test
    void prefixWithHostBitsSaysWhatItShouldBe() {
        String yaml = withPeer() + "sources:\n  static:\n    - prefix: 203.0.113.1/24\n";
        assertOnly(yaml, 10, 15, "prefix 203.0.113.1/24 has host bits set; did you mean 203.0.113.0/24?");
    }

    @Test
    void prefixThatIsNotAPrefix() {
        String yaml = withPeer() + "sources:\n  static:\n    - prefix: 203.0.113.0/33\n";
        assertOnly(yaml, 10, 15, "not a valid prefix: prefix length 33 out of range");
    }

    @Test
    void duplicatePeerNamePointsAtTheSecond() {
        String yaml = withPeer() + "  - name: a\n    address: 198.18.0.3\n    asn: 65002\n";
        assertOnly(yaml, 8, 11, "duplicate peer name 'a' (first used at 5:11)");
    }

    @Test
    void duplicatePeerAddressComparesAddressesNotText() {
        String yaml = withPeer().replace("address: 198.18.0.1", "address: \"fd00:18::1\"")
                + "  - name: b\n    address: \"fd00:18:0::1\"\n    asn: 65002\n";
        assertOnly(yaml, 9, 14, "duplicate peer address fd00:18::1 (first used at 6:14)");
    }

    @Test
    void ipv4NextHopMustBeIpv4() {
        assertOnly(withPeer("next-hop: { ipv4: \"fd00:18::2\" }"), 8, 23, "must be an IPv4 address, got the IPv6");
    }

    @Test
    void ipv4NextHopMustNotBeIpv4Mapped() {
        assertOnly(withPeer("next-hop: { ipv4: \"::ffff:198.18.0.2\" }"), 8, 23, "write it as 198.18.0.2");
    }

    @Test
    void ipv6NextHopMustBeIpv6() {
        assertOnly(withPeer("next-hop:", "  ipv6: 198.18.0.2"), 9, 13, "must be an IPv6 address, got the IPv4");
    }

    @Test
    void ipv6NextHopMustNotBeIpv4Mapped() {
        assertOnly(withPeer("next-hop:", "  ipv6: \"::ffff:198.18.0.2\""), 9, 13, "not the IPv4-mapped ::ffff:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "2"})
    void holdTimeOneOrTwoIsRejected(String value) {
        assertOnly(withPeer("hold-time: " + value), 8, 16, "must be 0 (no keepalives) or at least 3 seconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "65536"})
    void holdTimeOutOfRange(String value) {
        assertOnly(withPeer("hold-time: " + value), 8, 16, "must be 0 or 3..65535 seconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536"})
    void portOutOfRange(String value) {
        assertOnly(withPeer("port: " + value), 8, 11, "must be a TCP port in 1..65535, got " + value);
    }

    @Test
    void listenPortOutOfRange() {
        assertOnly(withPeer().replace("router:\n", "router:\n  listen: { port: 70000 }\n"), 2, 19,
                "must be a TCP port in 1..65535");
    }

    @Test
    void unknownFamily() {
        assertOnly(withPeer("families: [ipv4-unicast, ipv4-multicast]"), 8, 30,
                "unknown address family 'ipv4-multicast'; expected one of: ipv4-unicast, ipv6-unicast");
    }

    @Test
    void duplicateFamily() {
        assertOnly(withPeer("families: [ipv4-unicast, ipv4-unicast]"), 8, 30, "duplicate family ipv4-unicast");
    }

    @Test
    void localAddressFamilyMustMatchThePeer() {
        assertOnly(withPeer("local-address: \"fd00:18::2\""), 8, 20,
                "'local-address' fd00:18::2 is IPv6 but the peer address 198.18.0.1 is IPv4");
    }

    @Test
    void duplicateStaticPrefix() {
        String yaml = withPeer() + "sources:\n  static:\n    - prefix: 2001:db8:100::/48\n"
                + "    - prefix: 2001:DB8:100:0::/48\n";
        assertOnly(yaml, 11, 15, "duplicate static prefix 2001:db8:100::/48 (first used at 10:15)");
    }

    @Test
    void duplicateYamlKey() {
        assertOnly(withPeer("asn: 65002"), 8, 5, "duplicate key 'asn' (first set at 7:5)");
    }

    @Test
    void badPeerName() {
        assertOnly(withPeer().replace("name: a", "name: \"tor 1\""), 5, 11, "peer name 'tor 1' must be");
    }

    @Test
    void yamlSyntaxErrorHasAPosition() {
        assertOnly(withPeer("families: [ipv4-unicast", "hold-time: 3"), 9, 14, "YAML syntax error");
    }

    @Test
    void tabIndentationIsASyntaxError() {
        assertOnly(ROUTER + "peers:\n\t- name: a\n", 5, 1, "Do not use \\t(TAB) for indentation");
    }

    @Test
    void undefinedAlias() {
        // Jackson, not SnakeYAML, reports this one, at the end of the key before the alias.
        assertOnly(withPeer("hold-time: *nope"), 8, 14, "alias *nope has no anchor &nope before it");
    }

    @Test
    void emptyFile() {
        assertOnly("", 1, 1, "the file is empty");
    }

    @Test
    void topLevelMustBeAMapping() {
        assertOnly("- router\n", 1, 1, "the top level must be a mapping");
    }

    @Test
    void secondDocumentIsRejected() {
        assertOnly(withPeer() + "---\nrouter: {}\n", 9, 1, "a second YAML document");
    }

    @Test
    void passivePeerNeedsTheRouterToListen() {
        assertOnly(withPeer("passive: true"), 8, 14, "router has no 'listen'");
    }

    @Test
    void noPeers() {
        assertOnly(ROUTER + "peers: []\n", 4, 8, "'peers' is empty");
    }
}
