package dev.herald.sources.health;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileProbeTest {
    @TempDir
    Path dir;

    @Test
    void aSwitchFilePassesWhilePresentAndAMaintenanceFileFailsWhilePresent() throws Exception {
        Path f = dir.resolve("switch");
        var needed = new FileProbe(new Probe.File(f, false));
        var maintenance = new FileProbe(new Probe.File(f, true));
        assertFalse(needed.call().passed());
        assertTrue(maintenance.call().passed());
        Files.createFile(f);
        assertTrue(needed.call().passed());
        assertFalse(maintenance.call().passed());
    }
}
