package dev.herald.bgpd.systemd;

import dev.herald.bgpd.daemon.PeerView;
import java.util.List;

/** The one-line STATUS= that {@code systemctl status herald} shows. */
final class StatusLine {
    private StatusLine() {
    }

    /** For example "3/4 peers established, 1234 prefixes (sources: static, kernel)". */
    static String of(List<PeerView> peers, int prefixes, List<String> sources) {
        long up = peers.stream().filter(p -> "Established".equals(p.state())).count();
        StringBuilder sb = new StringBuilder();
        sb.append(up).append('/').append(peers.size()).append(" peers")
                .append(" established, ").append(prefixes).append(prefixes == 1 ? " prefix" : " prefixes");
        if (!sources.isEmpty()) {
            sb.append(" (sources: ").append(String.join(", ", sources)).append(')');
        }
        return sb.toString();
    }
}
