package dev.herald.bgpd.admin;

import dev.herald.bfd.io.TransportStatus;
import dev.herald.bgpd.daemon.Daemon;
import dev.herald.bgpd.daemon.PeerView;
import dev.herald.bgpd.daemon.SourceActivity;
import dev.herald.codec.Family;
import dev.herald.config.PeerConfig;
import dev.herald.rib.UpdateGroupStatus;
import dev.herald.sources.RouteSource;
import dev.herald.sources.SourceHealth;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;

/**
 * One read of the daemon's live state, taken when a scrape starts: the meters of that scrape all
 * read from it, so they agree with one another and the RIB thread and the peers' event loops are
 * asked once per scrape, not once per series. Nothing is kept between scrapes but the last read.
 *
 * @param peers       every configured peer, in config order
 * @param configured  each peer's configured families (its info series and the families its
 *                    prefix counts are shown for, also while it is down)
 * @param groups      the update groups
 * @param ribPrefixes prefixes in the RIB's origin table
 * @param bySource    prefixes each source offers in the RIB
 * @param health      each running source's health
 * @param activity    each source's deliveries and sync lag
 * @param bfd         BFD's transport counters; empty while no peer has bfd enabled
 * @param drained     the peers drained now ({@code herald drain})
 * @param checks      each health check's status, in configuration order
 */
record Reading(List<PeerView> peers, Map<String, SequencedSet<Family>> configured, List<UpdateGroupStatus> groups,
               int ribPrefixes, Map<String, Integer> bySource, Map<String, SourceHealth> health,
               Map<String, SourceActivity.Snapshot> activity, Optional<TransportStatus> bfd,
               java.util.Set<String> drained, Map<String, dev.herald.sources.health.CheckStatus> checks) {
    static final Reading EMPTY = new Reading(List.of(), Map.of(), List.of(), 0, Map.of(), Map.of(), Map.of(),
            Optional.empty(), java.util.Set.of(), Map.of());

    static Reading of(Daemon daemon) throws InterruptedException {
        Map<String, SequencedSet<Family>> configured = new HashMap<>();
        for (PeerConfig p : daemon.config().peers()) {
            configured.put(p.name(), p.families());
        }
        Map<String, SourceHealth> health = new LinkedHashMap<>();
        for (RouteSource s : daemon.sources()) {
            health.put(s.name(), s.health());
        }
        java.util.Set<String> drained = new java.util.HashSet<>();
        configured.keySet().forEach(n -> daemon.drains().drained(n).ifPresent(d -> drained.add(n)));
        return new Reading(daemon.peers(), configured, daemon.rib().updateGroups(), daemon.rib().size(),
                daemon.rib().prefixesBySource(), health, daemon.sourceActivity(), daemon.bfdStatus(), drained,
                daemon.healthChecks());
    }
}
