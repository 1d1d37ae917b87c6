package dev.herald.rib;

import dev.herald.codec.Family;
import java.util.List;
import java.util.Map;

/**
 * One update group: peers sent the same UPDATEs.
 *
 * @param id        the group's number: a group made again for the same export context (its peers
 *                  reset or flapping) gets the number it had
 * @param members   peer names
 * @param sent      prefixes per family in the group's Adj-RIB-Out
 * @param heldBack  prefixes held back by maximum-prefix-out
 */
public record UpdateGroupStatus(int id, List<String> members, Map<Family, Integer> sent, int heldBack) {
    public UpdateGroupStatus {
        members = List.copyOf(members);
        sent = Map.copyOf(sent);
    }
}
