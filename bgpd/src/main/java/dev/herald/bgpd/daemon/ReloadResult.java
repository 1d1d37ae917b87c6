package dev.herald.bgpd.daemon;

import java.util.List;

/**
 * What a reload did.
 *
 * @param changes what was applied, one line each ("peer tor3 added", "sources.static: 2 added, 1 removed")
 * @param refused why nothing was applied (a change that needs a restart); empty when it was
 */
public record ReloadResult(List<String> changes, List<String> refused) {
    public ReloadResult {
        changes = List.copyOf(changes);
        refused = List.copyOf(refused);
    }

    public boolean applied() {
        return refused.isEmpty();
    }
}
