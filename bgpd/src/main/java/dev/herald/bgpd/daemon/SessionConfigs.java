package dev.herald.bgpd.daemon;

import dev.herald.config.PeerConfig;
import dev.herald.config.RouterConfig;
import dev.herald.fsm.SessionConfig;
import java.time.Duration;

/** A peer's config as the session layer takes it. */
final class SessionConfigs {
    private SessionConfigs() {
    }

    static SessionConfig of(PeerConfig p, RouterConfig router, boolean restarted) {
        int[] ttl = SessionConfig.ttlPolicy(router.asn() == p.asn(), p.ebgpMultihop(), p.ttlSecurity());
        return SessionConfig.builder()
                .peerName(p.name())
                .remoteAddress(p.address())
                .remotePort(p.port())
                .localAddress(p.localAddress().orElse(null))
                .localAsn(router.asn())
                .remoteAsn(p.asn())
                .routerId(router.routerId())
                .holdTime(p.holdTime())
                .families(p.families())
                .passive(p.passive())
                .connectRetryTime(Duration.ofSeconds(p.connectRetry()))
                .connectRetryMaxTime(Duration.ofSeconds(p.connectRetryMax()))
                .gracefulRestartTime(p.gracefulRestartTime())
                .sendHoldTime(Duration.ofSeconds(p.sendHoldTime()))
                .tcpMd5Key(p.password().map(dev.herald.config.Secret::bytes).orElse(null))
                .ttl(ttl[0])
                .minTtl(ttl[1])
                .restarted(restarted)
                .openHoldTime(Duration.ofSeconds(p.openHoldTime()))
                .interfaceName(p.interfaceName().orElse(null))
                .longLivedStaleTime(p.gracefulRestartTime() >= 0 ? p.longLivedStaleTime() : -1)
                .extendedMessage(p.extendedMessage())
                .build();
    }

    /** For the peer's log line: what is on, never the password itself. */
    static String describe(PeerConfig p) {
        StringBuilder sb = new StringBuilder();
        p.password().ifPresent(s -> sb.append(", TCP-MD5 (").append(s.origin()).append(')'));
        if (p.ttlSecurity() > 0) {
            sb.append(", GTSM ").append(p.ttlSecurity()).append(" hop(s)");
        }
        if (p.ebgpMultihop() > 0) {
            sb.append(", eBGP multihop TTL ").append(p.ebgpMultihop());
        }
        sb.append(p.gracefulRestartTime() < 0 ? ", no graceful restart"
                : ", graceful restart " + p.gracefulRestartTime() + " s");
        if (p.gracefulRestartTime() >= 0 && p.longLivedStaleTime() >= 0) {
            sb.append(", long-lived graceful restart ").append(p.longLivedStaleTime()).append(" s");
        }
        if (!p.extendedMessage()) {
            sb.append(", no extended messages");
        }
        return sb.toString();
    }
}
