package dev.herald.interop.ovn;

import dev.herald.interop.kernel.KernelRouteRow;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Where herald is right and ovn-controller is not: each difference is named here with its reason
 * and the OVN versions it applies to. {@link OvnDifferentialIT} leaves the routes a difference
 * excuses out of its oracle and counts, per name, the steps where it did: never silently.
 */
final class KnownDifferences {
    /**
     * @param name    what differs, short
     * @param trees   the OVN versions it applies to
     * @param reason  why herald is right, with the upstream reference
     * @param excuses whether it explains one of ovn-controller's routes, given the operations' model
     */
    record Known(String name, Set<OvnTree> trees, String reason, BiPredicate<KernelRouteRow, RandomOvnOps> excuses) {
    }

    static final List<Known> ALL = List.of(
            new Known("25.03.0 announces a router whose gateway is on another chassis", Set.of(OvnTree.TRIXIE),
                    "ovn-controller 25.03.0's route_run makes every local router datapath with a peer port take part, whether"
                            + " or not its dynamic-routing port is here: a router whose gateway moved to gw2 stays announced"
                            + " from gw1 while a VM bound here makes one of its switches (and so the router) local; upstream"
                            + " 0a9906c82 'route: Filter datapaths that should advertise' (25.03.1) stopped it; herald follows"
                            + " the fixed rule",
                    (row, ops) -> {
                        String router = ops.routerOfTable(row.table());
                        return router != null && ops.onGw2.get(router);
                    }));

    private KnownDifferences() {
    }

    /** The differences that apply to {@code tree}. */
    static List<Known> of(OvnTree tree) {
        return ALL.stream().filter(k -> k.trees().contains(tree)).toList();
    }
}
