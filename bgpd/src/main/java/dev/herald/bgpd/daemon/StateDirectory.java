package dev.herald.bgpd.daemon;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Where herald keeps its state between runs (the restart marker, {@link RestartMarker}):
 * {@code $HERALD_STATE_DIR}, else systemd's {@code $RUNTIME_DIRECTORY}, else the instance's
 * {@link Instance#runDirectory()} ({@code /run/herald}, or {@code /run/herald/NAME} for
 * {@code --instance NAME}). /run is emptied at boot, so a reboot starts afresh. Read here only, by
 * {@code herald run}; the daemon takes the directory as an argument, so tests hand it a temporary one.
 */
public final class StateDirectory {
    private StateDirectory() {
    }

    /** The state directory of {@code instance} this process's environment names. */
    public static Path fromEnvironment(Instance instance) {
        return from(System::getenv, instance);
    }

    /** The state directory {@code env} (a variable's value or null) names. */
    static Path from(UnaryOperator<String> env, Instance instance) {
        String dir = env.apply("HERALD_STATE_DIR");
        if (dir == null || dir.isBlank()) {
            // herald@.service sets RuntimeDirectory=herald/%i: the instance's own directory.
            dir = env.apply("RUNTIME_DIRECTORY");
        }
        if (dir == null || dir.isBlank()) {
            return instance.runDirectory();
        }
        // systemd may pass several directories separated by ':'
        return Path.of(dir.split(":")[0]);
    }
}
