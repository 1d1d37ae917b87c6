package dev.herald.sources.ovn;

import dev.herald.codec.Prefix;
import dev.herald.sources.ovn.OvnAnnouncer.Context;
import dev.herald.sources.ovn.OvnAnnouncer.Verdict;
import dev.herald.sources.ovn.ovsdb.DbState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * {@link OvnAnnouncer#compute} kept up to date row by row: a change of Advertised_Route rows
 * re-judges only those rows and re-chooses only their prefixes, so one SB commit costs the same
 * with 100,000 rows as with ten. A change of anything the judgement depends on (Port_Binding,
 * Datapath_Binding, this Chassis) re-judges every row, as {@code compute} would.
 *
 * <p>Single-owner, like the copy it follows; the result equals {@code compute} on the same copy
 * (tested).
 */
final class OvnRouteTracker {
    private final String chassis;
    private final OvnSettings settings;
    private Context ctx;
    /** The SB schema version ctx was made for: another one may mean another OVN release's rules. */
    private String schemaVersion;
    private final Map<String, Verdict> verdicts = new HashMap<>();
    /** The rows offering each prefix (usually one). */
    private final Map<Prefix, List<String>> rowsByPrefix = new HashMap<>();
    private final Map<Prefix, OvnRoute> best = new HashMap<>();
    private final Map<String, String> problems = new TreeMap<>();
    private int notLocal;
    private int rows;

    OvnRouteTracker(String chassis, OvnSettings settings) {
        this.chassis = chassis;
        this.settings = settings;
    }

    /**
     * Follows {@code sb}, whose rows in {@code touched} (by table) changed since the last call.
     *
     * @return the prefixes whose chosen route was added, changed or removed
     */
    Set<Prefix> update(DbState sb, Map<String, Set<String>> touched) {
        Map<String, Map<String, JsonNode>> current = sb.rows(SbRequests.ADVERTISED_ROUTE);
        rows = current.size();
        Collection<String> again;
        boolean contextChanged = ctx == null || !sb.schema().version().equals(schemaVersion)
                || touched.keySet().stream().anyMatch(t -> !t.equals(SbRequests.ADVERTISED_ROUTE));
        if (contextChanged) {
            ctx = Context.of(sb, chassis, settings);
            schemaVersion = sb.schema().version();
            Set<String> all = new HashSet<>(verdicts.keySet());
            all.addAll(current.keySet());
            again = all;
        } else {
            again = touched.getOrDefault(SbRequests.ADVERTISED_ROUTE, Set.of());
        }
        Set<Prefix> affected = new HashSet<>();
        for (String uuid : again) {
            Verdict old = verdicts.remove(uuid);
            if (old != null) {
                forget(uuid, old, affected);
            }
            Map<String, JsonNode> row = current.get(uuid);
            if (row != null) {
                Verdict v = OvnAnnouncer.judge(uuid, row, ctx, settings);
                verdicts.put(uuid, v);
                remember(uuid, v, affected);
            }
        }
        Set<Prefix> changed = new HashSet<>();
        for (Prefix p : affected) {
            OvnRoute before = best.get(p);
            OvnRoute now = choose(p);
            if (!Objects.equals(before, now)) {
                changed.add(p);
            }
        }
        return changed;
    }

    private void remember(String uuid, Verdict v, Set<Prefix> affected) {
        if (v.problem() != null) {
            problems.put(uuid, v.problem());
        } else if (v.notLocal()) {
            notLocal++;
        } else if (v.route() != null) {
            Prefix p = v.route().prefix();
            rowsByPrefix.computeIfAbsent(p, k -> new ArrayList<>(1)).add(uuid);
            affected.add(p);
        }
    }

    private void forget(String uuid, Verdict v, Set<Prefix> affected) {
        if (v.problem() != null) {
            problems.remove(uuid);
        } else if (v.notLocal()) {
            notLocal--;
        } else if (v.route() != null) {
            Prefix p = v.route().prefix();
            List<String> l = rowsByPrefix.get(p);
            l.remove(uuid);
            if (l.isEmpty()) {
                rowsByPrefix.remove(p);
            }
            affected.add(p);
        }
    }

    /** Chooses among the rows offering {@code p} as {@code compute} does; records and returns the choice. */
    private OvnRoute choose(Prefix p) {
        List<String> offers = rowsByPrefix.get(p);
        OvnRoute chosen = null;
        boolean chosenLocal = false;
        if (offers != null) {
            for (String uuid : offers) {
                Verdict v = verdicts.get(uuid);
                if (chosen == null || OvnAnnouncer.better(v.route(), v.portLocal(), chosen, chosenLocal)) {
                    chosen = v.route();
                    chosenLocal = v.portLocal();
                }
            }
        }
        if (chosen == null) {
            best.remove(p);
        } else {
            best.put(p, chosen);
        }
        return chosen;
    }

    /** The chosen route of {@code p}, or null. */
    OvnRoute route(Prefix p) {
        return best.get(p);
    }

    /** The chosen routes, by prefix, in no order (a live view: on the owner's thread only). */
    Map<Prefix, OvnRoute> routes() {
        return Collections.unmodifiableMap(best);
    }

    /** Rows that could not be used, with why. */
    Collection<String> problems() {
        return Collections.unmodifiableCollection(problems.values());
    }

    /** As {@link OvnAnnouncer#compute} would say it now (a copy). */
    OvnAnnouncer.Announcement announcement() {
        return new OvnAnnouncer.Announcement(Collections.unmodifiableMap(new TreeMap<>(best)), List.copyOf(problems.values()),
                rows, notLocal, ctx == null ? null : ctx.chassisUuid(), notes());
    }

    /** Why some routes go without a next hop hint (see {@link DatapathFacts}). */
    List<String> notes() {
        return ctx == null ? List.of() : ctx.notes();
    }

    int rows() {
        return rows;
    }

    int notLocal() {
        return notLocal;
    }

    String chassisUuid() {
        return ctx == null ? null : ctx.chassisUuid();
    }
}
