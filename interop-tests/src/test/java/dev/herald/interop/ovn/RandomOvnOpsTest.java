package dev.herald.interop.ovn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The differential test's operations: a seed replays the same sequence, and every kind of step comes up. */
class RandomOvnOpsTest {
    static List<RandomOvnOps.Step> steps(long seed, OvnTree tree, int n) {
        RandomOvnOps ops = new RandomOvnOps(seed, tree);
        List<RandomOvnOps.Step> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(ops.next());
        }
        return out;
    }

    @Test
    void aSeedReplaysTheSameSteps() {
        assertEquals(steps(42, OvnTree.SID, 500), steps(42, OvnTree.SID, 500));
        assertFalse(steps(42, OvnTree.SID, 50).equals(steps(43, OvnTree.SID, 50)));
    }

    @Test
    void everyKindOfStepComesUpAndVersionOptionsOnlyWhereTheVersionHasThem() {
        String all25 = String.join("\n", steps(7, OvnTree.TRIXIE, 2000).stream().map(RandomOvnOps.Step::what).toList());
        String all26 = String.join("\n", steps(7, OvnTree.SID, 2000).stream().map(RandomOvnOps.Step::what).toList());
        for (String kind : List.of("bind vm", "unbind vm", "add VM port", "remove VM port", "add snat", "add dnat_and_snat",
                "remove dnat_and_snat", "add load balancer", "remove load balancer", "add static route", "remove static route",
                "add router port", "remove router port", "to gw2", "to gw1", "detach", "attach", "dynamic-routing=false",
                "redistribute ", "on port")) {
            assertTrue(all25.contains(kind), kind);
            assertTrue(all26.contains(kind), kind);
        }
        assertFalse(all25.contains("local-only") || all25.contains("vrf-id"), "25.03 has neither option");
        assertFalse(all25.contains("connected-as-host"), "northd 25.03.0 loops with connected-as-host and nat");
        assertTrue(all26.contains("connected-as-host"));
        assertTrue(all26.contains("redistribute-local-only=true") && all26.contains("dynamic-routing-vrf-id="));
    }
}
