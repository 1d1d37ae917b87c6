package dev.herald.rib;

import dev.herald.codec.Afi;
import dev.herald.codec.Bytes;
import dev.herald.codec.CodecContext;
import dev.herald.codec.Family;
import dev.herald.codec.MessageCodec;
import dev.herald.codec.PathAttribute;
import dev.herald.codec.Prefix;
import dev.herald.codec.Update;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs prefixes that share one attribute set into as few UPDATEs as fit the negotiated message
 * size. Sizes are computed from the wire format, counting every attribute header as extended
 * length (4 bytes) so the estimate never undershoots what the codec writes.
 */
public final class UpdatePacker {
    /** Header (19) + withdrawn routes length (2) + total path attribute length (2). */
    private static final int UPDATE_OVERHEAD = 23;
    private static final int ATTR_HEADER = 4;
    /** AFI (2) + SAFI (1) + next-hop length (1) + reserved (1). */
    private static final int MP_REACH_FIXED = 5;
    /** AFI (2) + SAFI (1). */
    private static final int MP_UNREACH_FIXED = 3;

    private UpdatePacker() {
    }

    /**
     * UPDATEs announcing {@code prefixes} of {@code family} with the given attributes and next hop.
     * IPv4 with a 4-byte next hop travels in the UPDATE body with NEXT_HOP; everything else
     * (IPv6, and IPv4 with an RFC 8950 IPv6 next hop) in MP_REACH_NLRI.
     */
    public static List<Update> announce(Family family, List<PathAttribute> baseAttributes, byte[] nextHop,
                                        List<Prefix> prefixes, int maxMessageLength) {
        return announce(family, baseAttributes, nextHop, prefixes, maxMessageLength, true);
    }

    /**
     * As above; toward a peer without 4-octet AS support the codec adds AS4_PATH beside the
     * 2-byte AS_PATH, and that room is kept free too.
     */
    public static List<Update> announce(Family family, List<PathAttribute> baseAttributes, byte[] nextHop,
                                        List<Prefix> prefixes, int maxMessageLength, boolean fourOctetAs) {
        boolean body = family.afi() == Afi.IPV4 && nextHop.length == 4;
        int attrBytes = 0;
        for (PathAttribute a : baseAttributes) {
            attrBytes += ATTR_HEADER + valueSize(a);
            if (!fourOctetAs && a instanceof PathAttribute.AsPath) {
                attrBytes += ATTR_HEADER + valueSize(a); // AS4_PATH
            }
        }
        attrBytes += body ? ATTR_HEADER + 4 : ATTR_HEADER + MP_REACH_FIXED + nextHop.length;
        int room = maxMessageLength - UPDATE_OVERHEAD - attrBytes;
        if (room <= 17) {
            throw new IllegalArgumentException("attributes leave no room for NLRI in " + maxMessageLength + " bytes");
        }
        Bytes nh = Bytes.of(nextHop); // one copy for all the chunks
        List<Update> out = new ArrayList<>();
        for (List<Prefix> chunk : chunks(prefixes, room)) {
            List<PathAttribute> attrs = new ArrayList<>(baseAttributes.size() + 1);
            if (body) {
                attrs.addAll(baseAttributes);
                attrs.add(new PathAttribute.NextHop(nh));
                attrs.sort(java.util.Comparator.comparingInt(PathAttribute::typeCode));
                out.add(new Update(List.of(), attrs, chunk));
            } else {
                attrs.addAll(baseAttributes);
                attrs.add(new PathAttribute.MpReachNlri(family, nh, chunk));
                attrs.sort(java.util.Comparator.comparingInt(PathAttribute::typeCode));
                out.add(new Update(List.of(), attrs, List.of()));
            }
        }
        return out;
    }

    /** UPDATEs withdrawing {@code prefixes} of {@code family}. */
    public static List<Update> withdraw(Family family, List<Prefix> prefixes, int maxMessageLength) {
        boolean body = family.afi() == Afi.IPV4;
        int room = maxMessageLength - UPDATE_OVERHEAD - (body ? 0 : ATTR_HEADER + MP_UNREACH_FIXED);
        List<Update> out = new ArrayList<>();
        for (List<Prefix> chunk : chunks(prefixes, room)) {
            out.add(body ? new Update(chunk, List.of(), List.of())
                    : new Update(List.of(), List.of(new PathAttribute.MpUnreachNlri(family, chunk)), List.of()));
        }
        return out;
    }

    /**
     * {@code prefixes} cut into runs that fit {@code room} bytes each: views of the list (each
     * UPDATE copies its own), so a table slice is not copied twice.
     */
    private static List<List<Prefix>> chunks(List<Prefix> prefixes, int room) {
        List<List<Prefix>> out = new ArrayList<>();
        int from = 0;
        int used = 0;
        for (int i = 0, n = prefixes.size(); i < n; i++) {
            int size = 1 + prefixes.get(i).wireBytes();
            if (used + size > room && i > from) {
                out.add(prefixes.subList(from, i));
                from = i;
                used = 0;
            }
            used += size;
        }
        if (from < prefixes.size()) {
            out.add(prefixes.subList(from, prefixes.size()));
        }
        return out;
    }

    /** As the codec writes it with 4-byte AS numbers: at least the 2-byte form's size. */
    static int valueSize(PathAttribute a) {
        return MessageCodec.attributeValueLength(a, CodecContext.FOUR_OCTET);
    }
}
