package dev.herald.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.interop.lab.RequiresHeraldLab;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.Herald;
import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 8654 extended messages against real routers. herald offers capability 6 by default; the
 * router is told to offer it where it needs telling (BIRD, OpenBGPD; FRR and GoBGP 4.8 always offer
 * it; GoBGP 3.x has no RFC 8654). Checked from both ends: the router's own neighbour view says negotiated or
 * not, {@code herald peers r1 --json} lists {@code extended-message} or not; and herald's UPDATE
 * count for {@value #PREFIXES} IPv4 /24s shows the packing: with 4096-byte messages they need at
 * least {@link #MIN_AT_4096} UPDATEs (at most 1018 four-byte NLRI fit after the header and
 * attributes), so fewer means UPDATEs larger than 4096 bytes. Either way the router ends up with
 * every prefix.
 */
@ExtendWith(RequiresHeraldLab.class)
class ExtendedMessageIT {
    static final int PREFIXES = 10_000;
    /** 4096 - 19 (header) - 4 (two length fields) leaves 4073 bytes for attributes and NLRI: at most 1018 /24s. */
    static final int MIN_AT_4096 = (PREFIXES + 1017) / 1018;
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    static String config(LabLink link, Path prefixes, Path socket, boolean extendedMessage) {
        return HeraldYaml.lab().admin(socket).peer(link.heraldPeer("r1").families("ipv4-unicast").holdTime(30)
                .connectRetry(1).line("extended-message: " + extendedMessage)).staticFile(prefixes).build();
    }

    /** 10.0.0.0/24, 10.0.1.0/24, ... */
    static Path prefixFile(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < PREFIXES; i++) {
            sb.append("10.").append(i >> 8).append('.').append(i & 0xFF).append(".0/24\n");
        }
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve("prefixes.txt"), sb);
    }

    /** Routers with RFC 8654, offering it: negotiated, and the table goes in UPDATEs above 4096 bytes. */
    @ParameterizedTest(name = "extended messages with {0}")
    @EnumSource(value = RouterKind.class, names = {"FRR_TRIXIE", "FRR_HOST", "FRR_SID", "BIRD_TRIXIE",
            "BIRD_HOST", "BIRD_SID", "BIRD3_SID", "OPENBGPD_TRIXIE", "OPENBGPD_SID", "GOBGP_SID"})
    void negotiatedAndPackedPast4096(RouterKind kind) throws IOException {
        run(kind, true, true);
    }

    /** GoBGP 3.x has no RFC 8654 (4.8 has): not negotiated, herald packs to 4096 and GoBGP gets the whole table. */
    @ParameterizedTest(name = "no extended messages with {0}: 4096-byte UPDATEs")
    @EnumSource(value = RouterKind.class, names = {"GOBGP_TRIXIE", "GOBGP_HOST"})
    void routerWithoutItGets4096ByteUpdates(RouterKind kind) throws IOException {
        run(kind, true, false);
    }

    /** {@code extended-message: false}: FRR offers it, herald does not, so it is not negotiated. */
    @ParameterizedTest(name = "extended-message: false toward {0}")
    @EnumSource(value = RouterKind.class, names = {"FRR_HOST"})
    void turnedOffInHeraldsConfig(RouterKind kind) throws IOException {
        run(kind, false, false);
    }

    private static void run(RouterKind kind, boolean heraldOffers, boolean negotiated) throws IOException {
        kind.require();
        try (LabLink link = LabLink.create("extmsg-" + kind.name())) {
            Router router = link.own(kind.start(link.routerNs(), RouterConfig.standard(link).withOptions(
                    RouterConfig.Options.NONE.withExtendedMessage()), link.logDir().resolve("router")));
            Path socket = link.logDir().resolve("herald.sock");
            Herald herald = link.own(Herald.start(link.speakerNs(), config(link, prefixFile(link.logDir()), socket,
                    heraldOffers), link.logDir().resolve("herald")));
            router.awaitRoutes(Family.IPV4_UNICAST, "all " + PREFIXES + " prefixes", TIMEOUT, t -> {
                herald.checkAlive();
                return t.size() >= PREFIXES;
            });
            assertEquals(PREFIXES, router.routes(Family.IPV4_UNICAST).size(), "the whole table, nothing more");

            Optional<Boolean> routerView = router.extendedMessage(link.speakerV4());
            String detail = router.neighborDetail(link.speakerV4());
            Files.writeString(link.logDir().resolve("router-neighbor.txt"), detail); // what the verdict was read from
            assertEquals(Optional.of(negotiated), routerView, () -> kind + "'s own view of the session:\n" + detail);

            String peer = Herald.cli(socket, "peers", "r1", "--json").check().stdout();
            assertEquals(negotiated, peer.contains("\"extended-message\""), () -> "herald's capabilities:\n" + peer);
            long updates = Herald.updatesSent(socket, "r1") - 1; // less the End-of-RIB
            if (negotiated) {
                assertTrue(updates < MIN_AT_4096, updates + " UPDATEs for " + PREFIXES + " prefixes: some must exceed"
                        + " 4096 bytes (at 4096 at least " + MIN_AT_4096 + ")");
            } else {
                assertTrue(updates >= MIN_AT_4096, updates + " UPDATEs: no more than 4096 bytes each needs " + MIN_AT_4096);
            }
            System.err.printf("[lab] %s (%s): extended message %s, %d prefixes in %d UPDATEs%n", kind, router.version(),
                    negotiated ? "negotiated" : "not negotiated", PREFIXES, updates);
        }
    }
}
