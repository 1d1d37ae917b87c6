package dev.herald.sources.health;

import java.util.List;

/** Kills a command and everything it started, so a hung shell does not leave its {@code curl} behind. */
final class ProcessTree {
    private ProcessTree() {
    }

    /**
     * SIGKILLs {@code root} and its descendants. The descendants are listed while {@code root}
     * lives: once it is dead its children belong to init and {@code descendants()} no longer finds
     * them. {@code root} dies first so it forks nothing after the list is taken. (A command that
     * detaches itself, setsid and a double fork, escapes, as it escapes a process-group kill.)
     */
    static void kill(ProcessHandle root) {
        List<ProcessHandle> tree = root.descendants().toList();
        root.destroyForcibly();
        for (ProcessHandle p : tree) {
            p.destroyForcibly();
        }
    }
}
