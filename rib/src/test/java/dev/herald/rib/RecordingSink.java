package dev.herald.rib;

import dev.herald.codec.Family;
import dev.herald.codec.PathAttribute;
import dev.herald.codec.Prefix;
import dev.herald.codec.Update;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Records what the RIB sends and replays it into the table a receiver would hold. */
class RecordingSink implements UpdateSink {
    /** A fresh sink for {@code peer}, brought up in {@code rib}: the RIB starts sending it the table. */
    static RecordingSink peerUp(Rib rib, PeerSessionInfo peer) {
        RecordingSink sink = new RecordingSink();
        rib.peerUp(peer, sink);
        return sink;
    }

    final List<Update> updates = new ArrayList<>();
    /** UPDATEs and ROUTE-REFRESH messages in the order they were sent (not for encoded ones). */
    final List<dev.herald.codec.BgpMessage> messages = new ArrayList<>();
    int flushes;

    @Override
    public void send(Update update) {
        updates.add(update);
        messages.add(update);
    }

    @Override
    public void sendRouteRefresh(dev.herald.codec.RouteRefresh message) {
        messages.add(message);
    }

    @Override
    public void flush() {
        flushes++;
    }

    /** The prefixes a receiver holds after all UPDATEs so far. */
    Set<Prefix> table() {
        Set<Prefix> t = new LinkedHashSet<>();
        for (Update u : updates) {
            t.removeAll(u.withdrawn());
            t.addAll(u.nlri());
            for (PathAttribute a : u.attributes()) {
                if (a instanceof PathAttribute.MpReachNlri r) {
                    t.addAll(r.nlri());
                } else if (a instanceof PathAttribute.MpUnreachNlri w) {
                    t.removeAll(w.withdrawn());
                }
            }
        }
        return t;
    }

    List<Family> endOfRibs() {
        return updates.stream().flatMap(u -> u.endOfRibFamily().stream()).toList();
    }
}
