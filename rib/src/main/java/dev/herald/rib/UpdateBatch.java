package dev.herald.rib;

import dev.herald.codec.Family;
import dev.herald.codec.Prefix;
import dev.herald.codec.PrefixSort;
import dev.herald.codec.Update;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The changes of one flush for one update group: withdrawals per family and announcements per
 * shared {@link Advertisement}, packed into as few UPDATEs as fit (withdrawals first, so a
 * receiver never holds both an old and a new route longer than needed).
 */
final class UpdateBatch {
    private final Map<Family, List<Prefix>> withdrawals = new LinkedHashMap<>();
    private final Map<Advertisement, List<Prefix>> announcements = new LinkedHashMap<>();
    /** The last advertisement announced and its list: a table walk gives runs of one advertisement (interned). */
    private Advertisement lastAdvertisement;
    private List<Prefix> lastList;

    void withdraw(Prefix p) {
        withdrawals.computeIfAbsent(Exporter.familyOf(p), k -> new ArrayList<>()).add(p);
    }

    void announce(Advertisement a, Prefix p) {
        if (a != lastAdvertisement) {
            lastList = announcements.computeIfAbsent(a, k -> new ArrayList<>());
            lastAdvertisement = a;
        }
        lastList.add(p);
    }

    boolean isEmpty() {
        return withdrawals.isEmpty() && announcements.isEmpty();
    }

    int announced() {
        return announcements.values().stream().mapToInt(List::size).sum();
    }

    /** The UPDATEs, prefixes in order within each (a stable order makes the wire output reproducible). */
    List<Update> updates(int maxMessageLength, boolean fourOctetAs) {
        List<Update> out = new ArrayList<>();
        for (Family f : Family.ALL) {
            List<Prefix> w = withdrawals.get(f);
            if (w != null) {
                PrefixSort.sort(w);
                out.addAll(UpdatePacker.withdraw(f, w, maxMessageLength));
            }
        }
        for (Map.Entry<Advertisement, List<Prefix>> e : announcements.entrySet()) {
            List<Prefix> ps = e.getValue();
            PrefixSort.sort(ps);
            Advertisement a = e.getKey();
            out.addAll(UpdatePacker.announce(a.family(), a.attributes(), a.nextHopBytes(), ps, maxMessageLength,
                    fourOctetAs));
        }
        return out;
    }
}
