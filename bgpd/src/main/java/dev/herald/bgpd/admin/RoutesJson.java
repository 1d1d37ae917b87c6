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
        Map<String, Object> o = Json.object();
        o.put("peer", peer);
        o.put("prefix", e.prefix().toString());
        o.put("family", e.advertisement().family().configName());
        o.put("next_hop", e.advertisement().nextHopText());
        o.put("attributes", AttributeText.of(e.advertisement().attributes()));
        o.put("source", e.source());
        return o;
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
            Map<String, Object> p = Json.object();
            p.put("peer", v.peer());
            p.put("verdict", v.verdict().name().toLowerCase(Locale.ROOT));
            p.put("reason", v.reason().isEmpty() ? null : v.reason());
            p.put("next_hop", v.advertisement().map(a -> a.nextHopText()).orElse(null));
            p.put("attributes", v.advertisement().map(a -> AttributeText.of(a.attributes())).orElse(null));
            p.put("update_group", v.updateGroup() < 0 ? null : v.updateGroup());
            peers.add(p);
        }
        o.put("peers", peers);
        return o;
    }

    static Map<String, Object> facts(RouteFacts f) {
        Map<String, Object> o = Json.object();
        o.put("source", f.source());
        o.put("origin", f.origin());
        o.put("priority", f.priority());
        o.put("next_hop_ipv4", f.nextHopIpv4().map(InetAddresses::toText).orElse(null));
        o.put("next_hop_ipv6", f.nextHopIpv6().map(InetAddresses::toText).orElse(null));
        o.put("med", f.med().isPresent() ? f.med().getAsLong() : null);
        o.put("tags", f.tags());
        return o;
    }
}
