package dev.herald.rib;

import java.util.Comparator;
import java.util.List;

/**
 * Which of several sources offering the same prefix wins: the configured order of sources first
 * (unlisted sources after the listed ones, by name), then the lower priority, then, so that the
 * choice never depends on arrival order, the source name and the origin.
 */
public record SourcePrecedence(List<String> order) implements Comparator<RouteFacts> {
    /** Operator intent first, then the sources that know the object, the generic kernel table last. */
    public static final SourcePrecedence DEFAULT = new SourcePrecedence(List.of("static", "ovn", "lxd", "kernel"));

    public SourcePrecedence {
        order = List.copyOf(order);
    }

    public int rank(String source) {
        int i = order.indexOf(source);
        return i < 0 ? order.size() : i;
    }

    @Override
    public int compare(RouteFacts a, RouteFacts b) {
        int c = Integer.compare(rank(a.source()), rank(b.source()));
        if (c == 0) {
            c = Long.compare(a.priority(), b.priority());
        }
        if (c == 0) {
            c = a.source().compareTo(b.source());
        }
        return c != 0 ? c : a.origin().compareTo(b.origin());
    }
}
