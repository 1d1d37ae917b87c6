package dev.herald.interop.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link BestPath}'s readings of FRR's and BIRD's output for one prefix, as the lab's routers printed it. */
class BestPathTest {
    static final java.net.InetAddress A = IpPrefix.address("198.18.1.2");
    static final java.net.InetAddress B = IpPrefix.address("198.19.1.2");

    @Test
    void frrBestIsThePathWithBestpathOverall() {
        // FRR 10.7.1's, shortened (lastUpdate, flags and the like left out).
        String json = """
                {"prefix":"203.0.113.0/24","version":2,"pathCount":2,"paths":[
                  {"aspath":{"string":"65010","length":1},"origin":"IGP","metric":0,"valid":true,
                   "bestpath":{"bestpathFromAs":65010,"overall":true,"selectionReason":"MED"},
                   "nexthops":[{"ip":"198.18.1.2","afi":"ipv4","metric":0,"accessible":true,"used":true}],
                   "peer":{"peerId":"198.18.1.2","routerId":"192.0.2.1","type":"external"}},
                  {"aspath":{"string":"65010","length":1},"origin":"IGP","metric":100,"valid":true,
                   "nexthops":[{"ip":"198.19.1.2","afi":"ipv4","metric":0,"accessible":true,"used":true}],
                   "peer":{"peerId":"198.19.1.2","routerId":"192.0.2.2","type":"external"}}],
                 "multiPathCount":1,"flags":{"bestPathExists":true}}
                """;
        BestPath p = BestPath.fromFrrJson(json);
        assertEquals(A, p.best());
        assertEquals(Set.of(A, B), p.present());
    }

    @Test
    void frrWithoutThePrefixHasNoPath() {
        BestPath p = BestPath.fromFrrJson("{}");
        assertNull(p.best());
        assertEquals(Set.of(), p.present());
    }

    @Test
    void birdBestIsThePrimaryPathMarkedWithAStar() {
        // BIRD 2.20.0's, with the primary path first as BIRD prints it, and the same with the paths swapped.
        String text = """
                Table master4:
                203.0.113.0/24       unicast [peer1 23:36:03.676] * (100) [AS65010i]
                \tvia 198.18.1.2 on veth0
                                     unicast [peer2 23:36:04.336] (100) [AS65010i]
                \tvia 198.19.1.2 on veth1
                """;
        assertEquals(new BestPath(A, Set.of(A, B)), BestPath.fromBirdText(text));
        text = text.replace("* (100)", "(100)").replace("[peer2 23:36:04.336] (100)", "[peer2 23:36:04.336] * (100)");
        assertEquals(new BestPath(B, Set.of(A, B)), BestPath.fromBirdText(text));
    }

    @Test
    void birdWithoutThePrefixHasNoPath() {
        BestPath p = BestPath.fromBirdText("Table master4:\n");
        assertNull(p.best());
        assertEquals(Set.of(), p.present());
    }
}
