package dev.herald.bgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.bgpd.TestLoops;
import dev.herald.config.ConfigLoader;
import dev.herald.config.HealthCheckConfig;
import dev.herald.os.http.Response;
import dev.herald.os.http.UnixHttpServer;
import dev.herald.sources.health.HealthCheckSettings;
import dev.herald.sources.health.HealthCheckState;
import dev.herald.sources.health.HealthChecks;
import dev.herald.sources.health.HealthListener;
import dev.herald.sources.health.Probe;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OVN and LXD checks of examples/health-checks.yaml, run by the checks' runner as the daemon runs
 * them, against stand-ins: the {@code ovn-controller} check's own shell pipeline with an
 * {@code ovn-appctl} on its PATH that prints what ovn-controller's {@code connection-status} prints
 * ("connected", "not connected"), and the {@code lxd} check's GET of {@code /1.0} with the socket path
 * swapped for a unix-socket server that answers as LXD does. Only the socket path and the PATH differ
 * from the example; interval, rise and fall are shortened so that the test takes seconds.
 */
class HealthExampleTest {
    private static final Path EXAMPLE = Path.of("../examples/health-checks.yaml");
    @TempDir
    Path dir;

    private static HealthCheckSettings example(String name) throws Exception {
        return ConfigLoader.load(EXAMPLE).healthChecks().stream().map(HealthCheckConfig::settings)
                .filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** The example's check with another probe, run every {@code interval} (also its timeout), Up or Down after one result. */
    private static HealthCheckSettings quick(HealthCheckSettings s, Probe probe, Duration interval) {
        return new HealthCheckSettings(s.name(), probe, interval, interval, 1, 1,
                s.startUp(), s.onFailure());
    }

    /** The states the runner reports, Starting first. */
    private static final class States implements HealthListener {
        final BlockingQueue<HealthCheckState.State> seen = new LinkedBlockingQueue<>();

        @Override
        public void changed(HealthCheckState state) {
            seen.add(state.state());
        }

        /** The next state reported; null after a bound that only ends a broken test. */
        HealthCheckState.State next() throws InterruptedException {
            return seen.poll(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void ovnControllerCheckPassesOnlyWhileConnected() throws Exception {
        HealthCheckSettings s = example("ovn-controller");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path status = dir.resolve("status");
        Files.writeString(status, "not connected\n");
        Path appctl = bin.resolve("ovn-appctl");
        // ovn-appctl -t ovn-controller connection-status: the line ovn-controller answers with.
        Files.writeString(appctl, "#!/bin/sh\n[ \"$1 $2 $3\" = \"-t ovn-controller connection-status\" ] || exit 2\n"
                + "cat " + status + "\n");
        Files.setPosixFilePermissions(appctl, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> argv = new ArrayList<>(List.of("/usr/bin/env", "PATH=" + bin + ":/usr/bin:/bin"));
        argv.addAll(((Probe.Exec) s.probe()).argv());
        States states = new States();
        try (HealthChecks checks = new HealthChecks(List.of(quick(s, new Probe.Exec(argv), Duration.ofSeconds(1))), states, TestLoops.SHARED)) {
            checks.start();
            assertEquals(HealthCheckState.State.STARTING, states.next());
            assertEquals(HealthCheckState.State.DOWN, states.next(), "\"not connected\" is no pass");
            Files.writeString(status, "connected\n");
            assertEquals(HealthCheckState.State.UP, states.next());
            Files.writeString(status, "connected (but stale)\n");
            assertEquals(HealthCheckState.State.DOWN, states.next(), "only the exact line passes");
        }
    }

    @Test
    void lxdCheckPassesWhileLxdAnswersOnItsSocket() throws Exception {
        HealthCheckSettings s = example("lxd");
        Probe.Http http = (Probe.Http) s.probe();
        Path socket = dir.resolve("unix.socket");
        UnixHttpServer lxd = UnixHttpServer.bind(TestLoops.SHARED, socket, r -> new Response(200,
                "{\"type\":\"sync\",\"status\":\"Success\",\"status_code\":200,\"metadata\":{\"api_status\":\"stable\"}}"
                        .getBytes(StandardCharsets.UTF_8)),
                why -> new Response(400, new byte[0]), Executors.newVirtualThreadPerTaskExecutor(), 5_000);
        URI uri = URI.create(http.uri().toString().replace(URLEncoder.encode("/var/lib/lxd/unix.socket", StandardCharsets.UTF_8),
                URLEncoder.encode(socket.toString(), StandardCharsets.UTF_8)));
        assertEquals("/1.0", uri.getPath(), uri.toString());
        States states = new States();
        try (HealthChecks checks = new HealthChecks(List.of(quick(s,
                // The example's own timeout: a first unix-socket GET took over 1 s on the loaded build machine.
                new Probe.Http(uri, http.minStatus(), http.maxStatus(), http.body()), s.timeout())), states,
                TestLoops.SHARED)) {
            checks.start();
            assertEquals(HealthCheckState.State.STARTING, states.next());
            assertEquals(HealthCheckState.State.UP, states.next(), "LXD answers /1.0");
            lxd.close();
            assertEquals(HealthCheckState.State.DOWN, states.next(), "LXD gone from its socket");
        } finally {
            lxd.close();
        }
    }
}
