package dev.herald.bgpd.admin;

import dev.herald.sources.health.CheckResult.Outcome;
import dev.herald.sources.health.CheckStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code health_checks} list of {@code /v1/status} (docs/cli.md): each check as the runner sees it now. */
final class HealthJson {
    private HealthJson() {
    }

    static List<Object> of(Map<String, CheckStatus> checks) {
        List<Object> out = new ArrayList<>();
        for (CheckStatus c : checks.values()) {
            Map<String, Object> o = Json.object();
            o.put("name", c.name());
            o.put("state", c.state().state().name().toLowerCase(Locale.ROOT));
            o.put("since", c.state().since().toString());
            o.put("transitions", c.state().transitions());
            o.put("routes", c.state().announcement().name().toLowerCase(Locale.ROOT)); // normal, withdrawn, degraded
            o.put("last_result", c.lastResult().map(r -> {
                Map<String, Object> l = Json.object();
                l.put("outcome", name(r.outcome()));
                l.put("at", r.at().toString());
                l.put("detail", c.lastDetail());
                l.put("duration_seconds", c.lastDuration().toNanos() / 1e9);
                return l;
            }).orElse(null));
            Map<String, Object> results = Json.object();
            for (Outcome oc : Outcome.values()) {
                results.put(name(oc), c.counts().getOrDefault(oc, 0L));
            }
            o.put("results", results);
            out.add(o);
        }
        return out;
    }

    /** One entry of a peer's {@code health_holds} (docs/admin-api.md): a Down check and its routes there. */
    static Map<String, Object> hold(dev.herald.rib.HealthHold h) {
        Map<String, Object> o = Json.object();
        o.put("check", h.check());
        o.put("routes", h.announcement().name().toLowerCase(Locale.ROOT)); // withdrawn or degraded, as in status
        o.put("since", h.since().toString());
        o.put("prefixes", h.routes());
        return o;
    }

    private static String name(Outcome o) {
        return o.name().toLowerCase(Locale.ROOT);
    }
}
