package dev.herald.rib;

import dev.herald.codec.Family;
import dev.herald.codec.Prefix;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The origin table (prefix to the sources that offer it) and every Established peer's export
 * state. Not thread-safe by design: exactly one thread owns it and every call comes from that
 * thread (the daemon's RIB executor), so there are no locks to reason about.
 */
public final class Rib {
    private static final System.Logger LOG = System.getLogger("rib");

    private final Map<Prefix, Set<String>> originTable = new HashMap<>();
    private final Map<String, Set<Prefix>> bySource = new HashMap<>();
    private final Map<String, PeerExport> peers = new LinkedHashMap<>();

    /**
     * Replaces everything {@code source} offers with {@code routes}, and sends each peer only the
     * difference.
     */
    public void replaceSource(String source, Collection<Route> routes) {
        Set<Prefix> next = new HashSet<>();
        for (Route r : routes) {
            if (!r.source().equals(source)) {
                throw new IllegalArgumentException("route " + r + " is not from source " + source);
            }
            next.add(r.prefix());
        }
        Set<Prefix> prev = bySource.getOrDefault(source, Set.of());
        List<Prefix> add = new ArrayList<>();
        List<Prefix> remove = new ArrayList<>();
        for (Prefix p : next) {
            if (!prev.contains(p)) {
                add.add(p);
            }
        }
        for (Prefix p : prev) {
            if (!next.contains(p)) {
                remove.add(p);
            }
        }
        change(source, add, remove);
    }

    /** Applies one source's delta: prefixes it now offers and prefixes it no longer offers. */
    public void change(String source, Collection<Prefix> added, Collection<Prefix> removed) {
        Set<Prefix> mine = bySource.computeIfAbsent(source, k -> new HashSet<>());
        List<Prefix> nowReachable = new ArrayList<>();
        List<Prefix> nowGone = new ArrayList<>();
        for (Prefix p : added) {
            if (mine.add(p)) {
                Set<String> offeredBy = originTable.computeIfAbsent(p, k -> new HashSet<>(2));
                if (offeredBy.isEmpty()) {
                    nowReachable.add(p);
                }
                offeredBy.add(source);
            }
        }
        for (Prefix p : removed) {
            if (mine.remove(p)) {
                Set<String> offeredBy = originTable.get(p);
                offeredBy.remove(source);
                if (offeredBy.isEmpty()) {
                    originTable.remove(p);
                    nowGone.add(p);
                }
            }
        }
        if (mine.isEmpty()) {
            bySource.remove(source);
        }
        if (nowReachable.isEmpty() && nowGone.isEmpty()) {
            return;
        }
        for (PeerExport peer : peers.values()) {
            peer.apply(nowReachable, nowGone);
        }
    }

    /** A session reached Established: send it the whole table and End-of-RIB. */
    public void peerUp(PeerSessionInfo session, UpdateSink sink) {
        PeerExport peer = new PeerExport(session, sink);
        PeerExport old = peers.put(session.peerName(), peer);
        if (old != null) {
            LOG.log(Level.WARNING, "peer {0}: Established again without going down first", session.peerName());
        }
        for (Map.Entry<Family, NextHop> e : peer.nextHops().entrySet()) {
            if (e.getValue() instanceof NextHop.Missing m) {
                LOG.log(Level.WARNING, "peer {0}: {1} routes not sent: {2}", session.peerName(), e.getKey(), m.reason());
            } else {
                LOG.log(Level.INFO, "peer {0}: {1} next hop {2}", session.peerName(), e.getKey(), e.getValue());
            }
        }
        peer.sendInitialTable(List.copyOf(originTable.keySet()));
        LOG.log(Level.INFO, "peer {0}: initial table and End-of-RIB sent ({1})", session.peerName(),
                peer.status().advertised());
    }

    /** The session left Established: its Adj-RIB-Out is gone with it. */
    public void peerDown(String peerName) {
        peers.remove(peerName);
    }

    /** Prefixes in the origin table. */
    public int size() {
        return originTable.size();
    }

    public boolean contains(Prefix p) {
        return originTable.containsKey(p);
    }

    public List<PeerStatus> status() {
        return peers.values().stream().map(PeerExport::status).toList();
    }
}
