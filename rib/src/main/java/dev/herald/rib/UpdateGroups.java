package dev.herald.rib;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Established peers and the update groups they are in: one group per export context (peers
 * sent the same UPDATEs), made when its first member comes and dropped when its last leaves.
 */
final class UpdateGroups {
    private final Map<String, UpdateGroup.Member> up = new LinkedHashMap<>();
    private final Map<ExportContext, UpdateGroup> groups = new LinkedHashMap<>();
    // A context keeps its number after its group goes, so that the group made again (its peer
    // reset by a reload, or flapping) is the same group in the metrics' and the logs' labels.
    private final Map<ExportContext, Integer> numbers = new HashMap<>();
    private int nextGroupId = 1;

    /** The group of {@code ctx}, made if there is none yet, with the number {@code ctx} had before. */
    UpdateGroup groupFor(ExportContext ctx) {
        return groups.computeIfAbsent(ctx, c -> new UpdateGroup(numbers.computeIfAbsent(c, k -> nextGroupId++), c));
    }

    /** The group of {@code ctx}, or null. */
    UpdateGroup existing(ExportContext ctx) {
        return groups.get(ctx);
    }

    /** {@code m} leaves its group, and the group goes when it was the last. */
    void leave(UpdateGroup.Member m) {
        if (m.group.leave(m)) {
            groups.remove(m.group.context());
        }
    }

    UpdateGroup.Member member(String peer) {
        return up.get(peer);
    }

    void put(UpdateGroup.Member m) {
        up.put(m.name(), m);
    }

    UpdateGroup.Member remove(String peer) {
        return up.remove(peer);
    }

    Collection<UpdateGroup.Member> members() {
        return up.values();
    }

    Collection<UpdateGroup> all() {
        return groups.values();
    }

    /** A copy, for walks during which groups may come or go. */
    List<UpdateGroup> snapshot() {
        return List.copyOf(groups.values());
    }

    boolean isEmpty() {
        return groups.isEmpty();
    }
}
