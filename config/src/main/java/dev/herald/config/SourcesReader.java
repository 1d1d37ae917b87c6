package dev.herald.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.herald.codec.Prefix;

/** Reads the {@code sources:} section. */
final class SourcesReader {
    static final List<String> KEYS = List.of("static", "kernel", "lxd", "ovn");
    static final List<String> STATIC_KEYS = List.of("prefix");

    private SourcesReader() {
    }

    /** The sources, or null when anything in them is wrong (all of it reported). */
    static SourcesConfig read(YamlNode node, Mark anchor, Problems problems) {
        int before = problems.count();
        Section s = Section.open(node, "sources", anchor, problems, KEYS);
        if (s == null) {
            return null;
        }
        List<StaticRouteConfig> routes = s.optional("static", SourcesReader::staticRoutes, List.of());
        KernelSourceConfig kernel = s.optional("kernel", KernelReader::read, null);
        LxdSourceConfig lxd = s.optional("lxd", LxdReader::read, null);
        OvnSourceConfig ovn = s.optional("ovn", OvnReader::read, null);
        return problems.count() != before ? null
                : new SourcesConfig(routes, Optional.ofNullable(kernel), Optional.ofNullable(lxd), Optional.ofNullable(ovn));
    }

    private static List<StaticRouteConfig> staticRoutes(YamlNode node, String key, Problems problems) {
        if (!(node instanceof YamlNode.Sequence seq)) {
            problems.error(node.mark(), "'" + key + "' must be a list of '- prefix: ...' entries, got " + node.describe());
            return null;
        }
        List<StaticRouteConfig> out = new ArrayList<>();
        Duplicates<Prefix> seen = new Duplicates<>("static prefix", problems);
        for (YamlNode item : seq.items()) {
            Section route = Section.open(item, "static route", item.mark(), problems, STATIC_KEYS);
            Prefix p = route == null ? null : route.required("prefix", RouteValues::prefix);
            if (p != null && seen.add(p, p.toString(), route.node("prefix").mark())) {
                out.add(new StaticRouteConfig(p));
            }
        }
        return out;
    }
}
