package dev.herald.sources.ovn;

/**
 * Which OVN release's ovn-controller herald imitates (controller/route.c, route_run, and
 * controller/lport.c, lport_is_local, at each tag): what changed after 25.03 changes which rows
 * a chassis announces and how.
 *
 * <p>Picked from the SB schema version the server reports (each release has its own: 25.03
 * 20.41.0, 25.09 21.5.0, 26.03 21.8.0), or set in the config ({@code sources.ovn.semantics}).
 */
public enum OvnSemantics {
    V25_03("25.03"),
    V25_09("25.09"),
    V26_03("26.03");

    private final String release;

    OvnSemantics(String release) {
        this.release = release;
    }

    public String release() {
        return release;
    }

    /** The semantics for a release name ("25.03"), or null. */
    public static OvnSemantics ofRelease(String release) {
        for (OvnSemantics s : values()) {
            if (s.release.equals(release)) {
                return s;
            }
        }
        return null;
    }

    /**
     * The semantics picked for an SB schema version, and whether it is a release's exact version
     * (a development build between releases is not: then the older release's semantics, since
     * the newer one's changes may not be in it yet).
     */
    public record Choice(OvnSemantics semantics, boolean exact) {
    }

    /** Schema versions from which each release's semantics apply (the release's own version). */
    private static final int[][] FROM = {{21, 8}, {21, 5}};
    private static final OvnSemantics[] FROM_SEMANTICS = {V26_03, V25_09};

    public static Choice forSchema(String version) {
        int[] v = parse(version);
        if (v == null) {
            return new Choice(V25_03, false);
        }
        for (int i = 0; i < FROM.length; i++) {
            int c = compare(v, FROM[i]);
            if (c >= 0) {
                // a version past 26.03's is a newer OVN: the newest semantics known
                return new Choice(FROM_SEMANTICS[i], c == 0 && v[2] == 0);
            }
        }
        return new Choice(V25_03, v[0] == 20 && v[1] == 41 && v[2] == 0);
    }

    private static int compare(int[] v, int[] from) {
        return v[0] != from[0] ? Integer.compare(v[0], from[0]) : Integer.compare(v[1], from[1]);
    }

    /** "MAJOR.MINOR.PATCH" as three numbers, or null. */
    private static int[] parse(String version) {
        String[] parts = version == null ? new String[0] : version.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                out[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return out;
    }

    /** 26.03: a row whose logical_port is not local is not announced (route_run). */
    boolean logicalPortMustBeLocal() {
        return this == V26_03;
    }

    /** 26.03 (lport_pb_is_local): a patch port without a chassis-redirect port is local on every chassis. */
    boolean patchPortsEverywhere() {
        return this == V26_03;
    }

    /**
     * 25.09+ (route_run walks the router's ports that peer with a switch): a router takes part
     * only through such a port, an l3gateway port with options:peer or a distributed gateway port
     * whose options:chassis-redirect-port (written by northd only on a port with a peer) names the
     * chassis-redirect port; 25.03.0 makes every local router with some peer port take part.
     */
    boolean routingPortMustPeer() {
        return this != V25_03;
    }

    /** 25.09+: the row's logical_port's options:dynamic-routing-redistribute-local-only. */
    boolean redistributeLocalOnlyOption() {
        return this != V25_03;
    }

    /**
     * 26.03: Datapath_Binding external_ids:dynamic-routing-vrf-id (the table id, and the default
     * VRF name's number) and dynamic-routing-v4/v6-prefix-nexthop (routes through a gateway).
     */
    boolean datapathRoutingOptions() {
        return this == V26_03;
    }
}
