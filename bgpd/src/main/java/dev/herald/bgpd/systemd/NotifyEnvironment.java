package dev.herald.bgpd.systemd;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What systemd tells a Type=notify service through its environment (sd_notify(3),
 * sd_watchdog_enabled(3)): where to send notifications, and whether and how often to ping the
 * watchdog. Pure, so that the rules are tested without a systemd.
 *
 * @param socket   {@code $NOTIFY_SOCKET}; empty when herald does not run under systemd
 * @param watchdog the ping interval, half of {@code $WATCHDOG_USEC} as sd_watchdog_enabled(3)
 *                 advises; empty when no watchdog is set or it is meant for another process
 */
public record NotifyEnvironment(Optional<String> socket, Optional<Duration> watchdog) {
    /** The environment of this process. */
    public static NotifyEnvironment current() {
        return of(System.getenv(), ProcessHandle.current().pid());
    }

    /**
     * @param pid this process: a {@code $WATCHDOG_PID} naming another one (herald started by a
     *            wrapper that did not exec) means the watchdog is not ours
     */
    public static NotifyEnvironment of(Map<String, String> env, long pid) {
        String s = env.get("NOTIFY_SOCKET");
        Optional<String> socket = s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
        return new NotifyEnvironment(socket, socket.isEmpty() ? Optional.empty() : watchdog(env, pid));
    }

    private static Optional<Duration> watchdog(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        if (usec == null || usec.isEmpty()) {
            return Optional.empty();
        }
        String wpid = env.get("WATCHDOG_PID");
        try {
            if (wpid != null && !wpid.isEmpty() && Long.parseLong(wpid.trim()) != pid) {
                return Optional.empty();
            }
            long us = Long.parseLong(usec.trim());
            if (us <= 0) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos(us * 1000 / 2));
        } catch (NumberFormatException e) {
            return Optional.empty(); // as sd_watchdog_enabled(3): unparsable means no watchdog
        }
    }
}
