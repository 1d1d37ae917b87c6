package dev.herald.interop;

import static dev.herald.interop.lab.Lab.sleep;
import dev.herald.bgpd.testkit.HeraldYaml;
import static dev.herald.interop.lab.RawSpeaker.message;
import static dev.herald.interop.lab.RawSpeaker.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.RawSpeaker;
import dev.herald.interop.lab.RouteChecks;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterKind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A raw test peer (a plain socket in herald's namespace, hand-written bytes) sends herald every
 * kind of malformed header, OPEN and UPDATE, each on its own passive peer at its own loopback
 * address (127.0.0.N), while herald's session with a real FRR carries herald's routes. Each case
 * gets exactly the NOTIFICATION (code, subcode, data) RFC 4271 section 6 prescribes and the
 * connection is closed; UPDATEs RFC 7606 says to treat as withdraw get no NOTIFICATION and the
 * session answers a ROUTE-REFRESH after them. FRR's session never drops: its count of times
 * Established stays 1 and it keeps herald's route. One herald and one FRR serve every case.
 */
class MalformedMessagesIT {
    static final IpPrefix ROUTE = IpPrefix.parse("203.0.113.0/24");
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final InetSocketAddress HERALD = new InetSocketAddress(IpPrefix.address("127.0.0.1"), 179);
    /** ORIGIN IGP, AS_PATH [65002] (4-octet ASes), NEXT_HOP 192.0.2.9. */
    static final String ATTRS = "40 01 01 00 | 40 02 06 02 01 0000fdea | 40 03 04 c0000209";
    static final String NLRI = "18 c63364";
    /** The raw peer's AS, 65002 (0xfdea), and herald's, 65010 (0xfdf2). */
    static final long RAW_AS = 65002;

    enum Stage {
        /** Sent instead of the raw peer's OPEN, herald being in OpenSent. */
        OPEN_SENT,
        /** Sent once the session is Established and herald has sent its table. */
        ESTABLISHED
    }

    record Case(String name, String rfc, Stage stage, byte[] bytes, String expected, long asn) {
        Case(String name, String rfc, Stage stage, byte[] bytes, String expected) {
            this(name, rfc, stage, bytes, expected, RAW_AS);
        }
    }

    static byte[] withLength(byte[] m, int length) {
        m[16] = (byte) (length >>> 8);
        m[17] = (byte) length;
        return m;
    }

    static byte[] badMarker() {
        byte[] m = message(RawSpeaker.KEEPALIVE, "");
        m[3] = 0;
        return m;
    }

    /** Expected NOTIFICATIONs as "code/subcode" or "code/subcode data=HEX". */
    static final List<Case> RESETS = List.of(
            new Case("marker not all ones", "RFC 4271 6.1", Stage.OPEN_SENT, badMarker(), "1/1"),
            new Case("length below 19", "RFC 4271 6.1", Stage.OPEN_SENT,
                    withLength(message(RawSpeaker.KEEPALIVE, ""), 18), "1/2 data=0012"),
            new Case("length above 4096 without extended messages", "RFC 4271 6.1, RFC 8654", Stage.OPEN_SENT,
                    withLength(message(RawSpeaker.UPDATE, "0000 0000"), 4097), "1/2 data=1001"),
            new Case("unknown message type 7", "RFC 4271 6.1", Stage.OPEN_SENT, message(7, "00"), "1/3 data=07"),
            new Case("KEEPALIVE with a body", "RFC 4271 6.1", Stage.OPEN_SENT, message(RawSpeaker.KEEPALIVE, "00"),
                    "1/2 data=0014"),
            new Case("OPEN below its minimum length", "RFC 4271 6.1", Stage.OPEN_SENT,
                    message(RawSpeaker.OPEN, "04 fdea 005a 0a000002"), "1/2 data=001c"),
            new Case("OPEN version 3", "RFC 4271 6.2", Stage.OPEN_SENT,
                    message(RawSpeaker.OPEN, "03 fdea 005a 0a000002 00"), "2/1 data=0004"),
            new Case("bad peer AS in My Autonomous System", "RFC 4271 6.2", Stage.OPEN_SENT,
                    message(RawSpeaker.OPEN, "04 fe4b 005a 0a000002 08 02 06 41 04 0000fe4b"), "2/2"),
            // My AS 65002 (configured) but the capability says 65099: a mismatch refused as FRR's
            // bgp_open_receive does, with the capability's AS as data.
            new Case("bad peer AS in the 4-octet AS capability", "RFC 6793 4.1", Stage.OPEN_SENT,
                    message(RawSpeaker.OPEN, "04 fdea 005a 0a000002 08 02 06 41 04 0000fe4b"), "2/2 data=0000fe4b"),
            new Case("BGP identifier 0.0.0.0", "RFC 4271 6.2, RFC 6286 2.2", Stage.OPEN_SENT,
                    message(RawSpeaker.OPEN, "04 fdea 005a 00000000 00"), "2/3"),
            new Case("internal peer with herald's BGP identifier", "RFC 6286 2.2", Stage.OPEN_SENT,
                    message(RawSpeaker.OPEN, "04 fdf2 005a c0000201 00"), "2/3", 65010),
            new Case("hold time 1", "RFC 4271 6.2", Stage.OPEN_SENT,
                    message(RawSpeaker.OPEN, "04 fdea 0001 0a000002 00"), "2/6"),
            new Case("hold time 2", "RFC 4271 6.2", Stage.OPEN_SENT,
                    message(RawSpeaker.OPEN, "04 fdea 0002 0a000002 00"), "2/6"),
            new Case("unsupported optional parameter (authentication, type 1)", "RFC 4271 6.2", Stage.OPEN_SENT,
                    message(RawSpeaker.OPEN, "04 fdea 005a 0a000002 04 01 02 abcd"), "2/4"),
            new Case("optional parameters length disagrees with the message", "RFC 4271 6.2", Stage.OPEN_SENT,
                    message(RawSpeaker.OPEN, "04 fdea 005a 0a000002 05 02 02 02 00"), "2/0"),
            new Case("capability with a wrong length", "RFC 5492 3, RFC 4760 8", Stage.OPEN_SENT,
                    message(RawSpeaker.OPEN, "04 fdea 005a 0a000002 07 02 05 01 03 0001 01"), "2/0"),
            new Case("KEEPALIVE before OPEN", "RFC 4271 8.2.2, RFC 6608", Stage.OPEN_SENT,
                    message(RawSpeaker.KEEPALIVE, ""), "5/1"),
            new Case("marker not all ones in Established", "RFC 4271 6.1", Stage.ESTABLISHED, badMarker(), "1/1"),
            new Case("UPDATE below its minimum length", "RFC 4271 6.1", Stage.ESTABLISHED,
                    message(RawSpeaker.UPDATE, "0000 00"), "1/2 data=0016"),
            new Case("second OPEN in Established", "RFC 4271 8.2.2, RFC 6608", Stage.ESTABLISHED,
                    message(RawSpeaker.OPEN, "04 fdea 005a 0a000002 00"), "5/3"),
            new Case("withdrawn routes length overruns the message", "RFC 4271 6.3, RFC 7606 4", Stage.ESTABLISHED,
                    message(RawSpeaker.UPDATE, "0010 0000"), "3/1"),
            new Case("total path attribute length overruns the message", "RFC 4271 6.3, RFC 7606 4", Stage.ESTABLISHED,
                    message(RawSpeaker.UPDATE, "0000 0005 40 01 01 00"), "3/1"),
            new Case("MP_UNREACH_NLRI twice", "RFC 7606 3g", Stage.ESTABLISHED,
                    update("", "80 0f 03 0002 01 | 80 0f 03 0002 01", ""), "3/1"),
            new Case("unrecognized well-known attribute", "RFC 4271 6.3", Stage.ESTABLISHED,
                    update("", ATTRS + "| 40 28 02 abcd", NLRI), "3/2 data=402802abcd"),
            new Case("MP_UNREACH_NLRI with well-known flags", "RFC 4271 6.3, RFC 7606 3c, 5.3", Stage.ESTABLISHED,
                    update("", "40 0f 03 0002 01", ""), "3/4 data=400f03000201"),
            new Case("MP_REACH_NLRI next hop length 5", "RFC 4760 7, RFC 7606 7.11", Stage.ESTABLISHED,
                    update("", "80 0e 0a 0002 01 05 0102030405 00 | 40 01 01 00 | 40 02 00", ""),
                    "3/9 data=800e0a00020105010203040500"),
            new Case("NLRI prefix length 33", "RFC 4271 6.3, RFC 7606 5.3", Stage.ESTABLISHED,
                    update("", ATTRS, "21 c0000201 00"), "3/10"),
            new Case("NLRI prefix cut short", "RFC 4271 6.3, RFC 7606 5.3", Stage.ESTABLISHED,
                    update("", ATTRS, "18 c633"), "3/10"),
            new Case("withdrawn prefix length 40", "RFC 4271 6.3, RFC 7606 5.3", Stage.ESTABLISHED,
                    update("28 0a00000000", "", ""), "3/10"));

    /** UPDATEs RFC 7606 says to treat as withdraw: no NOTIFICATION, the session stays. */
    static final List<Case> WITHDRAWS = List.of(
            new Case("attribute length runs past the attribute list", "RFC 7606 4", Stage.ESTABLISHED,
                    update("", "40 01 05 00", ""), "3/1"),
            new Case("missing ORIGIN", "RFC 7606 3d", Stage.ESTABLISHED,
                    update("", "40 02 06 02 01 0000fdea | 40 03 04 c0000209", NLRI), "3/3"),
            new Case("missing AS_PATH", "RFC 7606 3d", Stage.ESTABLISHED,
                    update("", "40 01 01 00 | 40 03 04 c0000209", NLRI), "3/3"),
            new Case("missing NEXT_HOP", "RFC 7606 3d", Stage.ESTABLISHED,
                    update("", "40 01 01 00 | 40 02 06 02 01 0000fdea", NLRI), "3/3"),
            new Case("ORIGIN with the optional flag (attribute flags error)", "RFC 7606 3c", Stage.ESTABLISHED,
                    update("", "c0 01 01 00 | 40 02 00 | 40 03 04 c0000209", NLRI), "3/4"),
            new Case("ORIGIN of length 2 (attribute length error)", "RFC 7606 7.1", Stage.ESTABLISHED,
                    update("", "40 01 02 0000 | 40 02 00 | 40 03 04 c0000209", NLRI), "3/5"),
            new Case("NEXT_HOP of length 5 (attribute length error)", "RFC 7606 7.3", Stage.ESTABLISHED,
                    update("", "40 01 01 00 | 40 02 00 | 40 03 05 c000020900", NLRI), "3/5"),
            new Case("undefined ORIGIN 3", "RFC 7606 7.1", Stage.ESTABLISHED,
                    update("", "40 01 01 03 | 40 02 00 | 40 03 04 c0000209", NLRI), "3/6"),
            new Case("NEXT_HOP 0.0.0.0", "RFC 4271 6.3, RFC 7606 7.3", Stage.ESTABLISHED,
                    update("", "40 01 01 00 | 40 02 00 | 40 03 04 00000000", NLRI), "3/8"),
            new Case("NEXT_HOP 224.0.0.1 (multicast)", "RFC 4271 6.3, RFC 7606 7.3", Stage.ESTABLISHED,
                    update("", "40 01 01 00 | 40 02 00 | 40 03 04 e0000001", NLRI), "3/8"),
            new Case("AS_PATH segment type 5", "RFC 4271 6.3, RFC 7606 7.2", Stage.ESTABLISHED,
                    update("", "40 01 01 00 | 40 02 06 05 01 0000fdea | 40 03 04 c0000209", NLRI), "3/11"),
            new Case("AS_PATH segment overruns the attribute", "RFC 4271 6.3, RFC 7606 7.2", Stage.ESTABLISHED,
                    update("", "40 01 01 00 | 40 02 06 02 02 0000fdea | 40 03 04 c0000209", NLRI), "3/11"),
            new Case("AS_PATH segment of zero ASes", "RFC 7606 7.2", Stage.ESTABLISHED,
                    update("", "40 01 01 00 | 40 02 02 02 00 | 40 03 04 c0000209", NLRI), "3/11"));

    static LabLink link;
    static Router frr;
    static Herald herald;
    static long frrEstablished;

    static InetAddress rawAddress(int i) {
        return IpPrefix.address("127.0.0." + (10 + i));
    }

    static List<Case> allCases() {
        List<Case> all = new ArrayList<>(RESETS);
        all.addAll(WITHDRAWS);
        return all;
    }

    static String config() {
        HeraldYaml y = HeraldYaml.lab().listen("127.0.0.1", 179)
                .peer(link.heraldPeer("frr").families("ipv4-unicast").holdTime(9).connectRetry(1));
        List<Case> all = allCases();
        for (int i = 0; i < all.size(); i++) {
            y.peer(HeraldYaml.Peer.of("raw-" + i, rawAddress(i), all.get(i).asn()).line("passive: true")
                    .families("ipv4-unicast"));
        }
        return y.statics(ROUTE.toString()).build();
    }

    @BeforeAll
    static void start() {
        Lab.requireLab();
        Herald.requireJar();
        RouterKind.FRR_HOST.require();
        link = LabLink.create("malformed");
        frr = RouterKind.FRR_HOST.startOn(link);
        herald = link.own(Herald.start(link.speakerNs(), config(), link.logDir().resolve("herald")));
        frr.awaitRoutes(Family.IPV4_UNICAST, "herald's route at FRR", TIMEOUT, t -> {
            herald.checkAlive();
            return RouteChecks.prefixes(t).contains(ROUTE);
        });
        frrEstablished = frr.timesEstablished(link.speakerV4()).orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (link != null) {
            link.close();
        }
    }

    /** FRR's session with herald has not dropped since the start and still holds herald's route. */
    static void frrUndisturbed(String after) {
        herald.checkAlive();
        assertTrue(frr.isEstablished(link.speakerV4()), "FRR's session with herald is down after " + after);
        assertEquals(frrEstablished, frr.timesEstablished(link.speakerV4()).orElseThrow(),
                "FRR's session with herald was re-established after " + after);
        assertTrue(RouteChecks.prefixes(frr.routes(Family.IPV4_UNICAST)).contains(ROUTE),
                "FRR lost herald's route after " + after);
    }

    /** Connects as case {@code i}'s peer; herald, passive, answers with its OPEN. */
    static RawSpeaker connect(int i) throws IOException {
        // herald may still be starting its listener for the first case: retry refused connects.
        long until = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                RawSpeaker raw = RawSpeaker.connect(link.speakerNs(), new InetSocketAddress(rawAddress(i), 0), HERALD);
                raw.readUntil(RawSpeaker.OPEN);
                return raw;
            } catch (java.net.ConnectException e) {
                herald.checkAlive();
                if (System.nanoTime() > until) {
                    throw e;
                }
                sleep(200);
            }
        }
    }

    /** OPEN (AS 65002, id 10.0.0.2, IPv4 unicast, route refresh, 4-octet AS), KEEPALIVEs, herald's table and End-of-RIB. */
    static void establish(RawSpeaker raw) throws IOException {
        raw.send(message(RawSpeaker.OPEN, "04 fdea 005a 0a000002 10 02 0e | 01 04 0001 0001 | 02 00 | 41 04 0000fdea"));
        raw.readUntil(RawSpeaker.KEEPALIVE);
        raw.send(message(RawSpeaker.KEEPALIVE, ""));
        // herald's route, then the IPv4 End-of-RIB (an empty UPDATE).
        boolean route = false;
        while (true) {
            byte[] m = raw.readUntil(RawSpeaker.UPDATE);
            route |= carriesRoute(m);
            if (m.length == 23 && route) {
                return;
            }
        }
    }

    /** An UPDATE whose NLRI ends with 203.0.113.0/24. */
    static boolean carriesRoute(byte[] m) {
        int n = m.length;
        return m[18] == RawSpeaker.UPDATE && n > 23 && (m[n - 4] & 0xFF) == 24 && (m[n - 3] & 0xFF) == 203
                && m[n - 2] == 0 && (m[n - 1] & 0xFF) == 113;
    }

    @Test
    void eachMalformedMessageGetsItsNotificationAndFrrStaysEstablished() throws IOException {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < RESETS.size(); i++) {
            Case c = RESETS.get(i);
            try (RawSpeaker raw = connect(i)) {
                if (c.stage() == Stage.ESTABLISHED) {
                    establish(raw);
                }
                raw.send(c.bytes());
                String got;
                boolean closed;
                try {
                    got = raw.readNotification().toString();
                    closed = raw.drainUntilClosed();
                } catch (java.net.SocketTimeoutException e) {
                    got = "no NOTIFICATION within 20 s";
                    closed = false;
                }
                System.err.println("[lab] " + c.name() + " (" + c.rfc() + "): herald sent " + got);
                if (!got.equals(c.expected()) || !closed) {
                    failures.add(c.name() + " (" + c.rfc() + "): expected " + c.expected() + ", got " + got
                            + (closed ? "" : ", connection left open"));
                }
            }
            frrUndisturbed(c.name());
        }
        assertTrue(failures.isEmpty(), () -> failures.size() + " of " + RESETS.size() + " cases wrong:\n"
                + String.join("\n", failures) + "\n--- herald log ---\n" + herald.logTail());
    }

    @Test
    void treatAsWithdrawUpdatesKeepTheSession() throws IOException {
        for (int k = 0; k < WITHDRAWS.size(); k++) {
            int i = RESETS.size() + k;
            Case c = WITHDRAWS.get(k);
            try (RawSpeaker raw = connect(i)) {
                establish(raw);
                raw.send(c.bytes());
                // A ROUTE-REFRESH after it: herald answers with its route again, so it read past
                // the bad UPDATE without a NOTIFICATION (readUntil fails on one) and kept the session.
                raw.send(message(5, "0001 00 01"));
                byte[] again;
                do {
                    again = raw.readUntil(RawSpeaker.UPDATE);
                } while (!carriesRoute(again));
                System.err.println("[lab] " + c.name() + " (" + c.rfc() + "): treated as withdraw, session kept");
            }
            frrUndisturbed(c.name());
            String peer = "raw-" + i + ": malformed UPDATE kept the session (RFC 7606)";
            String error = "TREAT_AS_WITHDRAW[type=";
            String code = ", " + c.expected() + ": ";
            assertTrue(logLines().stream().anyMatch(l -> l.contains(peer) && l.contains(error) && l.contains(code)),
                    () -> c.name() + ": no log line with '" + peer + "', '" + error + "' and '" + code + "'\n"
                            + herald.logTail());
        }
    }

    static List<String> logLines() throws IOException {
        return java.nio.file.Files.readAllLines(herald.daemon().log());
    }

}
