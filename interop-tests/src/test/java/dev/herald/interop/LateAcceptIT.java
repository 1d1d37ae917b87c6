package dev.herald.interop;

import static dev.herald.interop.lab.Lab.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.Netns;
import dev.herald.interop.lab.RequiresHeraldLab;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * BIRD 2 takes any connection it accepts while a session with graceful restart is Established as
 * the peer restarting, at accept time, and resets the Established session
 * ({@code bgp_incoming_connection}). The fan-out benchmark's 42 s outlier (docs/benchmarks.md):
 * herald's outgoing connection, answered by BIRD's kernel but not yet taken by BIRD (its accept
 * queue full, so the handshake's last ACK was dropped), completed after the session had come up
 * the other way, and BIRD reset that session.
 *
 * <p>Made deterministic here with two firewall rules in BIRD's namespace: BIRD's own connects are
 * refused until herald's outgoing connection is in OpenSent, and every packet of that connection
 * but its SYN and a RST is dropped (BIRD's kernel keeps it half-open, as a full accept queue
 * does). Once the session is Established on BIRD's connection the second rule goes: herald's
 * retransmitted ACK completes the handshake, unless herald has reset the connection by then.
 * The Established session must stay up.
 */
@ExtendWith(RequiresHeraldLab.class)
class LateAcceptIT {
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    /**
     * The longest the half-open connection can last once its packets get through: herald's ACK
     * answers BIRD's next SYN-ACK retry (1, 3, 7, 15, 31 s after the SYN), if a retransmission of
     * herald's OPEN did not complete the handshake before.
     */
    static final Duration HALF_OPEN_MAX = Duration.ofSeconds(35);
    /** BIRD resets the session as it accepts, within milliseconds (0.5 s measured); a bound, not a speed check. */
    static final Duration AFTER = Duration.ofSeconds(3);

    @Test
    void establishedSessionSurvivesHeraldsLateOutgoingConnection() throws IOException {
        RouterKind kind = RouterKind.BIRD_TRIXIE;
        kind.require();
        Lab.require(Lab.onPath("iptables"), "LateAcceptIT needs iptables; install it: apt-get install iptables");
        try (LabLink link = LabLink.create("late-accept")) {
            Netns bird = link.routerNs();
            String herald = link.speakerV4().getHostAddress();
            // BIRD's connects to herald fail at once (it retries every 2 s) until herald has connected out.
            List<String> refuseBird = List.of("OUTPUT", "-p", "tcp", "-d", herald, "--dport", "179", "--syn",
                    "-j", "REJECT", "--reject-with", "tcp-reset");
            // Herald's outgoing connection: the SYN is answered, the rest (but a RST) never arrives.
            List<String> holdHerald = List.of("INPUT", "-p", "tcp", "-s", herald, "--dport", "179",
                    "--tcp-flags", "SYN,RST", "NONE", "-j", "DROP");
            iptables(bird, "-A", refuseBird);
            iptables(bird, "-A", holdHerald);

            Router router = link.own(kind.start(bird, RouterConfig.standard(link)
                    .withOptions(RouterConfig.Options.NONE.withGracefulRestart()), link.logDir().resolve("bird")));
            String yaml = HeraldYaml.lab().listen(herald, 179).peer(link.heraldPeer("r1").holdTime(9).connectRetry(1)
                    .line("graceful-restart: { restart-time: 120 }")).statics("203.0.113.0/24").build();
            Herald h = link.own(Herald.start(link.speakerNs(), yaml, link.logDir().resolve("herald")));

            Runnable diag = () -> System.err.println("[lab] LateAcceptIT sockets: herald side\n"
                    + link.speakerNs().exec("ss", "-tan").stdout() + "BIRD side\n" + bird.exec("ss", "-tan").stdout()
                    + router.dump() + bird.exec("iptables", "-w", "-S").stdout() + bird.exec("iptables", "-w", "-L", "-v", "-n").stdout());
            await("herald's outgoing connection up (OpenSent, its OPEN held back)", h, diag,
                    () -> link.speakerNs().exec("ss", "-Htn", "state", "established", "dport", "=", ":179").stdout().contains(":179"));
            iptables(bird, "-D", refuseBird);
            await("the session Established on BIRD's connection", h, diag, () -> count(h, ": Established,") == 1);
            long upAt = System.nanoTime();

            iptables(bird, "-D", holdHerald);
            // Until the half-open connection is gone from BIRD's kernel (accepted, or removed by a RST
            // of herald's), then a little longer for BIRD to act on an accepted one.
            long end = System.nanoTime() + HALF_OPEN_MAX.toNanos();
            while (System.nanoTime() < end && !bird.exec("ss", "-Htn", "state", "syn-recv").stdout().isBlank()) {
                h.checkAlive();
                sleep(100);
            }
            end = System.nanoTime() + AFTER.toNanos();
            while (System.nanoTime() < end && count(h, ": down:") == 0) {
                h.checkAlive();
                sleep(100);
            }
            int downs = count(h, ": down:");
            String birdSaw = router.logTails().lines()
                    .filter(l -> l.contains("peer1") && !l.contains("<TRACE>")).reduce("", (a, b) -> a + "\n  " + b);
            System.err.printf("[lab] LateAcceptIT: %d reset(s) of the Established session within %.1f s of it coming up; BIRD's log:%s%n"
                    + "BIRD's sockets now:%n%s",
                    downs, (System.nanoTime() - upAt) / 1e9, birdSaw, bird.exec("ss", "-tan").stdout());
            assertEquals(0, downs, "BIRD reset the Established session when it accepted herald's late connection\n--- herald ---\n"
                    + h.logTail() + "\n--- BIRD ---" + birdSaw);
        }
    }

    private static void iptables(Netns ns, String op, List<String> rule) {
        List<String> cmd = new java.util.ArrayList<>(List.of("iptables", "-w", op));
        cmd.addAll(rule);
        ns.exec(cmd.toArray(String[]::new)).check();
    }

    private static int count(Herald h, String text) {
        try {
            return (int) Files.readString(h.daemon().log()).lines().filter(l -> l.contains(text)).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void await(String what, Herald h, Runnable diagnose, BooleanSupplier done) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!done.getAsBoolean()) {
            h.checkAlive();
            if (System.nanoTime() > deadline) {
                diagnose.run();
                throw new AssertionError("timed out waiting for " + what + "\n--- herald ---\n" + h.logTail());
            }
            sleep(100);
        }
    }
}
