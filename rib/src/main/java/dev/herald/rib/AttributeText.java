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
                        for (long asn : s.asns()) {
                            sb.append(' ').append(asn);
                        }
                    }
                    out.add(sb.toString());
                }
                case PathAttribute.MultiExitDisc m -> out.add("med " + m.value());
                case PathAttribute.LocalPref l -> out.add("local-pref " + l.value());
                case PathAttribute.Unknown u when u.typeCode() == 8 -> out.add("communities " + words(u.value(), 4));
                case PathAttribute.Unknown u when u.typeCode() == 16 -> out.add("extended-communities " + words(u.value(), 8));
                case PathAttribute.Unknown u when u.typeCode() == 32 -> out.add("large-communities " + words(u.value(), 12));
                default -> out.add(a.toString());
            }
        }
        return String.join(" ", out);
    }

    private static String words(byte[] v, int size) {
        List<String> out = new ArrayList<>();
        for (int off = 0; off + size <= v.length; off += size) {
            switch (size) {
                case 4 -> out.add(Communities.standardText(read(v, off, 4)));
                case 8 -> out.add(extendedText(read(v, off, 8)));
                default -> out.add(read(v, off, 4) + ":" + read(v, off + 4, 4) + ":" + read(v, off + 8, 4));
            }
        }
        return String.join(",", out);
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

    private static long read(byte[] b, int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }
}
