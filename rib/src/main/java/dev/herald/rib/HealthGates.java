package dev.herald.rib;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The health-check overlay on every peer's export (ADR 0019): each gate ties a check to the routes a
 * selector matches, and carries the announcement the check's state asks for now. A value, like
 * {@link Drain}: a check's transition is a new value, and the RIB moves its peers as for a policy
 * change, so only the difference is sent, coalesced, also mid-table.
 *
 * @param gates in configuration order; a route held by several gates: any withdrawing one refuses it,
 *              else every degrading one adds its attributes
 */
public record HealthGates(List<Gate> gates) {
    /** No health checks. */
    public static final HealthGates NONE = new HealthGates(List.of());

    /** What a gate's routes are announced with now. */
    public enum Announcement { NORMAL, WITHDRAWN, DEGRADED }

    /**
     * One check attached to routes.
     *
     * @param check        the check's name
     * @param selector     the routes it holds (sources, prefixes, tags: as an export rule's match)
     * @param onFailure    what the routes get while the check is Down
     * @param announcement now: normal, or what {@code onFailure} gives
     * @param since        when the announcement last changed (shown to operators)
     */
    public record Gate(String check, RouteMatch selector, OnFailure onFailure, Announcement announcement,
                       Instant since) {
        public Gate {
            Objects.requireNonNull(check, "check");
            Objects.requireNonNull(selector, "selector");
            Objects.requireNonNull(onFailure, "onFailure");
            Objects.requireNonNull(announcement, "announcement");
            Objects.requireNonNull(since, "since");
            // A check's announcement comes from its own on-failure: anything else is a caller's mistake.
            if (announcement == Announcement.WITHDRAWN && !(onFailure instanceof OnFailure.Withdraw)
                    || announcement == Announcement.DEGRADED && !(onFailure instanceof OnFailure.Degrade)) {
                throw new IllegalArgumentException("gate of check " + check + ": " + announcement + " does not fit "
                        + onFailure);
            }
        }

        /** A gate whose check lets its routes through (start-up up, or Up). */
        public static Gate normal(String check, RouteMatch selector, OnFailure onFailure, Instant since) {
            return new Gate(check, selector, onFailure, Announcement.NORMAL, since);
        }

        /** The announcement {@code onFailure} gives while the check is Down. */
        public Announcement whenDown() {
            return onFailure instanceof OnFailure.Withdraw ? Announcement.WITHDRAWN : Announcement.DEGRADED;
        }
    }

    public HealthGates {
        gates = List.copyOf(gates);
    }

    /**
     * Every gate of {@code check} now healthy ({@code down} false) or Down, since {@code since}. A gate
     * whose announcement stays (a check leaving Starting as it started) keeps its value, so the RIB
     * has nothing to do.
     */
    public HealthGates with(String check, boolean down, Instant since) {
        List<Gate> out = new ArrayList<>(gates.size());
        for (Gate g : gates) {
            Announcement a = down ? g.whenDown() : Announcement.NORMAL;
            out.add(!g.check().equals(check) || a == g.announcement() ? g
                    : new Gate(g.check(), g.selector(), g.onFailure(), a, since));
        }
        return new HealthGates(out);
    }

    /** The gates whose announcement is not normal. */
    List<Gate> down() {
        return gates.stream().filter(g -> g.announcement() != Announcement.NORMAL).toList();
    }
}
