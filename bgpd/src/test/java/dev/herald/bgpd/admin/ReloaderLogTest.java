package dev.herald.bgpd.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.herald.bgpd.testkit.LogCapture;

/** A refused reload logs each error on a line of its own, with no escaped newline in between. */
class ReloaderLogTest {
    @TempDir
    Path dir;

    @Test
    void eachErrorIsALogLine() throws Exception {
        Path file = Files.writeString(dir.resolve("herald.yaml"), "router: 1\npeers: 2\n");
        // An invalid file never reaches the daemon: none is needed.
        Reloader.Outcome[] outcome = new Reloader.Outcome[1];
        String log = LogCapture.during(() -> outcome[0] = new Reloader(file, null, (a, b) -> { }).reload());
        assertEquals(2, outcome[0].errors().size(), outcome[0].errors()::toString);
        assertFalse(log.contains("\\n"), log);
        List<String> lines = log.lines().filter(l -> l.contains("[reload]")).toList();
        assertEquals(3, lines.size(), log);
        assertTrue(lines.get(0).endsWith("reload refused, herald keeps running the previous config: 2 error(s) in "
                + file + ":"), lines.get(0));
        for (int i = 0; i < 2; i++) {
            assertTrue(lines.get(i + 1).endsWith("reload refused: " + outcome[0].errors().get(i)), lines.get(i + 1));
        }
    }
}
