package dev.herald.interop.kernel;

import dev.herald.interop.lab.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random steps of {@code ip route} operations (lines for {@code ip -batch}), drawn from
 * {@link RouteSpecs}. Deletes, replaces, metric changes and moves pick their target among the
 * routes the kernel holds now, so a step depends only on the seed and the kernel's state, which
 * the earlier steps of the same seed determine: a seed replays exactly. Some operations fail
 * (a route that exists, a delete after a burst removed its target); that is part of the input.
 */
final class RandomRouteOps {
    private final Random rnd;
    private final String gw4;
    private final String gw6;
    private final String linkDev;

    RandomRouteOps(long seed, String gw4, String gw6, String linkDev) {
        this.rnd = new Random(seed);
        this.gw4 = gw4;
        this.gw6 = gw6;
        this.linkDev = linkDev;
    }

    /** One step: mostly one operation (two for a metric change or a move), sometimes a burst of 20 to 100. */
    List<String> step(List<KernelRouteRow> kernel) {
        List<KernelRouteRow> mine = kernel.stream().filter(r -> RouteSpecs.inPool(r.prefix())).toList();
        List<String> lines = new ArrayList<>();
        if (rnd.nextInt(100) < 7) {
            int n = 20 + rnd.nextInt(81);
            while (lines.size() < n) {
                lines.addAll(one(mine));
            }
        } else {
            lines.addAll(one(mine));
        }
        return lines;
    }

    private List<String> one(List<KernelRouteRow> mine) {
        int k = rnd.nextInt(100);
        if (rnd.nextInt(100) < 4) {
            return link2();
        }
        if (mine.isEmpty() || k < 30) {
            return List.of("route add " + random());
        }
        if (k < 34) {
            return List.of("route append " + random());
        }
        if (k < 38) {
            return List.of("route replace " + random());
        }
        KernelRouteRow t = mine.get(rnd.nextInt(mine.size()));
        if (k < 53) {
            return List.of("route del " + t.spec());
        }
        if (k < 58) {
            return List.of("route del " + t.prefix() + " table " + t.table()); // the kernel picks which
        }
        if (k < 70) {
            // the same slot (prefix, table, metric) with another type and maybe protocol: blackhole -> unreachable
            return List.of("route replace " + spec(t.prefix(), shape(), t.table(), protocol(t), t.metric()));
        }
        if (k < 85) {
            long m = otherMetric(t);
            KernelRouteRow moved = new KernelRouteRow(t.prefix(), t.table(), t.protocol(), t.type(), m, t.gateway(),
                    t.dev(), null);
            // half: a second route with the new metric, then the first deleted; half: "replace ... metric N",
            // which the kernel treats as another route (another slot), so the old one stays
            return rnd.nextBoolean() ? List.of("route add " + moved.spec(), "route del " + t.spec())
                    : List.of("route replace " + moved.spec());
        }
        long table = RouteSpecs.TABLES.get(rnd.nextInt(RouteSpecs.TABLES.size()));
        KernelRouteRow moved = new KernelRouteRow(t.prefix(), table, t.protocol(), t.type(), t.metric(), t.gateway(),
                t.dev(), null);
        return List.of("route del " + t.spec(), "route add " + moved.spec()); // a move between tables
    }

    /**
     * The second link down or up (IPv6 forgets the link's address when it goes down: given back
     * with the up), or its IPv4 address removed or given back.
     */
    private List<String> link2() {
        String dev = RouteSpecs.LINK2;
        return switch (rnd.nextInt(4)) {
            case 0 -> List.of("link set " + dev + " down");
            case 1 -> List.of("link set " + dev + " up", "addr add " + RouteSpecs.LINK2_V6 + " dev " + dev + " nodad");
            case 2 -> List.of("addr del " + RouteSpecs.LINK2_V4 + " dev " + dev);
            default -> List.of("addr add " + RouteSpecs.LINK2_V4 + " dev " + dev);
        };
    }

    private String random() {
        IpPrefix p = rnd.nextBoolean() ? pick(RouteSpecs.V4) : pick(RouteSpecs.V6);
        Long metric = RouteSpecs.METRICS.get(rnd.nextInt(RouteSpecs.METRICS.size()));
        return spec(p, shape(), RouteSpecs.TABLES.get(rnd.nextInt(RouteSpecs.TABLES.size())),
                RouteSpecs.PROTOCOLS.get(rnd.nextInt(RouteSpecs.PROTOCOLS.size())), metric);
    }

    private RouteSpecs.Shape shape() {
        RouteSpecs.Shape[] all = RouteSpecs.Shape.values();
        return all[rnd.nextInt(all.length)];
    }

    /** The target's protocol, or (one time in three) another one. */
    private String protocol(KernelRouteRow t) {
        return rnd.nextInt(3) == 0 ? RouteSpecs.PROTOCOLS.get(rnd.nextInt(RouteSpecs.PROTOCOLS.size()))
                : Integer.toString(t.protocol());
    }

    private long otherMetric(KernelRouteRow t) {
        while (true) {
            Long m = RouteSpecs.METRICS.get(rnd.nextInt(RouteSpecs.METRICS.size()));
            if (m != null && m != t.metric()) {
                return m;
            }
        }
    }

    private <T> T pick(List<T> list) {
        return list.get(rnd.nextInt(list.size()));
    }

    private String spec(IpPrefix p, RouteSpecs.Shape shape, long table, String protocol, Long metric) {
        String gw = p.isIpv6() ? gw6 : gw4;
        String route = switch (shape) {
            case VIA -> p + " via " + gw;
            case DEV -> p + " dev " + linkDev;
            case LO -> p + " dev lo";
            case VIA2 -> p + " via " + (p.isIpv6() ? RouteSpecs.LINK2_GW6 : RouteSpecs.LINK2_GW4);
            case DEV2 -> p + " dev " + RouteSpecs.LINK2;
            case BLACKHOLE -> "blackhole " + p;
            case UNREACHABLE -> "unreachable " + p;
            case PROHIBIT -> "prohibit " + p;
            case THROW -> "throw " + p;
        };
        return route + " table " + table + " proto " + protocol + (metric == null ? "" : " metric " + metric);
    }
}
