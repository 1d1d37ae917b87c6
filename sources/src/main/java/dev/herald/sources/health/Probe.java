package dev.herald.sources.health;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** What a health check does once: each kind passes or fails; any kind may time out (a failure). */
public sealed interface Probe {
    /** Runs {@code argv} (no shell); passes on exit status 0. */
    record Exec(List<String> argv) implements Probe {
        public Exec {
            argv = List.copyOf(argv);
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("exec check needs a command");
            }
        }
    }

    /** Passes when a TCP connection to {@code host}:{@code port} is accepted. */
    record Tcp(String host, int port) implements Probe {
        public Tcp {
            if (host.isBlank() || port < 1 || port > 65535) {
                throw new IllegalArgumentException("tcp check needs a host and a port 1..65535, got " + host + ":" + port);
            }
        }
    }

    /**
     * A GET of {@code uri} (http, https, or unix sockets as {@code os}'s client addresses them); passes
     * when the status is in {@code minStatus..maxStatus} and, if given, the body matches {@code body}.
     */
    record Http(URI uri, int minStatus, int maxStatus, Optional<Pattern> body) implements Probe {
        public Http {
            if (minStatus < 100 || maxStatus > 599 || minStatus > maxStatus) {
                throw new IllegalArgumentException("http check status range must lie in 100..599, got " + minStatus + ".." + maxStatus);
            }
        }

        // Pattern has no equals: compared by its text and flags, so a reload of the same check keeps its state.
        @Override
        public boolean equals(Object o) {
            return o instanceof Http h && uri.equals(h.uri) && minStatus == h.minStatus && maxStatus == h.maxStatus
                    && body.map(Http::key).equals(h.body.map(Http::key));
        }

        @Override
        public int hashCode() {
            return Objects.hash(uri, minStatus, maxStatus, body.map(Http::key));
        }

        private static String key(Pattern p) {
            return p.flags() + "/" + p.pattern();
        }
    }

    /**
     * An operator's switch: passes while {@code path} exists, or, with {@code failWhenPresent}, while it
     * does not (ExaBGP healthcheck's {@code --disable FILE}: a maintenance file).
     */
    record File(Path path, boolean failWhenPresent) implements Probe {
    }
}
