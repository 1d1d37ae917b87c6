package dev.herald.config;

import dev.herald.sources.kernel.KernelSourceSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.herald.codec.Prefix;

/** Reads the {@code sources:} section. */
final class SourcesReader {
    static final List<String> KEYS = List.of("static", "kernel", "lxd", "ovn");
    static final List<String> STATIC_KEYS = List.of("prefix", "file");

    private SourcesReader() {
    }

    /** The sources, or null when anything in them is wrong (all of it reported). */
    static SourcesConfig read(YamlNode node, Mark anchor, Problems problems) {
        Section s = Section.open(node, "sources", anchor, problems, KEYS);
        if (s == null) {
            return null;
        }
        List<java.nio.file.Path> files = new ArrayList<>();
        List<Prefix> routes = s.optional("static", (n, k, p) -> staticRoutes(n, k, p, files), List.of());
        KernelSourceSettings kernel = s.optional("kernel", KernelReader::read, null);
        LxdSourceConfig lxd = s.optional("lxd", LxdReader::read, null);
        OvnSourceConfig ovn = s.optional("ovn", OvnReader::read, null);
        return s.failed() ? null
                : new SourcesConfig(routes, Optional.ofNullable(kernel), Optional.ofNullable(lxd), Optional.ofNullable(ovn),
                        files);
    }

    private static List<Prefix> staticRoutes(YamlNode node, String key, Problems problems,
                                                        List<java.nio.file.Path> files) {
        if (!(node instanceof YamlNode.Sequence seq)) {
            return problems.reject(node, key, "must be a list of '- prefix: ...' or '- file: ...' entries, got "
                    + node.describe());
        }
        List<Prefix> out = new ArrayList<>();
        Duplicates<Prefix> seen = new Duplicates<>("static prefix", problems);
        Duplicates<java.nio.file.Path> seenFiles = new Duplicates<>("prefix file", problems);
        for (YamlNode item : seq.items()) {
            Section route = Section.open(item, "static route", item.mark(), problems, STATIC_KEYS);
            if (route != null && route.node("file") != null) {
                if (route.node("prefix") != null) {
                    problems.error(route.keyMark("file"), "an entry is either '- prefix: ...' or '- file: ...', not both");
                    continue;
                }
                String f = route.optional("file", Scalars::string, null);
                if (f != null && seenFiles.add(java.nio.file.Path.of(f), f, route.node("file").mark())) {
                    PrefixFiles.validate(java.nio.file.Path.of(f), route.node("file"), problems);
                    files.add(java.nio.file.Path.of(f));
                }
                continue;
            }
            Prefix p = route == null ? null : route.required("prefix", RouteValues::prefix);
            if (p != null && seen.add(p, p.toString(), route.node("prefix").mark())) {
                out.add(p);
            }
        }
        return out;
    }
}
