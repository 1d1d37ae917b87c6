package dev.herald.interop.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lab's heralds start from the AOT cache the build leaves beside the jar (docs/adr/0018), and
 * the JVM that runs them maps it: a cache the JVM refuses (another JDK, another jar) would cost
 * nothing but its speed, silently, so this says it out loud.
 */
class HeraldAotCacheTest {
    @Test
    void theLabsJvmMapsTheBuildsCache() {
        Herald.requireJar();
        Lab.require(Files.isRegularFile(Herald.jar().resolveSibling("herald.aot")),
                "no AOT cache beside " + Herald.jar() + " (built with -Dherald.aot.skip=true?)");
        List<String> cmd = new ArrayList<>(Herald.javaCommand());
        assertTrue(cmd.stream().anyMatch(a -> a.startsWith("-XX:AOTCache=")), cmd.toString());
        cmd.add(1, "-Xlog:aot=info");
        cmd.add("--version");
        Exec.Result r = Exec.run(cmd);
        assertEquals(0, r.exitCode(), r.stderr());
        String out = r.stdout() + r.stderr();
        assertTrue(out.contains("Opened AOT cache"), out);
        assertFalse(out.contains("[error") || out.contains("Unable to map shared spaces"), out);
    }
}
