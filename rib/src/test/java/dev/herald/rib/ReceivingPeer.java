package dev.herald.rib;

import dev.herald.codec.BgpDecodeException;
import dev.herald.codec.CodecContext;
import dev.herald.codec.Family;
import dev.herald.codec.InetAddresses;
import dev.herald.codec.MessageCodec;
import dev.herald.codec.PathAttribute;
import dev.herald.codec.Prefix;
import dev.herald.codec.RouteRefresh;
import dev.herald.codec.Update;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Adj-RIB-In of a receiver of one session, built only from what it was sent, in order: an
 * announcement replaces, a withdrawal removes, End-of-RIB is noted, and (RFC 7313 4) a route of
 * the family still marked stale at EoRR since the BoRR is dropped. Each route is kept as the text
 * of what policy decides (next hop, MED, communities), so it compares with {@link RibModel}.
 */
final class ReceivingPeer implements UpdateSink {
    private final boolean encoded;
    private final Map<Prefix, String> table = new TreeMap<>();
    /** Per AFI code: routes marked stale by a BoRR and not announced since (RFC 7313 4). */
    private final Map<Integer, Set<Prefix>> staleSinceBorr = new HashMap<>();
    private final Set<Family> endOfRib = new LinkedHashSet<>();
    private int messages;

    /** {@code encoded}: takes bytes, so its update group encodes once for all members that do. */
    ReceivingPeer(boolean encoded) {
        this.encoded = encoded;
    }

    Map<Prefix, String> table() {
        return table;
    }

    Set<Family> endOfRib() {
        return endOfRib;
    }

    int messages() {
        return messages;
    }

    /** AFI codes with a BoRR not yet followed by its EoRR (a receiver would purge their stale routes on a timer). */
    Set<Integer> openRefreshes() {
        return staleSinceBorr.keySet();
    }

    @Override
    public void send(Update u) {
        messages++;
        Family eor = u.endOfRibFamily().orElse(null);
        if (eor != null) {
            endOfRib.add(eor);
            return;
        }
        u.withdrawn().forEach(this::withdraw);
        String route = describe(u);
        u.nlri().forEach(p -> announce(p, route));
        for (PathAttribute a : u.attributes()) {
            if (a instanceof PathAttribute.MpReachNlri r) {
                r.nlri().forEach(p -> announce(p, route));
            } else if (a instanceof PathAttribute.MpUnreachNlri w) {
                w.withdrawn().forEach(this::withdraw);
            }
        }
    }

    private void announce(Prefix p, String route) {
        table.put(p, route);
        unmark(p);
    }

    private void withdraw(Prefix p) {
        table.remove(p);
        unmark(p);
    }

    private void unmark(Prefix p) {
        Set<Prefix> stale = staleSinceBorr.get(p.afi().code());
        if (stale != null) {
            stale.remove(p);
        }
    }

    @Override
    public void sendRouteRefresh(RouteRefresh m) {
        messages++;
        if (m.subtype() == RouteRefreshes.BORR) {
            Set<Prefix> stale = new HashSet<>();
            table.keySet().stream().filter(p -> p.afi().code() == m.afi()).forEach(stale::add);
            staleSinceBorr.put(m.afi(), stale);
        } else if (m.subtype() == RouteRefreshes.EORR) {
            Set<Prefix> stale = staleSinceBorr.remove(m.afi());
            if (stale == null) {
                throw new AssertionError("EoRR for AFI " + m.afi() + " without a BoRR");
            }
            table.keySet().removeAll(stale);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public boolean acceptsEncoded() {
        return encoded;
    }

    @Override
    public void sendEncoded(ByteBuf buf) {
        try {
            send((Update) MessageCodec.decode(buf.duplicate(), CodecContext.FOUR_OCTET));
        } catch (BgpDecodeException e) {
            throw new AssertionError("the RIB encoded an UPDATE its own codec cannot read", e);
        } finally {
            buf.release();
        }
    }

    /** The policy-relevant part of an announcement: next hop, MED, communities. */
    static String describe(Update u) {
        byte[] nextHop = null;
        Long med = null;
        long[] communities = {};
        for (PathAttribute a : u.attributes()) {
            switch (a) {
                case PathAttribute.NextHop n -> nextHop = n.address().toArray();
                case PathAttribute.MpReachNlri r -> nextHop = r.nextHop().toArray();
                case PathAttribute.MultiExitDisc m -> med = m.value();
                case PathAttribute.Communities c -> communities = c.values().toArray();
                default -> { }
            }
        }
        return route(nextHop, med, communities);
    }

    static String route(byte[] nextHop, Long med, long[] communities) {
        return "next-hop " + (nextHop == null ? "none" : InetAddresses.toText(nextHop)) + " med "
                + (med == null ? "none" : med) + " communities " + Arrays.toString(communities);
    }
}
