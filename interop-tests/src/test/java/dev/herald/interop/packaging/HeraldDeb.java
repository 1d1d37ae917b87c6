package dev.herald.interop.packaging;

import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.interop.lab.Exec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The .deb packaging/build-deb.sh makes from this build, built once per test JVM. */
final class HeraldDeb {
    /**
     * The installed herald's config in these tests: listening on 127.0.0.1 port 179 (the
     * capability test), peer tor1 on a closed loopback port (its session stays down), a static
     * prefix and the kernel's static blackholes; {@code tor1Lines} are more keys of tor1.
     */
    static HeraldYaml config(String tor1Lines) {
        return HeraldYaml.lab().listen("127.0.0.1", 179)
                .peer(HeraldYaml.Peer.of("tor1", "127.0.0.1", 65001).port(9).connectRetry(30)
                        .line("next-hop: { ipv4: 192.0.2.1 }").line(tor1Lines))
                .statics("203.0.113.0/24").source("kernel:\n  protocols: [static]\n  types: [blackhole]");
    }

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static Path deb;
    private static Lintian lintian;

    private HeraldDeb() {
    }

    static synchronized Path get() throws Exception {
        if (deb == null) {
            long t0 = System.nanoTime();
            Path out = Files.createDirectories(Path.of("target/deb").toAbsolutePath());
            // Uncompressed: gzip of 35 MB costs CI about 10 s and tests dpkg-deb, not herald.
            Exec.Result built = Exec.run(List.of("env", "DEB_COMPRESS=none", "bash",
                    REPO.resolve("packaging/build-deb.sh").toString(), out.toString()), Duration.ofMinutes(3)).check();
            deb = Path.of(built.stdout().strip());
            System.out.println("build-deb.sh: " + (System.nanoTime() - t0) / 1_000_000 + " ms, "
                    + Files.size(deb) / 1024 + " KiB " + deb);
            lintian = Lintian.start(deb);
        }
        return deb;
    }

    /** lintian on the .deb, running since it was built; null when lintian is not installed. */
    static synchronized Lintian lintian() throws Exception {
        get();
        return lintian;
    }
}
