package dev.herald.interop.compare;

import dev.herald.interop.lab.Daemon;
import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.LabLink;
import java.nio.file.Path;

/**
 * herald with the set in one static prefix file and graceful restart on (restart time 120 s, the
 * default); the same state directory on every start makes each start after the first a restart
 * (R bit).
 */
final class HeraldGrSender implements GrSender {
    private final LabLink link;
    private final Path prefixes;
    private final Path state;
    private Herald herald;
    private int starts;

    HeraldGrSender(LabLink link, BulkSet set) {
        this.link = link;
        this.prefixes = link.logDir().resolve("prefixes.txt");
        this.state = link.logDir().resolve("herald-state");
        set.writeList(prefixes);
    }

    String yaml() {
        return """
                router:
                  asn: 65010
                  router-id: %s
                admin:
                  socket: %s
                peers:
                  - name: receiver
                    address: %s
                    asn: 65001
                    local-address: %s
                    families: [ipv4-unicast, ipv6-unicast]
                    next-hop: { ipv6: "%s" }
                    connect-retry: 1
                    graceful-restart: { restart-time: 120 }
                sources:
                  static:
                    - file: %s
                """.formatted(link.speakerV4().getHostAddress(), state.resolve("admin.sock").toAbsolutePath(), link.routerV4().getHostAddress(),
                link.speakerV4().getHostAddress(), IpPrefix.format(link.speakerV6()), prefixes.toAbsolutePath());
    }

    @Override
    public String version() {
        return CompareVersions.herald();
    }

    @Override
    public void start(boolean restart) {
        herald = link.own(Herald.start(link.speakerNs(), yaml(), link.logDir().resolve("herald-" + (++starts)), state));
    }

    @Override
    public Daemon process() {
        return herald == null ? null : herald.daemon();
    }
}
