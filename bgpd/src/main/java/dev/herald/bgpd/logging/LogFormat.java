package dev.herald.bgpd.logging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Formatter;

/** The {@code --log-format} an operator chooses. */
public enum LogFormat {
    /** {@link #JOURNAL} when stderr is connected to journald, else {@link #TEXT}. */
    AUTO,
    /** Timestamped lines, for a terminal or a file. */
    TEXT,
    /** Lines without timestamps, each with its syslog priority: for journald, which stamps them itself. */
    JOURNAL,
    /** One JSON object per line. */
    JSON;

    /** The formatter this format stands for in this process. */
    public Formatter formatter() {
        return switch (resolve(System.getenv(), stderrIdentity())) {
            case JSON -> new JsonFormatter();
            case JOURNAL -> LineFormatter.forJournal();
            default -> new LineFormatter();
        };
    }

    /**
     * AUTO becomes JOURNAL when {@code $JOURNAL_STREAM} ("DEVICE:INODE", set by systemd) names
     * this process's stderr, as systemd.exec(5) advises: a child whose stderr was redirected
     * inherits the variable but not the stream.
     *
     * @param stderr stderr's "DEVICE:INODE", or null when unknown (then the variable is trusted)
     */
    LogFormat resolve(Map<String, String> env, String stderr) {
        if (this != AUTO) {
            return this;
        }
        String stream = env.get("JOURNAL_STREAM");
        if (stream == null || stream.isEmpty()) {
            return TEXT;
        }
        return stderr == null || stderr.equals(stream) ? JOURNAL : TEXT;
    }

    /** stderr's device and inode as JOURNAL_STREAM writes them, or null. */
    static String stderrIdentity() {
        try {
            Map<String, Object> a = Files.readAttributes(Path.of("/proc/self/fd/2"), "unix:dev,ino");
            return a.get("dev") + ":" + a.get("ino");
        } catch (Exception | LinkageError e) {
            return null;
        }
    }
}
