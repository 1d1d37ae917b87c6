package dev.herald.bgpd.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotifyEnvironmentTest {
    @Test
    void noSocketMeansNoNotificationsAndNoWatchdog() {
        assertEquals(new NotifyEnvironment(Optional.empty(), Optional.empty()),
                NotifyEnvironment.of(Map.of("WATCHDOG_USEC", "1000000"), 42));
        assertEquals(Optional.empty(), NotifyEnvironment.of(Map.of("NOTIFY_SOCKET", ""), 42).socket());
    }

    @Test
    void watchdogPingsAtHalfTheTimeout() {
        var env = NotifyEnvironment.of(Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "30000000"), 42);
        assertEquals(Optional.of("/run/systemd/notify"), env.socket());
        assertEquals(Optional.of(Duration.ofSeconds(15)), env.watchdog());
    }

    @Test
    void watchdogOfAnotherProcessIsNotOurs() {
        var mine = Map.of("NOTIFY_SOCKET", "@x", "WATCHDOG_USEC", "2000000", "WATCHDOG_PID", "42");
        var other = Map.of("NOTIFY_SOCKET", "@x", "WATCHDOG_USEC", "2000000", "WATCHDOG_PID", "43");
        assertEquals(Optional.of(Duration.ofSeconds(1)), NotifyEnvironment.of(mine, 42).watchdog());
        assertEquals(Optional.empty(), NotifyEnvironment.of(other, 42).watchdog());
    }

    @Test
    void unparsableOrZeroWatchdogIsOff() {
        assertEquals(Optional.empty(), NotifyEnvironment.of(Map.of("NOTIFY_SOCKET", "@x", "WATCHDOG_USEC", "soon"), 1).watchdog());
        assertEquals(Optional.empty(), NotifyEnvironment.of(Map.of("NOTIFY_SOCKET", "@x", "WATCHDOG_USEC", "0"), 1).watchdog());
    }
}
