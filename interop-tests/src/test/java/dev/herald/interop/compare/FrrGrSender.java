package dev.herald.interop.compare;

import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.Daemon;
import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.LabLink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * FRR 10.3 (trixie): the set as blackhole routes of the speaker namespace's kernel table, which
 * zebra reads and bgpd announces with {@code redistribute kernel}; {@code bgp graceful-restart}
 * with {@code preserve-fw-state}. Only bgpd is killed and restarted, with {@code -K} (FRR's
 * graceful-restart start: the R bit, and it defers its updates until the receiver's End-of-RIB);
 * mgmtd and zebra keep running, as under {@code systemctl restart} of bgpd alone in a crash.
 */
final class FrrGrSender extends TrixieGrSender {
    private static final String FRR = "frr";
    private final String stateDir;
    /** mgmtd and zebra, which run on across bgpd's restarts. */
    private final List<Daemon> daemons = new ArrayList<>();

    FrrGrSender(LabLink link, BulkSet set) {
        super(link);
        String ns = link.speakerNs().name();
        this.stateDir = "/run/frr/" + ns;
        Path batch = link.logDir().resolve("routes.batch");
        set.writeIpBatch(batch);
        long t = System.nanoTime();
        Exec.run(List.of("ip", "-n", ns, "-batch", batch.toString()), Duration.ofMinutes(10)).check();
        System.err.printf(java.util.Locale.ROOT, "[bench] %d kernel routes added in %s in %.1f s%n", set.total(), ns,
                (System.nanoTime() - t) / 1e9);
        try {
            Files.deleteIfExists(batch);
        } catch (java.io.IOException ignored) {
            // only disk space
        }
        runtime.mkdir(runDir, FRR);
        runtime.mkdir(stateDir, FRR);
        runtime.write(runDir + "/bgpd.conf", config(), FRR);
        runtime.write(runDir + "/zebra.conf", "hostname " + ns + "\n", FRR);
        daemons.add(daemon("mgmtd", frr("mgmtd")));
        awaitFile(stateDir + "/mgmtd.vty");
        daemons.add(daemon("zebra", frr("zebra", "-f", runDir + "/zebra.conf")));
        awaitFile(stateDir + "/zserv.api");
    }

    private String config() {
        String me = link.speakerV4().getHostAddress();
        String peer = link.routerV4().getHostAddress();
        return """
                frr defaults datacenter
                hostname %s
                !
                router bgp 65010
                 bgp router-id %s
                 no bgp ebgp-requires-policy
                 no bgp default ipv4-unicast
                 bgp log-neighbor-changes
                 bgp graceful-restart
                 bgp graceful-restart preserve-fw-state
                 neighbor %s remote-as 65001
                 neighbor %s update-source %s
                 neighbor %s timers connect 1
                 address-family ipv4 unicast
                  redistribute kernel
                  neighbor %s activate
                 exit-address-family
                 address-family ipv6 unicast
                  redistribute kernel
                  neighbor %s activate
                 exit-address-family
                !
                """.formatted(link.speakerNs().name(), me, peer, peer, me, peer, peer, peer);
    }

    @Override
    public String version() {
        Exec.Result r = Exec.run(runtime.plain(List.of("/usr/lib/frr/bgpd", "--version")));
        return r.stdout().lines().findFirst().orElse("").trim().replaceFirst("^bgpd version\\s*", "");
    }

    @Override
    public void start(boolean restart) {
        List<String> cmd = restart ? frr("bgpd", "-f", runDir + "/bgpd.conf", "-K") : frr("bgpd", "-f", runDir + "/bgpd.conf");
        bgp = daemon("bgpd-" + nextStart(), cmd);
    }

    /** zebra, then mgmtd: the reverse of their start. */
    @Override
    void stopRest() {
        for (int i = daemons.size() - 1; i >= 0; i--) {
            daemons.get(i).stop(Duration.ofSeconds(20));
        }
        runtime.deleteTree(stateDir);
    }

    private Daemon daemon(String name, List<String> cmd) {
        return Daemon.start("sender FRR " + name + "@" + link.speakerNs().name(), runtime.daemon(link.speakerNs(), cmd),
                link.logDir().resolve("sender-" + name + ".log"));
    }

    private void awaitFile(String routerPath) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(runtime.hostPath(routerPath))) {
            for (Daemon d : daemons) {
                d.checkAlive();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("FRR sender: " + routerPath + " never appeared");
            }
            Lab.sleep(100);
        }
    }

    /** {@code /usr/lib/frr/DAEMON -N NS --log stdout} and then {@code args}: the speaker namespace's own FRR pathspace. */
    private List<String> frr(String daemon, String... args) {
        List<String> cmd = new ArrayList<>(List.of("/usr/lib/frr/" + daemon, "-N", link.speakerNs().name(), "--log", "stdout"));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
