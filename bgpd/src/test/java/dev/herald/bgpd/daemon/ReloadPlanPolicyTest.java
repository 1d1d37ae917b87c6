package dev.herald.bgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.config.ConfigLoader;
import dev.herald.config.HeraldConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reload and the RIB's parts of the config: export policies and prefix files. */
class ReloadPlanPolicyTest {
    @TempDir
    Path dir;

    private static HeraldConfig config(String peerExtra, String sources) throws Exception {
        return ConfigLoader.parse("t.yaml", """
                router: { asn: 65010, router-id: 192.0.2.1 }
                peers:
                  - { name: a, address: 198.18.0.1, asn: 65001%s }
                %s""".formatted(peerExtra, sources));
    }

    @Test
    void anExportPolicyChangeKeepsTheSession() throws Exception {
        ReloadPlan p = ReloadPlan.of(config("", ""), config(", export: { med: 5 }", ""));
        assertEquals(List.of(), p.peersChanged());
        assertTrue(p.changes().getFirst().contains("export policy changed (session kept"), p.changes()::toString);
        ReloadPlan reset = ReloadPlan.of(config("", ""), config(", hold-time: 30, export: { med: 5 }", ""));
        assertEquals(1, reset.peersChanged().size(), "other settings still reset the session");
    }

    @Test
    void prefixFilesAreReadAgainOnEveryReload() throws Exception {
        Path f = dir.resolve("p.txt");
        Files.writeString(f, "203.0.113.0/24\n");
        String sources = "sources:\n  static:\n    - file: " + f + "\n";
        assertEquals(List.of("static"), ReloadPlan.of(config("", sources), config("", sources)).sourcesChanged());
        assertEquals(List.of(), ReloadPlan.of(config("", ""), config("", "")).sourcesChanged());
    }
}
