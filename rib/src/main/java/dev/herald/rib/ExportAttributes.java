package dev.herald.rib;

import dev.herald.codec.PathAttribute;
import java.util.ArrayList;
import java.util.List;

/**
 * The path attributes herald puts on the routes it originates toward one peer (RFC 4271 5.1):
 * ORIGIN IGP; AS_PATH with herald's AS toward eBGP peers and empty toward iBGP peers;
 * LOCAL_PREF only toward iBGP peers. The next hop is added per family by the packer.
 */
public final class ExportAttributes {
    public static final long DEFAULT_LOCAL_PREF = 100;

    private ExportAttributes() {
    }

    /** Attributes in ascending type order, without NEXT_HOP or MP_REACH_NLRI. */
    public static List<PathAttribute> forPeer(PeerSessionInfo session) {
        List<PathAttribute> attrs = new ArrayList<>(3);
        attrs.add(PathAttribute.Origin.IGP);
        attrs.add(session.internal() ? PathAttribute.AsPath.EMPTY : PathAttribute.AsPath.sequence(session.localAsn()));
        if (session.internal()) {
            attrs.add(new PathAttribute.LocalPref(DEFAULT_LOCAL_PREF));
        }
        return attrs;
    }
}
