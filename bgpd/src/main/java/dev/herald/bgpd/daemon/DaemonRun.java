package dev.herald.bgpd.daemon;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import dev.herald.config.HeraldConfig;

/**
 * {@code herald run}'s life of a daemon: the signal handlers first (a signal from then on is this
 * daemon's), the start, whatever is attached (admin API, metrics, SIGHUP reload), the wait for a
 * stop, then the stop that was asked for: SIGTERM's {@link Daemon#close()} (graceful restart) or
 * {@link Daemon#shutdown}'s and SIGINT's withdraw and Cease/2, after a drain when one is set
 * (docs/adr/0003-stop-semantics.md).
 */
final class DaemonRun {
    private static final System.Logger LOG = System.getLogger("daemon");

    private DaemonRun() {
    }

    /** {@link Daemon#run(HeraldConfig, Path, Function)}. */
    static int run(HeraldConfig config, Path stateDir,
            Function<Daemon, AutoCloseable> attach) {
        CountDownLatch stop = new CountDownLatch(1);
        AtomicReference<String> shutdownMessage = new AtomicReference<>();
        Hangup hangup = new Hangup();
        // Before any source or session starts: a signal from now on is this daemon's (ProcessSignals).
        ProcessSignals.install(stop::countDown, () -> {
            shutdownMessage.compareAndSet(null, Daemon.INTERRUPT_MESSAGE);
            stop.countDown();
        }, hangup::signalled);
        Daemon daemon = Daemon.start(config, hangup, new RestartMarker(stateDir));
        AtomicReference<Duration> requestedDrain = new AtomicReference<>();
        daemon.onShutdownRequest = (message, drain) -> {
            if (shutdownMessage.compareAndSet(null, message)) {
                requestedDrain.set(drain);
            }
            stop.countDown();
        };
        AutoCloseable attached = attach.apply(daemon);
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // herald shutdown --drain, or SIGTERM with drain.before-stop; Ctrl-C stops at once. While the
        // drain lasts the admin API still answers, so herald status shows it.
        Duration drain = shutdownMessage.get() == null ? daemon.config().drain().beforeStop()
                : Objects.requireNonNullElse(requestedDrain.get(), Duration.ZERO);
        daemon.drainFor(drain);
        hangup.detach();
        try {
            attached.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "stopping the admin API and metrics: {0}", e.toString());
        }
        String message = shutdownMessage.get();
        if (message != null) {
            daemon.doShutdown(message);
        } else {
            daemon.close();
        }
        return 0;
    }
}
