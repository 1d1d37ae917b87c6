package dev.herald.interop.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lab's parsers against output captured from the real routers (no root needed). */
class ParsersTest {
    static final IpPrefix V4 = IpPrefix.parse("203.0.113.0/24");
    static final IpPrefix V6 = IpPrefix.parse("2001:db8:100::/48");

    @Test
    void frrRoutesIpv4() {
        String json = """
                {
                 "vrfId": 0,
                 "vrfName": "default",
                 "tableVersion": 1,
                 "routerId": "198.18.77.1",
                 "defaultLocPrf": 100,
                 "localAS": 65001,
                 "routes": { "203.0.113.0/24": [{"valid":true,"bestpath":true,"selectionReason":"First path received","pathFrom":"external","prefix":"203.0.113.0","prefixLen":24,"network":"203.0.113.0/24","version":1,"weight":0,"peerId":"198.18.77.2","path":"65010","origin":"incomplete","nexthops":[{"ip":"198.18.77.2","hostname":"vm","afi":"ipv4","used":true}]}]
                 } , "totalRoutes": 1, "totalPaths": 1 }\s
                """;
        assertEquals(List.of(new ReceivedRoute(V4, List.of(IpPrefix.address("198.18.77.2")), List.of(65010L), "198.18.77.2")),
                FrrParser.routes(json));
    }

    @Test
    void frrRoutesIpv6GlobalBeforeLinkLocal() {
        String json = """
                {"routes": { "2001:db8:100::/48": [{"valid":true,"peerId":"198.18.77.2","path":"65010 65020","origin":"IGP",
                  "nexthops":[{"ip":"fe80::1","afi":"ipv6","scope":"link-local"},{"ip":"fd00:18:77::2","hostname":"vm","afi":"ipv6","scope":"global","used":true}]}]
                 }  }
                """;
        assertEquals(List.of(new ReceivedRoute(V6, List.of(IpPrefix.address("fd00:18:77::2"), IpPrefix.address("fe80::1")),
                List.of(65010L, 65020L), "198.18.77.2")), FrrParser.routes(json));
    }

    @Test
    void frrEmptyTable() {
        assertEquals(List.of(), FrrParser.routes("{\n \"vrfId\": 0,\n \"routes\": {  }  }\n"));
    }

    @Test
    void frrNeighbors() {
        String json = """
                {
                  "198.18.77.2":{
                    "remoteAs":65010,
                    "localAs":65001,
                    "bgpState":"Established",
                    "neighborCapabilities":{"4byteAs":"advertisedAndReceived"}
                  },
                  "fd00:18:77::9":{"remoteAs":65011,"bgpState":"Active"}
                }
                """;
        assertEquals(List.of(new PeerState(IpPrefix.address("198.18.77.2"), 65010, BgpState.ESTABLISHED),
                new PeerState(IpPrefix.address("fd00:18:77::9"), 65011, BgpState.ACTIVE)), FrrParser.peers(json));
    }

    @Test
    void frrTimesEstablished() {
        String json = """
                {"198.18.77.2":{"remoteAs":65010,"bgpState":"Established","connectionsEstablished":3,"connectionsDropped":2},
                 "fd00:18:77::9":{"remoteAs":65011,"bgpState":"Active"}}
                """;
        assertEquals(java.util.OptionalLong.of(3), FrrParser.timesEstablished(json, IpPrefix.address("198.18.77.2")));
        assertEquals(java.util.OptionalLong.empty(), FrrParser.timesEstablished(json, IpPrefix.address("fd00:18:77::9")));
    }

    @Test
    void gobgpRoutes() {
        String v4 = """
                {"203.0.113.0/24":[{"nlri":{"prefix":"203.0.113.0/24"},"age":1795386692,"best":true,"attrs":[{"type":1,"value":2},{"type":2,"as_paths":[{"segment_type":2,"num":1,"asns":[65010]}]},{"type":3,"nexthop":"198.18.77.2"}],"stale":false,"source-id":"198.18.77.2","neighbor-ip":"198.18.77.2"}]}
                """;
        String v6 = """
                {"2001:db8:100::/48":[{"nlri":{"prefix":"2001:db8:100::/48"},"age":1795386692,"best":true,"attrs":[{"type":1,"value":2},{"type":2,"as_paths":[{"segment_type":2,"num":1,"asns":[65010]}]},{"type":14,"nexthop":"fd00:18:77::2","afi":2,"safi":1,"value":[{"prefix":"2001:db8:100::/48"}]}],"stale":false,"source-id":"198.18.77.2","neighbor-ip":"198.18.77.2"}]}
                """;
        assertEquals(List.of(new ReceivedRoute(V4, List.of(IpPrefix.address("198.18.77.2")), List.of(65010L), "198.18.77.2")),
                GoBgpParser.routes(v4));
        assertEquals(List.of(new ReceivedRoute(V6, List.of(IpPrefix.address("fd00:18:77::2")), List.of(65010L), "198.18.77.2")),
                GoBgpParser.routes(v6));
        assertEquals(List.of(), GoBgpParser.routes("{}"));
        assertEquals(List.of(), GoBgpParser.routes(""));
    }

