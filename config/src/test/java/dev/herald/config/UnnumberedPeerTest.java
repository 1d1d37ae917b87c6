package dev.herald.config;

import static dev.herald.config.Yaml.assertError;
import static dev.herald.config.Yaml.assertOnly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code interface: IFNAME} instead of {@code address:}: unnumbered peering. */
class UnnumberedPeerTest {
    /** A peer at line 5 whose extra lines start at line 7, column 5. */
    static String unnumbered(String... extra) {
        return Yaml.withKeys(Yaml.ROUTER
                + "peers:\n"                   // 4
                + "  - name: leaf1\n"          // 5
                + "    asn: 65001\n", extra);  // 6
    }

    @Test
    void interfaceInsteadOfAddress() throws ConfigException {
        PeerConfig p = ConfigLoader.parse("t.yaml", unnumbered("interface: swp1", "next-hop: { ipv6: \"2001:db8::1\" }"))
                .peers().getFirst();
        assertNull(p.address());
        assertEquals(Optional.of("swp1"), p.interfaceName());
        assertEquals("interface swp1", p.remoteText());
    }

    @Test
    void exactlyOneOfAddressAndInterface() {
        assertOnly(Yaml.withPeer("interface: eth1"), 8, 5, "both set");
        assertOnly(unnumbered(), 5, 5, "needs 'address'");
    }

    @Test
    void optionsThatNeedAnAddressAreRefused() {
        assertOnly(unnumbered("interface: eth1", "local-address: 198.18.0.2"), 8, 5, "link-local address");
        assertOnly(unnumbered("interface: eth1", "password: x"), 8, 5, "TCP-MD5");
        assertOnly(unnumbered("interface: eth1", "ebgp-multihop: 2"), 8, 5, "directly connected");
    }

    @Test
    void badAndDuplicateInterfaceNames() {
        assertOnly(unnumbered("interface: a/b"), 7, 16, "interface name");
        assertOnly(unnumbered("interface: averyveryverylongname"), 7, 16, "1 to 15");
        String two = Yaml.ROUTER + """
                peers:
                  - name: a
                    asn: 65001
                    interface: eth1
                  - name: b
                    asn: 65002
                    interface: eth1
                """;
        List<ConfigError> errors = Yaml.errors(two);
        assertEquals(1, errors.size(), errors::toString);
        assertError(errors.getFirst(), 10, 16, "eth1");
    }
}
