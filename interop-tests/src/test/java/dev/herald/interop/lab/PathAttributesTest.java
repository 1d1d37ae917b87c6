package dev.herald.interop.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link PathAttributes}: one speaker's path picked out of the router's detail for a prefix. */
class PathAttributesTest {
    static final InetAddress A = IpPrefix.address("198.18.1.2");
    static final InetAddress B = IpPrefix.address("198.19.1.2");

    @Test
    void frrLocalPrefAndAsPathOfThePathWithThatNextHop() {
        String json = """
                {"prefix":"203.0.113.0/24","paths":[
                  {"aspath":{"string":"65010","length":1},"metric":100,
                   "nexthops":[{"ip":"198.19.1.2","afi":"ipv4"}],"bestpath":{"overall":true}},
                  {"aspath":{"string":"65010 65010 65010","length":3},"metric":0,"locPrf":0,
                   "community":{"string":"gracefulShutdown"},"nexthops":[{"ip":"198.18.1.2","afi":"ipv4"}]}]}
                """;
        assertEquals(Optional.of(new PathAttributes(0L, List.of(65010L, 65010L, 65010L))), PathAttributes.fromFrrJson(json, A));
        assertEquals(Optional.of(new PathAttributes(null, List.of(65010L))), PathAttributes.fromFrrJson(json, B));
        assertEquals(Optional.empty(), PathAttributes.fromFrrJson("{}", A));
    }

    @Test
    void birdTwoAndThreeNamesPerPathBlock() {
        String bird2 = """
                Table master4:
                203.0.113.0/24       unicast [peer2 23:36:04.336] * (100) [AS65010i]
                \tvia 198.19.1.2 on veth1
                \tType: BGP univ
                \tBGP.as_path: 65010
                \tBGP.local_pref: 100
                                     unicast [peer1 23:36:03.676] (100) [AS65010i]
                \tvia 198.18.1.2 on veth0
                \tType: BGP univ
                \tBGP.as_path: 65010 65010 65010
                \tBGP.med: 0
                \tBGP.local_pref: 0
                \tBGP.community: (65535,0)
                """;
        assertEquals(Optional.of(new PathAttributes(0L, List.of(65010L, 65010L, 65010L))), PathAttributes.fromBirdText(bird2, A));
        assertEquals(Optional.of(new PathAttributes(100L, List.of(65010L))), PathAttributes.fromBirdText(bird2, B));
        String bird3 = bird2.replace("BGP.as_path", "bgp_path").replace("BGP.local_pref", "bgp_local_pref");
        assertEquals(Optional.of(new PathAttributes(0L, List.of(65010L, 65010L, 65010L))), PathAttributes.fromBirdText(bird3, A));
        assertEquals(Optional.empty(), PathAttributes.fromBirdText("Table master4:\n", A));
    }
}
