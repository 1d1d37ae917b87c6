package dev.herald.rib;

import dev.herald.codec.Family;
import dev.herald.codec.PathAttribute;
import dev.herald.codec.Prefix;
import dev.herald.codec.Update;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Established peer's export state: the next hop per family and the Adj-RIB-Out (what was
 * announced and not withdrawn since). Owned by the RIB's thread.
 */
final class PeerExport {
    private final PeerSessionInfo session;
    private final UpdateSink sink;
    private final List<PathAttribute> attributes;
    private final Map<Family, NextHop> nextHops = new LinkedHashMap<>();
    private final Map<Family, Set<Prefix>> adjRibOut = new HashMap<>();

    PeerExport(PeerSessionInfo session, UpdateSink sink) {
        this.session = session;
        this.sink = sink;
        this.attributes = ExportAttributes.forPeer(session);
        for (Family f : dev.herald.codec.Family.ALL) {
            if (session.families().contains(f)) {
                nextHops.put(f, NextHopResolver.resolve(f, session));
                adjRibOut.put(f, new HashSet<>());
            }
        }
    }

    PeerSessionInfo session() {
        return session;
    }

    Map<Family, NextHop> nextHops() {
        return nextHops;
    }

    /** Sends the whole table, then End-of-RIB for every negotiated family (RFC 4724 section 2). */
    void sendInitialTable(Collection<Prefix> table) {
        apply(table, List.of());
        for (Family f : nextHops.keySet()) {
            sink.send(Update.endOfRib(f));
        }
        sink.flush();
    }

    /** Announces what is new to this peer and withdraws what it holds that is gone. */
    void apply(Collection<Prefix> added, Collection<Prefix> removed) {
        Map<Family, List<Prefix>> announce = byFamily(added, true);
        Map<Family, List<Prefix>> withdraw = byFamily(removed, false);
        for (Map.Entry<Family, List<Prefix>> e : withdraw.entrySet()) {
            for (Update u : UpdatePacker.withdraw(e.getKey(), e.getValue(), session.maxMessageLength())) {
                sink.send(u);
            }
        }
        for (Map.Entry<Family, List<Prefix>> e : announce.entrySet()) {
            NextHop.Valid nh = (NextHop.Valid) nextHops.get(e.getKey());
            for (Update u : UpdatePacker.announce(e.getKey(), attributes, nh.bytes(), e.getValue(),
                    session.maxMessageLength())) {
                sink.send(u);
            }
        }
        if (!announce.isEmpty() || !withdraw.isEmpty()) {
            sink.flush();
        }
    }

    /**
     * Groups prefixes by family, keeping only those that change this peer's Adj-RIB-Out, and
     * records the change there.
     */
    private Map<Family, List<Prefix>> byFamily(Collection<Prefix> prefixes, boolean announce) {
        Map<Family, List<Prefix>> out = new LinkedHashMap<>();
        for (Prefix p : prefixes) {
            Family f = familyOf(p);
            Set<Prefix> sent = adjRibOut.get(f);
            if (sent == null || !(nextHops.get(f) instanceof NextHop.Valid)) {
                continue; // family not negotiated, or held back for want of a next hop
            }
            boolean changed = announce ? sent.add(p) : sent.remove(p);
            if (changed) {
                out.computeIfAbsent(f, k -> new ArrayList<>()).add(p);
            }
        }
        for (List<Prefix> l : out.values()) {
            l.sort(null); // a stable order makes the wire output reproducible
        }
        return out;
    }

    PeerStatus status() {
        Map<Family, Integer> counts = new LinkedHashMap<>();
        adjRibOut.forEach((f, s) -> counts.put(f, s.size()));
        return new PeerStatus(session.peerName(), nextHops, counts);
    }

    static Family familyOf(Prefix p) {
        return switch (p.afi()) {
            case IPV4 -> Family.IPV4_UNICAST;
            case IPV6 -> Family.IPV6_UNICAST;
        };
    }
}
