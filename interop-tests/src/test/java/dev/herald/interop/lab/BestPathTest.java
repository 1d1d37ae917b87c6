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
        String json = """
                {"prefix":"203.0.113.0/24","paths":[
                  {"aspath":{"string":"65010"},"med":100,"valid":true,
                   "nexthops":[{"ip":"198.19.1.2","afi":"ipv4","used":true}],"peer":{"peerId":"198.19.1.2"}},
                  {"aspath":{"string":"65010"},"med":0,"valid":true,"bestpath":{"overall":true,"selectionReason":"MED"},
                   "nexthops":[{"ip":"198.18.1.2","afi":"ipv4","used":true}],"peer":{"peerId":"198.18.1.2"}}]}
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
        String text = """
                Table master4:
                203.0.113.0/24       unicast [peer2 23:40:01.456] (100) [AS65010i]
                \tvia 198.19.1.2 on veth1
                                     unicast [peer1 23:40:01.123] * (100) [AS65010i]
                \tvia 198.18.1.2 on veth0
                """;
        BestPath p = BestPath.fromBirdText(text);
        assertEquals(A, p.best());
        assertEquals(Set.of(A, B), p.present());
    }

    @Test
    void birdWithoutThePrefixHasNoPath() {
        BestPath p = BestPath.fromBirdText("Table master4:\n");
        assertNull(p.best());
        assertEquals(Set.of(), p.present());
    }
}
