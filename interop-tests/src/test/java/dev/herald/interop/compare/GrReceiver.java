package dev.herald.interop.compare;

import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.Daemon;
import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.RouterRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The graceful-restart scenario's receiver: BIRD 2.17 (trixie) on the link's router side, AS 65001,
 * one BGP protocol {@code sender} toward the speaker side (AS 65010), IPv4 and IPv6 import all,
 * {@code graceful restart on} (it helps a restarting neighbour: keeps its routes as stale until its
 * End-of-RIB, then flushes what was not refreshed). It logs protocol events with epoch-millisecond
 * times, so the moment it has End-of-RIB for both families ("Neighbor graceful restart done") is
 * read from its log.
 */
final class GrReceiver implements AutoCloseable {
    private static final Pattern DONE = Pattern.compile("^(\\d+)\\.(\\d{3}) <TRACE> sender: Neighbor graceful restart done", Pattern.MULTILINE);

    private static final Pattern END_OF_HELP =
            Pattern.compile("^(\\d+)\\.(\\d{3}) <(?:RMT|TRACE)> sender: (Received: .*|Neighbor graceful restart timeout)$");

    private final RouterRuntime runtime = RouterRuntime.trixie();
    private final LabLink link;
    private final String runDir;
    private Daemon bird;

    private GrReceiver(LabLink link) {
        this.link = link;
        this.runDir = "/run/herald-lab/" + link.routerNs().name();
    }

    static GrReceiver start(LabLink link) {
        GrReceiver r = link.own(new GrReceiver(link));
        r.run();
        return r;
    }

    static String config(LabLink link) {
        return """
                log stderr all;
                timeformat log "%%s.%%3f";
                router id %s;
                protocol device { scan time 10; }
                protocol bgp sender {
                  local %s as 65001;
                  neighbor %s as 65010;
                  connect delay time 1;
                  connect retry time 1;
                  error wait time 1, 5;
                  graceful restart on;
                  debug { states, events };
                  ipv4 { import all; export none; };
                  ipv6 { import all; export none; };
                }
                """.formatted(link.routerV4().getHostAddress(), link.routerV4().getHostAddress(), link.speakerV4().getHostAddress());
    }

    private void run() {
        runtime.mkdir(runDir, null);
        String conf = runDir + "/bird.conf";
        runtime.write(conf, config(link), null);
        bird = Daemon.start("receiver BIRD@" + link.routerNs().name(), runtime.daemon(link.routerNs(),
                List.of("/usr/sbin/bird", "-f", "-c", conf, "-s", runDir + "/bird.ctl")), link.logDir().resolve("receiver-bird.log"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!birdc("show status").ok()) {
            bird.checkAlive();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("receiver BIRD does not answer birdc:\n" + bird.tail(20));
            }
            Lab.sleep(100);
        }
    }

    String version() {
        return CompareVersions.bird(runtime);
    }

    private Exec.Result birdc(String command) {
        return Exec.run(runtime.client(link.routerNs(), List.of("birdc", "-s", runDir + "/bird.ctl", command)));
    }

    /** The BGP protocol's state, stale-route help and counters now. */
    BirdPeerStats stats() {
        bird.checkAlive();
        return BirdPeerStats.parse(birdc("show protocols all sender").check().stdout());
    }

    String dump() {
        return birdc("show protocols all sender").stdout();
    }

    /** Epoch milliseconds of the first "Neighbor graceful restart done" logged at or after {@code sinceMillis}. */
    OptionalLong restartDoneAt(long sinceMillis) {
        String log;
        try {
            log = Files.readString(bird.log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher m = DONE.matcher(log);
        while (m.find()) {
            long t = Long.parseLong(m.group(1)) * 1000 + Long.parseLong(m.group(2));
            if (t >= sinceMillis) {
                return OptionalLong.of(t);
            }
        }
        return OptionalLong.empty();
    }

    /**
     * Why the receiver stopped helping, from its log at or after {@code sinceMillis}: the last
     * NOTIFICATION from the neighbour ("Received: ...") or the restart time running out.
     */
    String lastRemoteEventSince(long sinceMillis) {
        String last = "no NOTIFICATION or restart timeout logged";
        try {
            for (String line : Files.readAllLines(bird.log())) {
                Matcher m = END_OF_HELP.matcher(line);
                if (m.matches() && Long.parseLong(m.group(1)) * 1000 + Long.parseLong(m.group(2)) >= sinceMillis) {
                    last = "the receiver logged '" + m.group(3) + "'";
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return last;
    }

    Path log() {
        return bird.log();
    }

    @Override
    public void close() {
        if (bird != null) {
            bird.stop(Duration.ofSeconds(20));
        }
        runtime.deleteTree(runDir);
    }

    @Override
    public String toString() {
        return "receiver BIRD on " + link + " (" + IpPrefix.format(link.routerV4()) + ")";
    }
}
