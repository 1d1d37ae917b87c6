package dev.herald.config;

import static dev.herald.config.Yaml.assertOnly;
import static dev.herald.config.Yaml.withPeer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.sources.ovn.OvnSemantics;
import dev.herald.sources.ovn.OvnSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code sources.ovn}: values, defaults, and where each mistake is reported. Keys start at line 10, column 5. */
class OvnConfigTest {
    private static final Yaml.Source<OvnSourceConfig> OVN = new Yaml.Source<>("ovn", SourcesConfig::ovn);

    @Test
    void absentMeansNoOvnSourceAndOldConstructorsWork() throws ConfigException {
        assertTrue(ConfigLoader.parse("t.yaml", withPeer()).sources().ovn().isEmpty());
        assertTrue(new SourcesConfig(List.of(), Optional.empty(), Optional.empty()).ovn().isEmpty());
        assertEquals(OvnSourceConfig.defaults(), OVN.parse(withPeer() + "sources:\n  ovn:\n"));
        assertEquals(List.of("unix:/var/run/ovn/ovnsb_db.sock"), OvnSourceConfig.defaults().remotes());
    }

    @Test
    void everyKey() throws Exception {
        OvnSourceConfig c = OVN.parse(OVN.with(
                "remote: 'ssl:[fd00::1]:6642,ssl:192.0.2.2:6642, ssl:sb3.example'",
                "private-key: /etc/ovn/key.pem",
                "certificate: /etc/ovn/cert.pem",
                "ca-cert: /etc/ovn/cacert.pem",
                "chassis: gw1",
                "ovs-remote: unix:/run/openvswitch/db.sock",
                "probe-interval: 10",
                "local-only: true",
                "tracked-port: {local-only: true, local-med: 10, remote-med: 20}",
                "next-hop: {ipv4: router-port, ipv6: self}",
                "keep-when-unreachable: 600",
                "semantics: 25.09"));
        assertEquals(List.of("ssl:[fd00::1]:6642", "ssl:192.0.2.2:6642", "ssl:sb3.example"), c.remotes());
        assertEquals(Optional.of(Path.of("/etc/ovn/key.pem")), c.privateKey());
        assertEquals("unix:/run/openvswitch/db.sock", c.ovsRemote());
        assertEquals(10, c.probeIntervalSeconds());
        OvnSettings s = c.settings();
        assertEquals("gw1", s.chassis());
        assertTrue(s.localOnly());
        assertEquals(OvnSettings.TrackedPort.LOCAL_ONLY, s.trackedPort());
        assertEquals(10, s.localMed());
        assertEquals(20, s.remoteMed());
        assertEquals(OvnSettings.NextHopMode.ROUTER_PORT, s.ipv4NextHop());
        assertEquals(OvnSettings.NextHopMode.SELF, s.ipv6NextHop());
        assertEquals(Duration.ofSeconds(600), s.keepWhenUnreachable());
        assertEquals(OvnSemantics.V25_09, s.semantics());
        assertEquals(OvnSemantics.V26_03, OVN.parse(OVN.with("semantics: '26.03'")).settings().semantics());
        assertNull(OVN.parse(OVN.with("semantics: auto")).settings().semantics());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            remotee: tcp:1.2.3.4:6642     | 10 |  5 | unknown key 'remotee' in sources.ovn; did you mean 'remote'?
            remote: 'tcp:fd00::1:6642'    | 10 | 13 | IPv6 hosts go in brackets
            remote: tcp:127.0.0.1:70000   | 10 | 13 | 1..65535
            remote: http://sb             | 10 | 13 | is not tcp:HOST:PORT
            remote: ssl:127.0.0.1:6642    | 10 |  5 | needs 'private-key', 'certificate' and 'ca-cert'
            ca-cert: /x.pem               | 10 |  5 | only used with an ssl: remote
            private-key: key.pem          | 10 | 18 | absolute path
            chassis: 'a b'                | 10 | 14 | not a valid chassis name
            probe-interval: -1            | 10 | 21 | 0..3600
            next-hop: {ipv4: peer}        | 10 | 22 | 'router-port' or 'self'
            tracked-port: {local-med: x}  | 10 | 31 | local-med
            ovs-remote: 'unix:/a,unix:/b' | 10 |  5 | one remote
            keep-when-unreachable: 0      | 10 | 28 | 1..
            semantics: 25.3               | 10 | 16 | 'semantics' must be 'auto' or one of [25.03, 25.09, 26.03], got '25.3'
            semantics: [auto]             | 10 | 16 | 'semantics' must be 'auto' or one of
            """)
    void mistakesAreReportedWhereTheyAre(String line, int row, int column, String fragment) {
        assertOnly(OVN.with(line), row, column, fragment);
    }
}
