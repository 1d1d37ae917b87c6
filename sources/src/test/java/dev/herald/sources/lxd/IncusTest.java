package dev.herald.sources.lxd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Incus: the same /1.0 API as LXD, found at its own sockets. */
class IncusTest {
    @Test
    void incusSocketsFollowLxdsInTheOrderIncusItselfLooks() {
        assertEquals(List.of(Path.of("/var/snap/lxd/common/lxd/unix.socket"), Path.of("/var/lib/lxd/unix.socket"),
                Path.of("/run/incus/unix.socket"), Path.of("/var/lib/incus/unix.socket")), LxdSource.DEFAULT_SOCKETS);
        assertEquals(Path.of("/var/lib/lxd/unix.socket"), LxdSource.FALLBACK_SOCKET);
    }

    @Test
    void anIncusServerReadsLikeLxd() throws Exception {
        // Incus keeps LXD's API extension names and environment keys; environment.server says "incus"
        FixtureClient lxd = FixtureClient.bridge();
        FixtureClient incus = FixtureClient.bridge();
        incus.putText("/1.0", incus.text("/1.0").replace("\"server\": \"lxd\"", "\"server\": \"incus\"")
                .replace("\"server_version\": \"5.0.2\"", "\"server_version\": \"6.0.4\""));
        List<String> bad = new ArrayList<>();
        LxdSnapshot a = new LxdLoader(lxd, bad).full(null);
        LxdSnapshot b = new LxdLoader(incus, bad).full(null);
        assertEquals(List.of(), bad);
        assertEquals("lxd", a.server().product());
        assertEquals("incus", b.server().product());
        assertEquals(LxdAnnouncer.compute(a, LxdSettings.defaults()), LxdAnnouncer.compute(b, LxdSettings.defaults()));
    }
}