    @Test
    void gobgpNeighbors() {
        String json = """
                [{"apply_policy":{},"conf":{"local_asn":65001,"neighbor_address":"198.18.77.2","peer_asn":65010,"type":1},"state":{"neighbor_address":"198.18.77.2","peer_asn":65010,"type":1,"session_state":6}},
                 {"conf":{"neighbor_address":"198.18.77.3","peer_asn":65011},"state":{"session_state":3}},
                 {"conf":{"neighbor_address":"198.18.77.4","peer_asn":65012},"state":{"session_state":"ESTABLISHED"}}]
                """;
        assertEquals(List.of(new PeerState(IpPrefix.address("198.18.77.2"), 65010, BgpState.ESTABLISHED),
                new PeerState(IpPrefix.address("198.18.77.3"), 65011, BgpState.ACTIVE),
                new PeerState(IpPrefix.address("198.18.77.4"), 65012, BgpState.ESTABLISHED)), GoBgpParser.peers(json));
    }

    @Test
    void birdRoutes() {
        String text = """
                BIRD 2.17.5 ready.
                Table master4:
                203.0.113.0/24       unicast [peer1 22:30:51.253] * (100) [AS65010?]
                \tvia 198.18.77.2 on veth0
                \tType: BGP univ
                \tBGP.origin: Incomplete
                \tBGP.as_path: 65010
                \tBGP.next_hop: 198.18.77.2
                \tBGP.local_pref: 100
                                     unicast [peer2 22:30:52.000] (100) [AS65020 65010i]
                \tvia 198.18.77.3 on veth0
                \tBGP.as_path: 65020 65010
                \tBGP.next_hop: 198.18.77.3

                Table master6:
                2001:db8:100::/48    unicast [peer1 22:30:51.253 from 198.18.77.2] * (100) [AS65010?]
                \tvia fd00:18:77::2 on veth0
                \tType: BGP univ
                \tBGP.origin: Incomplete
                \tBGP.as_path: 65010
                \tBGP.next_hop: fd00:18:77::2 fe80::1
                \tBGP.local_pref: 100
                """;
        assertEquals(List.of(
                new ReceivedRoute(V4, List.of(IpPrefix.address("198.18.77.2")), List.of(65010L), "peer1"),
                new ReceivedRoute(V4, List.of(IpPrefix.address("198.18.77.3")), List.of(65020L, 65010L), "peer2"),
                new ReceivedRoute(V6, List.of(IpPrefix.address("fd00:18:77::2"), IpPrefix.address("fe80::1")), List.of(65010L),
                        "198.18.77.2")),
                BirdParser.routes(text));
        assertEquals(List.of(), BirdParser.routes("BIRD 2.0.12 ready.\n"));
    }

    /** BIRD 3.4.0's {@code show route all}, as it showed herald's routes: other attribute names, the sender on a line. */
    @Test
    void bird3Routes() {
        // Two routes as BIRD 3.4.0 printed them, alike but for the prefix and the id.
        String route = """
                %-20s unicast [peer1 08:17:34.590] * (100) [AS65010i]
                \tvia 198.18.4.2 on veth0
                \tpreference: 100
                \tfrom: 198.18.4.2
                \tsource: BGP
                \tbgp_origin: IGP
                \tbgp_path: 65010
                \tbgp_next_hop: 198.18.4.2
                \tbgp_local_pref: 100
                \tInternal route handling values: 0L 2G 0S id %d
                """;
        String text = "BIRD 3.4.0 ready.\nTable master4:\n" + route.formatted("198.51.100.0/24", 1) + route.formatted(V4, 2);
        InetAddress herald = IpPrefix.address("198.18.4.2");
        assertEquals(List.of(
                new ReceivedRoute(IpPrefix.parse("198.51.100.0/24"), List.of(herald), List.of(65010L), "198.18.4.2"),
                new ReceivedRoute(V4, List.of(herald), List.of(65010L), "198.18.4.2")),
                BirdParser.routes(text));
        assertEquals("65010", BirdParser.attribute(text, "BGP.as_path"), "BIRD 3's bgp_path under BIRD 2's name");
        assertEquals(null, BirdParser.attribute(text, "BGP.med"));
    }

    /** BIRD 3.4.0's {@code show protocols all} (a Created: line more than BIRD 2's). */
    @Test
    void bird3Protocols() {
        String text = """
                BIRD 3.4.0 ready.
                Name       Proto      Table      State  Since         Info
                device1    Device     ---        up     08:19:48.256 \s
                  Created:            08:19:48.256

                peer1      BGP        ---        start  08:19:48.256  Active        Socket: Connection reset by peer
                  Created:            08:19:48.256
                  BGP state:          Active
                    Neighbor address: 198.18.250.2
                    Neighbor AS:      65010
                    Local AS:         65001
                    Connect delay:    0.631/1
                    Last error:       Socket: Connection reset by peer
                  Channel ipv4
                    State:          DOWN
                """;
        assertEquals(List.of(new PeerState(IpPrefix.address("198.18.250.2"), 65010, BgpState.ACTIVE)), BirdParser.peers(text));
    }

