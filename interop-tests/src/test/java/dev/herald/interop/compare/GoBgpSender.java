package dev.herald.interop.compare;

import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import dev.herald.interop.lab.RouterRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GoBGP 3.36 (trixie) as the sender: gobgpd with its sessions configured, the bulk set loaded into
 * its global RIB with {@code gobgp mrt inject global} from an MRT table dump (one streaming gRPC
 * call; the fastest way in without writing a gRPC client). Injected routes keep their next hop
 * (198.18.N.2, fd00:18:N::2) on eBGP sessions: GoBGP rewrites only next hops it learnt from peers.
 */
final class GoBgpSender implements Sender {
    private static final Pattern DESTINATIONS = Pattern.compile("Destination:\\s*(\\d+)");
    private final Router gobgp;
    private final RouterRuntime runtime;
    private final String mrt;

    private GoBgpSender(Router gobgp, RouterRuntime runtime, String mrt) {
        this.gobgp = gobgp;
        this.runtime = runtime;
        this.mrt = mrt;
    }

    static GoBgpSender start(BenchLan lan, List<Session> sessions, BulkRoutes routes, Path dir) {
        RouterKind.GOBGP_TRIXIE.require();
        RouterRuntime rt = RouterKind.GOBGP_TRIXIE.runtime();
        String mrt = "/run/herald-lab/" + lan.senderNs().name() + "-bulk.mrt";
        if (!rt.hostPath(mrt).toFile().exists()) {
            rt.mkdir("/run/herald-lab", null);
            routes.writeMrt(rt.hostPath(mrt), lan.senderV4(1), lan.senderV6());
        }
        List<RouterConfig.Neighbor> neighbors = sessions.stream().map(s -> new RouterConfig.Neighbor(s.remote(), 65001, s.local(),
                Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST), RouterConfig.Options.NONE.withHoldTime(Bench.HOLD_TIME))).toList();
        Router r = RouterKind.GOBGP_TRIXIE.start(lan.senderNs(), new RouterConfig(65010, lan.senderV4(1), neighbors), dir);
        GoBgpSender s = new GoBgpSender(r, rt, mrt);
        try {
            Exec.Result in = Exec.run(rt.client(lan.senderNs(), List.of("gobgp", "-u", "127.0.0.1", "-p", "50051", "mrt", "inject",
                    "global", mrt)), Duration.ofSeconds(900));
            if (!in.ok()) {
                throw new AssertionError("gobgp mrt inject failed: " + in.stderr() + in.stdout());
            }
            return s;
        } catch (RuntimeException | AssertionError e) {
            s.close();
            throw e;
        }
    }

    @Override
    public String impl() {
        return "GoBGP";
    }

    @Override
    public String version() {
        return CompareVersions.release(gobgp);
    }

    @Override
    public long loaded() {
        long total = 0;
        for (String af : List.of("ipv4", "ipv6")) {
            Matcher m = DESTINATIONS.matcher(gobgp.cli("global rib summary -a " + af).stdout());
            total += m.find() ? Long.parseLong(m.group(1)) : 0;
        }
        return total;
    }

    @Override
    public void checkAlive() {
        gobgp.checkAlive();
    }

    @Override
    public Map<String, Long> processes() {
        return Map.of("gobgpd", gobgp.daemonPids().getFirst());
    }

    /** Stops gobgpd; the MRT file stays for the next run (removed with {@link #removeFile}). */
    @Override
    public void close() {
        gobgp.close();
    }

    /** Removes the MRT file written for the scenario. */
    static void removeFile(BenchLan lan) {
        RouterKind.GOBGP_TRIXIE.runtime().deleteTree("/run/herald-lab/" + lan.senderNs().name() + "-bulk.mrt");
    }

    @Override
    public String toString() {
        return "GoBGP sender " + gobgp + " (" + runtime.label() + ", " + mrt + ")";
    }
}
