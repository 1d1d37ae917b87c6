package dev.herald.interop.compare;

import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.Daemon;
import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.LabLink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * GoBGP 3.36 (trixie): graceful restart enabled for the neighbour and both families; routes
 * loaded from an MRT file with {@code gobgp mrt inject global} while the neighbour is still
 * administratively down (so the receiver gets the whole set before GoBGP's End-of-RIB), then the
 * neighbour is enabled. Restarted with {@code gobgpd -r} (the R bit); GoBGP keeps no routes across
 * a restart, so the inject is part of every start.
 */
final class GoBgpGrSender extends TrixieGrSender {
    private static final String API = "127.0.0.1";
    private static final String PORT = "50051";
    private final BulkSet set;

    GoBgpGrSender(LabLink link, BulkSet set) {
        super(link);
        this.set = set;
        runtime.mkdir(runDir, null);
        Path mrt = runtime.hostPath(runDir + "/bulk.mrt");
        set.writeMrt(mrt, link.speakerV4(), link.speakerV6(), 20_000);
        runtime.write(runDir + "/gobgpd.toml", config(), null);
    }

    private String config() {
        StringBuilder sb = new StringBuilder("""
                [global.config]
                  as = 65010
                  router-id = "%s"
                [[neighbors]]
                  [neighbors.config]
                    neighbor-address = "%s"
                    peer-as = 65001
                    admin-down = true
                  [neighbors.timers.config]
                    connect-retry = 1
                    idle-hold-time-after-reset = 1
                  [neighbors.transport.config]
                    local-address = "%s"
                  [neighbors.graceful-restart.config]
                    enabled = true
                    restart-time = 120
                """.formatted(link.speakerV4().getHostAddress(), link.routerV4().getHostAddress(), link.speakerV4().getHostAddress()));
        for (String f : List.of("ipv4-unicast", "ipv6-unicast")) {
            sb.append("""
                      [[neighbors.afi-safis]]
                        [neighbors.afi-safis.config]
                          afi-safi-name = "%s"
                        [neighbors.afi-safis.mp-graceful-restart.config]
                          enabled = true
                    """.formatted(f));
        }
        return sb.toString();
    }

    @Override
    public String version() {
        Exec.Result r = Exec.run(runtime.plain(List.of("/usr/bin/gobgpd", "--version")));
        return (r.stdout() + r.stderr()).trim().replaceFirst("^gobgpd version\\s*", "");
    }

    @Override
    public void start(boolean restart) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/gobgpd", "-f", runDir + "/gobgpd.toml", "--api-hosts=" + API + ":" + PORT,
                "--pprof-disable", "--log-plain", "--log-level=info"));
        if (restart) {
            cmd.add("-r");
        }
        bgp = Daemon.start("sender gobgpd@" + link.speakerNs().name(), runtime.daemon(link.speakerNs(), cmd),
                link.logDir().resolve("sender-gobgpd-" + nextStart() + ".log"));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!gobgp(Duration.ofSeconds(10), "neighbor").ok()) {
            bgp.checkAlive();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gobgpd does not answer its API:\n" + bgp.tail(20));
            }
            Lab.sleep(50);
        }
        // gobgp 3.36's inject returns without closing its gRPC stream, so the paths still in flight
        // when it exits are lost: the file ends with repeats of early prefixes (harmless re-adds),
        // and the RIB is checked; a short one gets the file once more.
        for (int pass = 1; ; pass++) {
            gobgp(Duration.ofMinutes(10), "mrt", "inject", "global", runDir + "/bulk.mrt").check();
            long v4 = ribSize("ipv4");
            long v6 = ribSize("ipv6");
            if (v4 == set.v4() && v6 == set.v6()) {
                break;
            }
            if (pass == 3) {
                throw new AssertionError("gobgp mrt inject left " + v4 + " IPv4 and " + v6 + " IPv6 routes of " + set.label());
            }
        }
        gobgp(Duration.ofSeconds(30), "neighbor", link.routerV4().getHostAddress(), "enable").check();
    }

    private long ribSize(String family) {
        String out = gobgp(Duration.ofSeconds(60), "global", "rib", "summary", "-a", family).check().stdout();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Destination: (\\d+)").matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private Exec.Result gobgp(Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>(List.of("gobgp", "-u", API, "-p", PORT));
        cmd.addAll(List.of(args));
        return Exec.run(runtime.client(link.speakerNs(), cmd), timeout);
    }
}
