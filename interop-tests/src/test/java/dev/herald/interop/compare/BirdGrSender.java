package dev.herald.interop.compare;

import dev.herald.interop.lab.Daemon;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.LabLink;
import java.util.ArrayList;
import java.util.List;

/**
 * BIRD 2.17 (trixie) holding the set in two static protocols (blackhole routes, from included
 * files) and exporting them over one BGP session with {@code graceful restart on}; restarted with
 * {@code bird -R} (graceful restart mode: the R bit, and it holds its exports back until its own
 * neighbours' End-of-RIB).
 */
final class BirdGrSender extends TrixieGrSender {
    BirdGrSender(LabLink link, BulkSet set) {
        super(link);
        runtime.mkdir(runDir, null);
        set.writeBirdStatic(runtime.hostPath(runDir + "/static4.conf"), runtime.hostPath(runDir + "/static6.conf"));
        runtime.write(runDir + "/bird.conf", config(), null);
    }

    private String config() {
        return """
                log stderr all;
                router id %s;
                protocol device { scan time 10; }
                protocol static bulk4 { ipv4;
                include "%s/static4.conf";
                }
                protocol static bulk6 { ipv6;
                include "%s/static6.conf";
                }
                protocol bgp receiver {
                  local %s as 65010;
                  neighbor %s as 65001;
                  connect delay time 1;
                  connect retry time 1;
                  error wait time 1, 5;
                  graceful restart on;
                  ipv4 { import none; export all; next hop self; };
                  ipv6 { import none; export all; next hop address %s; };
                }
                """.formatted(link.speakerV4().getHostAddress(), runDir, runDir, link.speakerV4().getHostAddress(),
                link.routerV4().getHostAddress(), IpPrefix.format(link.speakerV6()));
    }

    @Override
    public String version() {
        return CompareVersions.bird(runtime);
    }

    @Override
    public void start(boolean restart) {
        List<String> cmd = new ArrayList<>(List.of("/usr/sbin/bird", "-f", "-c", runDir + "/bird.conf", "-s", runDir + "/bird.ctl"));
        if (restart) {
            cmd.add("-R");
        }
        bgp = link.own(Daemon.start("sender BIRD@" + link.speakerNs().name(), runtime.daemon(link.speakerNs(), cmd),
                link.logDir().resolve("sender-bird-" + nextStart() + ".log")));
    }
}
