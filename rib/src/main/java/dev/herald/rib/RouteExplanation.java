package dev.herald.rib;

import dev.herald.codec.Prefix;
import java.util.List;
import java.util.Optional;

/**
 * Why a prefix is or is not announced, as {@code herald routes --explain} shows it.
 *
 * @param prefix the prefix asked about
 * @param winner the candidate whose facts are exported (empty: no source offers the prefix)
 * @param losers the other candidates, best first; the first takes over if the winner goes away
 * @param peers  per configured or Established peer: sent, or why not
 */
public record RouteExplanation(Prefix prefix, Optional<RouteFacts> winner, List<RouteFacts> losers,
                               List<PeerVerdict> peers) {
    public RouteExplanation {
        losers = List.copyOf(losers);
        peers = List.copyOf(peers);
    }

    /**
     * One peer's answer.
     *
     * @param peer          the peer's name
     * @param verdict       sent, or the kind of reason
     * @param reason        readable detail ("denied by rule 2", "outside the allow-list", ...); when sent, the
     *                      health checks degrading it ("degraded by health check web (down since ...)"), else empty
     * @param advertisement what the peer holds (next hop and attributes) when sent
     * @param updateGroup   the peer's update group id, or -1 when the session is down
     */
    public record PeerVerdict(String peer, Verdict verdict, String reason, Optional<Advertisement> advertisement,
                              int updateGroup) {
    }
}
