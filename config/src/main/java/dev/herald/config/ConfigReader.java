package dev.herald.config;

import java.util.ArrayList;
import java.util.List;

/** Turns the YAML tree into a {@link HeraldConfig}, reporting every problem on the way. */
final class ConfigReader {
    static final List<String> KEYS = List.of("router", "peers", "sources", "admin", "metrics", "export-policies",
            "rib", "drain", "health-checks");

    private ConfigReader() {
    }

    /** The config, or null when anything is wrong (all of it in problems). */
    static HeraldConfig read(YamlNode root, Problems problems) {
        if (!(root instanceof YamlNode.Mapping)) {
            problems.error(root.mark(), "the top level must be a mapping with 'router' and 'peers', got "
                    + root.describe());
            return null;
        }
        Section s = Section.open(root, "the top level", Mark.START, problems, KEYS);
        RouterConfig router = s.required("router", (n, k, p) -> RouterReader.read(n, s.keyMark(k), p));
        boolean listens = router == null || router.listen().isPresent();
        java.util.Map<String, ExportPolicyConfig> policies = s.optional("export-policies", ExportPolicyReader::named,
                java.util.Map.of());
        List<PeerConfig> peers = s.required("peers", (n, k, p) -> peers(n, k, p, listens, policies));
        SourcesConfig sources = s.optional("sources", (n, k, p) -> SourcesReader.read(n, s.keyMark(k), p),
                SourcesConfig.EMPTY);
        AdminConfig admin = s.optional("admin", OperationsReader::admin, AdminConfig.DEFAULT);
        MetricsConfig metrics = s.optional("metrics", OperationsReader::metrics, null);
        RibConfig rib = s.optional("rib", RibReader::read, RibConfig.DEFAULT);
        DrainConfig drain = s.optional("drain", DrainReader::read, DrainConfig.DEFAULT);
        List<HealthCheckConfig> checks = s.optional("health-checks", HealthCheckReader::read, List.of());
        if (!problems.isEmpty()) {
            return null;
        }
        return new HeraldConfig(router, peers, sources, admin, java.util.Optional.ofNullable(metrics), rib, drain,
                checks);
    }

    private static List<PeerConfig> peers(YamlNode node, String key, Problems problems, boolean routerListens,
                                          java.util.Map<String, ExportPolicyConfig> policies) {
        if (!(node instanceof YamlNode.Sequence seq)) {
            return problems.reject(node, key, "must be a list of peers, got " + node.describe());
        }
        if (seq.items().isEmpty()) {
            return problems.reject(node, key, "is empty; herald needs at least one peer to announce to");
        }
        PeerReader reader = new PeerReader(problems, routerListens, policies);
        List<PeerConfig> out = new ArrayList<>();
        for (YamlNode item : seq.items()) {
            PeerConfig peer = reader.read(item);
            if (peer != null) {
                out.add(peer);
            }
        }
        return out;
    }
}
