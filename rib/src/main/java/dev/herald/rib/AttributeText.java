package dev.herald.rib;

import dev.herald.codec.PathAttribute;
import java.util.ArrayList;
import java.util.List;

/** Path attributes as a network engineer reads them: {@code as-path 65010 65010 med 100 communities 65010:1}. */
public final class AttributeText {
    private AttributeText() {
    }

    public static String of(List<PathAttribute> attrs) {
        List<String> out = new ArrayList<>();
        for (PathAttribute a : attrs) {
            switch (a) {
                case PathAttribute.Origin o -> out.add("origin " + (o.value() == 0 ? "igp" : o.value() == 1 ? "egp" : "incomplete"));
                case PathAttribute.AsPath p -> {
                    StringBuilder sb = new StringBuilder("as-path");
                    if (p.segments().isEmpty()) {
                        sb.append(" (empty)");
                    }
                    for (PathAttribute.AsPath.Segment s : p.segments()) {
                        s.asns().stream().forEach(asn -> sb.append(' ').append(asn));
                    }
                    out.add(sb.toString());
                }
                case PathAttribute.MultiExitDisc m -> out.add("med " + m.value());
                case PathAttribute.LocalPref l -> out.add("local-pref " + l.value());
                case PathAttribute.Communities c -> out.add("communities " + join(c.values().stream()
                        .mapToObj(Communities::standardText).toList()));
                case PathAttribute.ExtendedCommunities c -> out.add("extended-communities " + join(c.values().stream()
                        .mapToObj(AttributeText::extendedText).toList()));
                case PathAttribute.LargeCommunities c -> out.add("large-communities " + join(c.values().stream()
                        .map(PathAttribute.LargeCommunities.LargeCommunity::toString).toList()));
                default -> out.add(a.toString());
            }
        }
        return String.join(" ", out);
    }

    private static String join(List<String> words) {
        return String.join(",", words);
    }

    static String extendedText(long v) {
        int type = (int) (v >>> 56) & 0xFF;
        int sub = (int) (v >>> 48) & 0xFF;
        String kind = sub == 2 ? "rt" : sub == 3 ? "soo" : String.format("0x%02x%02x", type, sub);
        return switch (type) {
            case 0x00 -> kind + ":" + ((v >>> 32) & 0xFFFF) + ":" + (v & 0xFFFF_FFFFL);
            case 0x01 -> kind + ":" + ((v >>> 40) & 0xFF) + "." + ((v >>> 32) & 0xFF) + "." + ((v >>> 24) & 0xFF) + "."
                    + ((v >>> 16) & 0xFF) + ":" + (v & 0xFFFF);
            case 0x02 -> kind + ":" + ((v >>> 16) & 0xFFFF_FFFFL) + ":" + (v & 0xFFFF);
            default -> String.format("0x%016x", v);
        };
    }
}
