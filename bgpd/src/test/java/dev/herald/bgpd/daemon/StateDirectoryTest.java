package dev.herald.bgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The restart marker's directory as {@code herald run} takes it from the environment. */
class StateDirectoryTest {
    private static Path from(Map<String, String> env) {
        return from(env, Instance.DEFAULT);
    }

    private static Path from(Map<String, String> env, Instance instance) {
        return StateDirectory.from(env::get, instance);
    }

    @Test
    void heraldStateDirFirstThenSystemdsRuntimeDirectoryThenRunHerald() {
        assertEquals(Path.of("/var/lib/h"), from(Map.of("HERALD_STATE_DIR", "/var/lib/h", "RUNTIME_DIRECTORY", "/run/x")));
        assertEquals(Path.of("/run/x"), from(Map.of("HERALD_STATE_DIR", " ", "RUNTIME_DIRECTORY", "/run/x")));
        assertEquals(Path.of("/run/herald"), from(Map.of()));
    }

    @Test
    void theFirstOfSeveralRuntimeDirectories() {
        assertEquals(Path.of("/run/herald"), from(Map.of("RUNTIME_DIRECTORY", "/run/herald:/run/other")));
    }

    @Test
    void anInstanceDefaultsToItsOwnDirectoryAndTheEnvironmentStillWins() {
        Instance blue = Instance.named("blue");
        assertEquals(Path.of("/run/herald/blue"), from(Map.of(), blue));
        assertEquals(Path.of("/run/herald/blue"), from(Map.of("RUNTIME_DIRECTORY", "/run/herald/blue"), blue), "herald@blue");
        assertEquals(Path.of("/var/lib/h"), from(Map.of("HERALD_STATE_DIR", "/var/lib/h"), blue));
    }
}
