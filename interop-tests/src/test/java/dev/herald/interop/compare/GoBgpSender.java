package dev.herald.interop.compare;

import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterKind;
import dev.herald.interop.lab.RouterRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GoBGP (3.36 from trixie, 4.8 from sid) as the sender: gobgpd with its sessions configured, the bulk set loaded into
 * its global RIB with {@code gobgp mrt inject global} from an MRT table dump (one streaming gRPC
 * call; the fastest way in without writing a gRPC client). Injected routes keep their next hop
 * (198.18.N.2, fd00:18:N::2) on eBGP sessions: GoBGP rewrites only next hops it learnt from peers.
 * {@link #close} stops gobgpd; the MRT file stays for the next run (removed with {@link #removeFile}).
 */
final class GoBgpSender extends RouterSender {
    private static final Pattern DESTINATIONS = Pattern.compile("Destination:\\s*(\\d+)");
    private final RouterRuntime runtime;
    private final String mrt;

    private GoBgpSender(String label, Router gobgp, RouterRuntime runtime, String mrt) {
        super(label, gobgp);
        this.runtime = runtime;
        this.mrt = mrt;
    }

    static GoBgpSender start(String label, RouterKind kind, BenchLan lan, List<Session> sessions, BulkRoutes routes, Path dir) {
        kind.require();
        RouterRuntime rt = kind.runtime();
        String mrt = mrtPath(lan);
        if (!rt.hostPath(mrt).toFile().exists()) {
            rt.mkdir("/run/herald-lab", null);
            routes.writeMrt(rt.hostPath(mrt), lan.senderV4(1), lan.senderV6());
        }
        Router r = startRouter(kind, lan, sessions, dir);
        return closeOnFailure(new GoBgpSender(label, r, rt, mrt), () -> {
            Exec.Result in = Exec.run(rt.client(lan.senderNs(), List.of("gobgp", "-u", "127.0.0.1", "-p", "50051", "mrt", "inject",
                    "global", mrt)), Duration.ofSeconds(900));
            if (!in.ok()) {
                throw new AssertionError("gobgp mrt inject failed: " + in.stderr() + in.stdout());
            }
        });
    }

    @Override
    public long loaded() {
        long total = 0;
        for (String af : List.of("ipv4", "ipv6")) {
            Matcher m = DESTINATIONS.matcher(router.cli("global rib summary -a " + af).stdout());
            total += m.find() ? Long.parseLong(m.group(1)) : 0;
        }
        return total;
    }

    @Override
    public Map<String, Long> processes() {
        return Map.of("gobgpd", router.daemonPids().getFirst());
    }

    private static String mrtPath(BenchLan lan) {
        return "/run/herald-lab/" + lan.senderNs().name() + "-bulk.mrt";
    }

    /** Removes the MRT file written for the scenario ({@code label}'s tree: each tree has its own /run). */
    static void removeFile(String label, BenchLan lan) {
        Senders.kind(label).runtime().deleteTree(mrtPath(lan));
    }

    @Override
    public String toString() {
        return super.toString() + " (" + runtime.label() + ", " + mrt + ")";
    }
}
