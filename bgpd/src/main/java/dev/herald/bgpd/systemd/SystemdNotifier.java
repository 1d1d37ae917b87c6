package dev.herald.bgpd.systemd;

import dev.herald.bgpd.daemon.Daemon;
import dev.herald.bgpd.daemon.OffLoopTimer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * herald's side of Type=notify: READY=1 once the daemon runs with its sources' first view in the
 * RIB, a STATUS= line kept current, WATCHDOG=1 at half of WatchdogSec, STOPPING=1 when it stops.
 * Does nothing when {@code $NOTIFY_SOCKET} is not set.
 *
 * <p>The watchdog ping is sent only after the RIB thread answered a query: a RIB that stopped
 * working stops the pings, and systemd restarts herald (peers keep the routes as stale across
 * it, as after any restart). The ticks are timed by one of the daemon's event loops and run off
 * it ({@link OffLoopTimer}): the RIB query can wait, and a sendto to a full socket blocks.
 */
public final class SystemdNotifier implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("systemd");
    /** How often STATUS= is refreshed when there is no faster watchdog. */
    static final Duration STATUS_INTERVAL = Duration.ofSeconds(5);

    private final Daemon daemon;
    private final NotifySocket socket;
    private final boolean watchdog;
    private final OffLoopTimer timer;
    private volatile boolean failed;
    private final Duration interval;

    private SystemdNotifier(Daemon daemon, NotifySocket socket, Duration interval, boolean watchdog) {
        this.daemon = daemon;
        this.socket = socket;
        this.watchdog = watchdog;
        this.timer = socket == null ? null : new OffLoopTimer(daemon.eventLoops().next(), "herald-sd-notify");
        this.interval = interval;
    }

    /** Starts the STATUS=/WATCHDOG=1 ticks: only after READY=1, so systemd never hears a ping first. */
    private void startTicking() {
        if (timer != null) {
            timer.every(interval, interval, this::tick);
        }
    }

    /**
     * Tells systemd that herald is ready, and keeps telling it how herald is. Call when
     * {@link Daemon#start} has returned: every source's start waits for its first complete view
     * (or its initial wait), so the sources' initial sync is done.
     */
    public static SystemdNotifier start(Daemon daemon, NotifyEnvironment env) {
        if (env.socket().isEmpty()) {
            return new SystemdNotifier(daemon, null, STATUS_INTERVAL, false);
        }
        NotifySocket socket;
        try {
            socket = new NotifySocket(env.socket().get());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "systemd notification socket unusable, no READY/WATCHDOG: {0}", e.getMessage());
            return new SystemdNotifier(daemon, null, STATUS_INTERVAL, false);
        }
        Duration interval = env.watchdog().filter(w -> w.compareTo(STATUS_INTERVAL) < 0).orElse(STATUS_INTERVAL);
        SystemdNotifier n = new SystemdNotifier(daemon, socket, interval, env.watchdog().isPresent());
        String status = n.status(); // also waits until the RIB thread has applied the sources' first views
        n.send("READY=1\nSTATUS=" + status + (n.watchdog ? "\nWATCHDOG=1" : ""));
        n.startTicking(); // not earlier: on a loaded machine a tick could beat READY=1 (status() waits for the RIB)
        env.watchdog().ifPresent(w -> LOG.log(Level.INFO, "systemd watchdog: pinging every {0} ms", Long.toString(w.toMillis())));
        return n;
    }

    private String status() {
        try {
            return StatusLine.of(daemon.peers(), daemon.rib().size(), daemon.sourceNames());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "stopping";
        }
    }

    private void tick() {
        try {
            String status = status();
            send((watchdog ? "WATCHDOG=1\n" : "") + "STATUS=" + status);
        } catch (RuntimeException e) {
            // No ping: if this persists, systemd's watchdog restarts herald, which is the point.
            LOG.log(Level.WARNING, "systemd status not sent: {0}", e.toString());
        }
    }

    private void send(String state) {
        try {
            socket.send(state);
            if (failed) {
                failed = false;
                LOG.log(Level.INFO, "systemd notification socket works again");
            }
        } catch (IOException e) {
            if (!failed) {
                failed = true;
                LOG.log(Level.WARNING, "systemd notification not sent: {0}", e.getMessage());
            }
        }
    }

    /** STOPPING=1, then no more pings. */
    @Override
    public void close() {
        if (socket == null) {
            return;
        }
        timer.close(); // waits briefly for a tick in flight: it goes out before STOPPING
        send("STOPPING=1\nSTATUS=stopping");
        socket.close();
    }
}
