package dev.herald.sources.health;

import io.netty.channel.EventLoopGroup;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.function.Consumer;

/** Runs each probe on its own virtual thread; a kill aborts the probe and interrupts the thread. */
final class ProbeThreads implements ProbeLauncher, AutoCloseable {
    private final EventLoopGroup group;
    private HttpClient http;

    /** @param group the event loops for {@code http+unix} checks */
    ProbeThreads(EventLoopGroup group) {
        this.group = group;
    }

    @Override
    public Launched launch(HealthCheckSettings settings, Consumer<ProbeResult> done) {
        ProbeRun run = probe(settings.probe(), settings.timeout());
        Thread t = Thread.ofVirtual().name("health-" + settings.name()).start(() -> done.accept(call(run)));
        return () -> {
            run.abort();
            t.interrupt();
        };
    }

    private static ProbeResult call(ProbeRun run) {
        try {
            return run.call();
        } catch (InterruptedException e) {
            return ProbeResult.fail("interrupted");
        } catch (Exception e) {
            // "Connection refused", "No such file or directory": the reason alone, for status and logs
            return ProbeResult.fail(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private ProbeRun probe(Probe probe, Duration timeout) {
        return switch (probe) {
            case Probe.Exec e -> new ExecProbe(e);
            case Probe.Tcp t -> new TcpProbe(t, timeout);
            case Probe.Http h -> new HttpProbe(h, timeout, http(), group);
            case Probe.File f -> new FileProbe(f);
        };
    }

    /** One JDK client for all http checks, made on the first: its selector thread is not free. */
    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            http.shutdownNow();
        }
    }
}
