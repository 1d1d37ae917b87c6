package dev.herald.bgpd.daemon;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Tells a restart from a first start, for the graceful restart R bit (RFC 4724 3): a file in the
 * state directory exists from the moment herald starts until it stops for good
 * ({@link Daemon#shutdown}). A SIGTERM stop, a crash or {@code kill -9} leave it, so the next start
 * knows it is a restart. The directory is the daemon's state directory ({@link StateDirectory}).
 */
final class RestartMarker {
    private static final System.Logger LOG = System.getLogger("daemon");
    static final String FILE = "herald.running";

    private final Path file;
    private Boolean restarted;

    RestartMarker(Path dir) {
        this.file = dir.resolve(FILE);
    }

    /** True when the previous run did not stop for good; (re)writes the marker. Asked once. */
    synchronized boolean startedAfterRestart() {
        if (restarted != null) {
            return restarted;
        }
        restarted = Files.exists(file);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "pid " + ProcessHandle.current().pid() + " started " + Instant.now() + "\n");
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot write {0} ({1}): restarts will not set the graceful restart R bit",
                    file, e.toString());
        }
        if (restarted) {
            LOG.log(Level.INFO, "restarting (found {0}): OPENs carry the graceful restart R bit", file);
        }
        return restarted;
    }

    /**
     * After a start that failed before any session came up: the state directory is as before it,
     * without the marker this start wrote, with one an earlier run left.
     */
    synchronized void undoStart() {
        if (Boolean.FALSE.equals(restarted)) {
            clear();
        }
    }

    /** After a stop for good: the next start is not a restart. */
    synchronized void clear() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot remove {0}: {1}", file, e.toString());
        }
    }
}
