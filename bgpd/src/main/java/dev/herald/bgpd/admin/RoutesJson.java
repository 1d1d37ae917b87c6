package dev.herald.bgpd.admin;

import dev.herald.codec.InetAddresses;
import dev.herald.rib.AdjRibOutEntry;
import dev.herald.rib.AttributeText;
import dev.herald.rib.RouteExplanation;
import dev.herald.rib.RouteFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The RIB's Adj-RIB-Out entries and route explanations as the admin API's JSON. */
final class RoutesJson {
    private RoutesJson() {
    }

    static Map<String, Object> entry(String peer, AdjRibOutEntry e) {
        return Json.object("peer", peer, "prefix", e.prefix().toString(), "family", e.advertisement().family().configName(),
                "next_hop", e.advertisement().nextHopText(), "attributes", AttributeText.of(e.advertisement().attributes()),
                "source", e.source());
    }

    static Map<String, Object> explanation(RouteExplanation x) {
        Map<String, Object> o = Json.object();
        o.put("prefix", x.prefix().toString());
        o.put("offered", x.winner().isPresent());
        o.put("winner", x.winner().map(RoutesJson::facts).orElse(null));
        List<Object> losers = new ArrayList<>();
        x.losers().forEach(f -> losers.add(facts(f)));
        o.put("losers", losers);
        List<Object> peers = new ArrayList<>();
        for (RouteExplanation.PeerVerdict v : x.peers()) {
            Map<String, Object> p = Json.object("peer", v.peer(), "verdict", v.verdict().name().toLowerCase(Locale.ROOT),
                    "reason", v.reason().isEmpty() ? null : v.reason(),
                    "next_hop", v.advertisement().map(a -> a.nextHopText()).orElse(null),
                    "attributes", v.advertisement().map(a -> AttributeText.of(a.attributes())).orElse(null),
                    "update_group", v.updateGroup() < 0 ? null : v.updateGroup());
            peers.add(p);
        }
        o.put("peers", peers);
        return o;
    }

    static Map<String, Object> facts(RouteFacts f) {
        return Json.object("source", f.source(), "origin", f.origin(), "priority", f.priority(),
                "next_hop_ipv4", f.nextHopIpv4().map(InetAddresses::toText).orElse(null),
                "next_hop_ipv6", f.nextHopIpv6().map(InetAddresses::toText).orElse(null),
                "med", f.med().isPresent() ? f.med().getAsLong() : null, "tags", f.tags());
    }
}
