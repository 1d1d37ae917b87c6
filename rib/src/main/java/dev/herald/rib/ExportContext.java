package dev.herald.rib;

import dev.herald.codec.Family;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Everything that decides what a session is sent, and nothing else: peers with equal contexts
 * get byte-identical UPDATE streams and share one update group.
 *
 * @param policy           the export policy
 * @param internal         iBGP (AS_PATH empty, LOCAL_PREF sent) or eBGP
 * @param localAsn         herald's AS
 * @param families         negotiated families
 * @param self             herald's own next hop per negotiated family, or why it has none
 * @param maxMessageLength 4096, or 65535 with extended messages
 * @param fourOctetAs      AS_PATH is encoded with 4-byte ASes
 */
public record ExportContext(ExportPolicy policy, boolean internal, long localAsn, Set<Family> families,
                            Map<Family, NextHop> self, int maxMessageLength, boolean fourOctetAs) {
    public ExportContext {
        families = Set.copyOf(families);
        self = Map.copyOf(self);
    }

    public static ExportContext of(PeerSessionInfo s, ExportPolicy policy) {
        Map<Family, NextHop> self = new LinkedHashMap<>();
        for (Family f : Family.ALL) {
            if (s.families().contains(f)) {
                self.put(f, NextHopResolver.resolve(f, s));
            }
        }
        return new ExportContext(policy, s.internal(), s.localAsn(), s.families(), self, s.maxMessageLength(),
                s.fourOctetAs());
    }
}
