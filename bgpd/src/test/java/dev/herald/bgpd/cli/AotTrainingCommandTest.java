package dev.herald.bgpd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The AOT cache's training run does what it is for: two daemons in this JVM peer on loopback,
 * so the cache holds the classes of a session's start, not only of the start-up's first second.
 */
class AotTrainingCommandTest {
    @TempDir
    Path dir;

    @Test
    void twoDaemonsPeerAndStop() {
        StringWriter err = new StringWriter();
        CommandLine c = Main.commandLine();
        c.setErr(new PrintWriter(err, true));
        assertEquals(ExitCodes.OK, c.execute("aot-training", dir.toString()));
        assertTrue(err.toString().contains("aot-training: the two daemons peered in "), err.toString());
        // Both stopped through `herald shutdown`: their admin sockets are gone.
        assertTrue(!dir.resolve("a/herald.sock").toFile().exists() && !dir.resolve("b/herald.sock").toFile().exists());
    }
}