    @Test
    void birdProtocols() {
        String text = """
                BIRD 2.17.5 ready.
                Name       Proto      Table      State  Since         Info
                device1    Device     ---        up     22:30:46.211 \s

                peer1      BGP        ---        start  22:30:46.211  Active        Socket: Connection reset by peer
                  BGP state:          Active
                    Neighbor address: 198.18.77.2
                    Neighbor AS:      65010
                    Local AS:         65001
                    Connect delay:    2.884/5
                  Channel ipv4
                    State:          DOWN

                peer2      BGP        ---        up     22:30:51.253  Established  \s
                  BGP state:          Established
                    Neighbor address: fd00:18:77::3
                    Neighbor AS:      65020
                """;
        assertEquals(List.of(new PeerState(IpPrefix.address("198.18.77.2"), 65010, BgpState.ACTIVE),
                new PeerState(IpPrefix.address("fd00:18:77::3"), 65020, BgpState.ESTABLISHED)), BirdParser.peers(text));
    }

    @Test
    void bgpStateSpellings() {
        assertEquals(BgpState.OPENSENT, BgpState.parse("OpenSent"));
        assertEquals(BgpState.OPENCONFIRM, BgpState.parse("BGP_FSM_OPENCONFIRM"));
        assertEquals(BgpState.ESTABLISHED, BgpState.parse("6"));
        assertEquals(BgpState.UNKNOWN, BgpState.parse("Down"));
    }

    @Test
    void prefixesCompareByValue() {
        assertEquals(IpPrefix.parse("2001:db8:100::/48"), IpPrefix.parse("2001:0db8:0100:0:0:0:0:0/48"));
        assertEquals("2001:db8:100::/48", IpPrefix.parse("2001:0db8:0100:0:0:0:0:0/48").toString());
        assertEquals("fd00:18:1::2", IpPrefix.format(IpPrefix.address("fd00:18:1:0:0:0:0:2")));
        assertEquals("1:0:1::", IpPrefix.format(IpPrefix.address("1:0:1:0:0:0:0:0")));
    }
    /** BIRD 2.17.6 {@code show protocols all}, the session with herald (ExtendedMessageIT), trimmed. */
    static final String BIRD_CAPABILITIES = """
            BIRD 2.17.6 ready.
            Name       Proto      Table      State  Since         Info
            device1    Device     ---        up     07:55:02.671

            peer1      BGP        ---        up     07:55:08.530  Established
              BGP state:          Established
                Neighbor address: 198.18.2.2
                Neighbor AS:      65010
                Local AS:         65001
                Neighbor ID:      192.0.2.1
                Local capabilities
                  Multiprotocol
                    AF announced: ipv4 ipv6
                  Route refresh
                  Extended message
                  Graceful restart
                  4-octet AS numbers
                Neighbor capabilities
                  Multiprotocol
                    AF announced: ipv4
                  Route refresh
                  Extended next hop
                    IPv6 nexthop: ipv4
                  Extended message
                  Graceful restart
                    Restart time: 120
                  4-octet AS numbers
                Session:          external AS4
              Channel ipv4
                State:          UP
            """;

    @Test
    void birdExtendedMessageNeedsBothCapabilityLists() {
        java.net.InetAddress herald = IpPrefix.address("198.18.2.2");
        assertEquals(java.util.Optional.of(true), BirdParser.extendedMessage(BIRD_CAPABILITIES, herald));
        // BIRD not told to offer it: its own list lacks the line.
        String notOffered = BIRD_CAPABILITIES.replaceFirst("      Extended message\n", "");
        assertEquals(java.util.Optional.of(false), BirdParser.extendedMessage(notOffered, herald));
        assertEquals(java.util.Optional.empty(), BirdParser.extendedMessage(BIRD_CAPABILITIES,
                IpPrefix.address("198.18.9.2")), "another neighbour");
        String noSession = BIRD_CAPABILITIES.substring(0, BIRD_CAPABILITIES.indexOf("    Local capabilities"));
        assertEquals(java.util.Optional.empty(), BirdParser.extendedMessage(noSession, herald), "no session, no lists");
    }

    @Test
    void frrExtendedMessage() {
        java.net.InetAddress herald = IpPrefix.address("198.18.1.2");
        // FRR 10.3 show bgp neighbors json, trimmed.
        String both = """
                {"198.18.1.2":{"remoteAs":65010,"bgpState":"Established","neighborCapabilities":{
                  "4byteAs":"advertisedAndReceived","extendedMessage":"advertisedAndReceived"}}}""";
        assertEquals(java.util.Optional.of(true), FrrParser.extendedMessage(both, herald));
        assertEquals(java.util.Optional.of(false), FrrParser.extendedMessage(both.replace(
                "\"extendedMessage\":\"advertisedAndReceived\"", "\"extendedMessage\":\"advertised\""), herald));
        assertEquals(java.util.Optional.empty(), FrrParser.extendedMessage(
                "{\"198.18.1.2\":{\"remoteAs\":65010,\"bgpState\":\"Active\"}}", herald), "no session yet");
    }
}
