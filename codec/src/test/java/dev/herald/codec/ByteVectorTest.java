package dev.herald.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Hand-written wire vectors of known-good messages, checked in both directions where herald would send them. */
class ByteVectorTest {
    private static final String MARKER = "ffffffffffffffffffffffffffffffff";

    private static void assertBothWays(String hex, BgpMessage message, CodecContext ctx) throws Exception {
        byte[] wire = Wire.hex(hex);
        assertEquals(message, Wire.decode(wire, ctx));
        assertEquals(Wire.hex(wire), Wire.hex(Wire.encode(message, ctx)));
    }

    @Test
    void keepalive() throws Exception {
        assertBothWays(MARKER + "0013 04", Keepalive.INSTANCE, CodecContext.INITIAL);
    }

    /** FRR puts every capability in a parameter of its own; herald must read them all. */
    @Test
    void frrStyleOpenWithOneCapabilityPerParameter() throws Exception {
        String open = MARKER + "005c 01"
                + "04 fde9 00b4 0a000001 3f"
                + "02 06 | 01 04 0001 00 01"          // multiprotocol IPv4 unicast
                + "02 06 | 01 04 0002 00 01"          // multiprotocol IPv6 unicast
                + "02 02 | 80 00"                     // pre-standard route refresh
                + "02 02 | 02 00"                     // route refresh
                + "02 02 | 46 00"                     // enhanced route refresh
                + "02 06 | 41 04 0000fde9"            // 4-octet AS 65001
                + "02 09 | 49 07 05 686f737431 00"    // FQDN "host1", no domain
                + "02 04 | 40 02 c078"                // graceful restart R N, 120 s, no families
                + "02 08 | 05 06 0001 0001 0002";     // extended next hop: IPv4 unicast over IPv6
        Open decoded = (Open) Wire.decode(Wire.hex(open), CodecContext.INITIAL);
        assertEquals(new Open(4, 65001, 180, 0x0a000001, List.of(
                new Capability.Multiprotocol(1, 1),
                new Capability.Multiprotocol(2, 1),
                new Capability.Unknown(128, new byte[0]),
                new Capability.RouteRefresh(),
                new Capability.EnhancedRouteRefresh(),
                new Capability.FourOctetAs(65001),
                new Capability.Fqdn("host1", ""),
                new Capability.GracefulRestart(true, true, 120, List.of()),
                new Capability.ExtendedNextHop(List.of(new Capability.ExtendedNextHop.Entry(1, 1, 2))))), decoded);
        assertEquals(65001, decoded.asn());
    }

    @Test
    void severalCapabilitiesInOneParameter() throws Exception {
        assertBothWays(MARKER + "002d 01"
                        + "04 fde9 005a c0000201 10"
                        + "02 0e | 01 04 0001 00 01 | 02 00 | 41 04 0000fde9",
                Open.of(65001, 90, Samples.id("192.0.2.1"), List.of(new Capability.Multiprotocol(Family.IPV4_UNICAST),
                        new Capability.RouteRefresh(), new Capability.FourOctetAs(65001))),
                CodecContext.INITIAL);
    }

    @Test
    void gracefulRestartWithFamilies() throws Exception {
        assertBothWays(MARKER + "002b 01"
                        + "04 5ba0 00b4 0a000001 0e"
                        + "02 0c | 40 0a 0078 0001 01 80 0002 01 00",
                new Open(4, 23456, 180, 0x0a000001, List.of(new Capability.GracefulRestart(false, false, 120, List.of(
                        new Capability.GracefulRestart.GrFamily(1, 1, true),
                        new Capability.GracefulRestart.GrFamily(2, 1, false))))),
                CodecContext.INITIAL);
    }

    @Test
    void extendedMessageRoleAndEnhancedRouteRefresh() throws Exception {
        assertBothWays(MARKER + "0026 01"
                        + "04 fde9 00b4 0a000001 09"
                        + "02 07 | 06 00 | 09 01 03 | 46 00",
                new Open(4, 65001, 180, 0x0a000001, List.of(new Capability.ExtendedMessage(),
                        new Capability.BgpRole(Capability.BgpRole.CUSTOMER), new Capability.EnhancedRouteRefresh())),
                CodecContext.INITIAL);
    }

    @Test
    void addPathPerFamily() throws Exception {
        Open open = new Open(4, 65001, 180, 0x0a000001, List.of(new Capability.AddPath(List.of(
                new Capability.AddPath.Entry(1, 1, 1), new Capability.AddPath.Entry(2, 1, 3),
                new Capability.AddPath.Entry(1, 2, 7)))));
        assertBothWays(MARKER + "002d 01"
                        + "04 fde9 00b4 0a000001 10"
                        + "02 0e | 45 0c 0001 01 01 | 0002 01 03 | 0001 02 07",
                open, CodecContext.INITIAL);
        List<Capability.AddPath.Entry> e = open.capability(Capability.AddPath.class).orElseThrow().entries();
        assertEquals(List.of(true, false), List.of(e.get(0).receive(), e.get(0).send()));
        assertEquals(List.of(true, true), List.of(e.get(1).receive(), e.get(1).send()));
        assertEquals(List.of(false, false), List.of(e.get(2).receive(), e.get(2).send()), "7 is undefined: ignored");
    }

    @Test
    void longLivedGracefulRestartWithStaleTimesAndFFlag() throws Exception {
        Open open = new Open(4, 65001, 180, 0x0a000001, List.of(new Capability.LongLivedGracefulRestart(List.of(
                new Capability.LongLivedGracefulRestart.Entry(1, 1, true, 3600),
                new Capability.LongLivedGracefulRestart.Entry(2, 1, 0x01, 0xFFFFFF)))));
        assertBothWays(MARKER + "002f 01"
                        + "04 fde9 00b4 0a000001 12"
                        + "02 10 | 47 0e 0001 01 80 000e10 | 0002 01 01 ffffff",
                open, CodecContext.INITIAL);
        var entries = open.capability(Capability.LongLivedGracefulRestart.class).orElseThrow().entries();
        assertEquals(List.of(true, false), entries.stream().map(Capability.LongLivedGracefulRestart.Entry::forwardingPreserved).toList());
    }

    @Test
    void fqdnHostAndDomain() throws Exception {
        assertBothWays(MARKER + "0031 01"
                        + "04 fde9 00b4 0a000001 14"
                        + "02 12 | 49 10 05 686f737431 09 6578616d706c652e6f",
                new Open(4, 65001, 180, 0x0a000001, List.of(new Capability.Fqdn("host1", "example.o"))),
                CodecContext.INITIAL);
    }

    @Test
    void unknownCapabilityIsKeptOpaque() throws Exception {
        assertBothWays(MARKER + "0024 01"
                        + "04 fde9 00b4 0a000001 07"
                        + "02 05 | c8 03 010203",
                new Open(4, 65001, 180, 0x0a000001, List.of(new Capability.Unknown(200, Wire.hex("010203")))),
                CodecContext.INITIAL);
    }

    /** RFC 9072 in the sending direction: capabilities longer than 253 bytes need 2-byte lengths. */
    @Test
    void rfc9072ExtendedOptionalParametersAreSentWhenNeeded() throws Exception {
        byte[] big = new byte[150];
        java.util.Arrays.fill(big, (byte) 0xab);
        String value = Wire.hex(big);
        assertBothWays(MARKER + "0153 01"
                        + "04 fde9 00b4 0a000001 ff"
                        + "ff 0133"                       // 307 bytes of extended parameters
                        + "02 0130"                       // one capabilities parameter of 304 bytes
                        + "c8 96" + value + "c9 96" + value,
                new Open(4, 65001, 180, 0x0a000001, List.of(new Capability.Unknown(200, big),
                        new Capability.Unknown(201, big))),
                CodecContext.INITIAL);
    }

    @Test
    void rfc9072ExtendedOptionalParametersAreAccepted() throws Exception {
        String open = MARKER + "0029 01"
                + "04 fde9 00b4 0a000001 ff"
                + "ff 0009"                           // extended optional parameters, 9 bytes
                + "02 0006 | 01 04 0002 00 01";       // parameter length is 2 bytes now
        assertEquals(new Open(4, 65001, 180, 0x0a000001, List.of(new Capability.Multiprotocol(2, 1))),
                Wire.decode(Wire.hex(open), CodecContext.INITIAL));
    }

    @Test
    void ipv4UpdateWithFourOctetAsPath() throws Exception {
        assertBothWays(MARKER + "0036 02"
                        + "0000 001b"
                        + "40 01 01 00"                   // ORIGIN IGP
                        + "40 02 06 02 01 0000fde9"       // AS_PATH sequence 65001
                        + "40 03 04 c0000201"             // NEXT_HOP 192.0.2.1
                        + "80 04 04 00000000"             // MULTI_EXIT_DISC 0
                        + "18 c63364",                    // 198.51.100.0/24
                new Update(List.of(), List.of(PathAttribute.Origin.IGP, PathAttribute.AsPath.sequence(65001),
                        new PathAttribute.NextHop(Samples.ip("192.0.2.1")), new PathAttribute.MultiExitDisc(0)),
                        List.of(Samples.p("198.51.100.0/24"))),
                CodecContext.FOUR_OCTET);
    }

    @Test
    void ipv4UpdateWithTwoOctetAsPathAndWithdrawals() throws Exception {
        assertBothWays(MARKER + "002e 02"
                        + "0005 | 08 0a | 10 ac10"        // withdraw 10.0.0.0/8 and 172.16.0.0/16
                        + "0012"
                        + "40 01 01 02"                   // ORIGIN INCOMPLETE
                        + "40 02 04 02 01 fde9"           // AS_PATH sequence 65001, 2-octet
                        + "40 03 04 c0000201"
                        + "",
                new Update(List.of(Samples.p("10.0.0.0/8"), Samples.p("172.16.0.0/16")),
                        List.of(PathAttribute.Origin.INCOMPLETE, PathAttribute.AsPath.sequence(65001),
                                new PathAttribute.NextHop(Samples.ip("192.0.2.1"))), List.of()),
                CodecContext.INITIAL);
    }

    @Test
    void ipv6MpReachWithExtendedLengthFlag() throws Exception {
        String update = MARKER + "003e 02"
                + "0000 0027"
                + "90 0e 001c 0002 01 10 20010db8000000000000000000000001 00 30 20010db80100"
                + "40 01 01 00"
                + "40 02 00";                             // empty AS_PATH (iBGP)
        assertEquals(new Update(List.of(), List.of(
                new PathAttribute.MpReachNlri(Family.IPV6_UNICAST, Samples.ip("2001:db8::1"),
                        List.of(Samples.p("2001:db8:100::/48"))),
                PathAttribute.Origin.IGP, PathAttribute.AsPath.EMPTY), List.of()),
                Wire.decode(Wire.hex(update), CodecContext.FOUR_OCTET));
    }

    @Test
    void rfc8950Ipv4NlriWithIpv6NextHop() throws Exception {
        assertBothWays(MARKER + "003a 02"
                        + "0000 0023"
                        + "80 0e 19 0001 01 10 20010db8000000000000000000000001 00 18 c63364"
                        + "40 01 01 00"
                        + "40 02 00",
                new Update(List.of(), List.of(
                        new PathAttribute.MpReachNlri(Family.IPV4_UNICAST, Samples.ip("2001:db8::1"),
                                List.of(Samples.p("198.51.100.0/24"))),
                        PathAttribute.Origin.IGP, PathAttribute.AsPath.EMPTY), List.of()),
                CodecContext.FOUR_OCTET);
    }

    @Test
    void endOfRibMarkers() throws Exception {
        assertBothWays(MARKER + "0017 02 0000 0000", Update.endOfRib(Family.IPV4_UNICAST), CodecContext.INITIAL);
        assertBothWays(MARKER + "001d 02 0000 0006 800f 03 0002 01", Update.endOfRib(Family.IPV6_UNICAST),
                CodecContext.INITIAL);
        Update eor = (Update) Wire.decode(Wire.hex(MARKER + "001d 02 0000 0006 800f 03 0002 01"), CodecContext.INITIAL);
        assertEquals(Optional.of(Family.IPV6_UNICAST), eor.endOfRibFamily());
    }

    @Test
    void trailingHostBitsOfAPrefixAreMasked() throws Exception {
        // RFC 4271 4.3: "the value of trailing bits is irrelevant".
        Update u = (Update) Wire.decode(Wire.hex(MARKER + "001b 02 0004 | 17 c63365 | 0000"), CodecContext.INITIAL);
        assertEquals(List.of(Samples.p("198.51.100.0/23")), u.withdrawn());
    }

    @Test
    void notificationWithShutdownCommunication() throws Exception {
        Notification n = Notification.ceaseWithMessage(Notification.CEASE_ADMIN_SHUTDOWN, "bye");
        assertBothWays(MARKER + "0019 03 06 02 03 627965", n, CodecContext.INITIAL);
        assertEquals(Optional.of("bye"), n.shutdownMessage());
    }

    @Test
    void routeRefreshAndEnhancedMarkers() throws Exception {
        assertBothWays(MARKER + "0017 05 0001 00 01", new RouteRefresh(1, 0, 1), CodecContext.INITIAL);
        assertBothWays(MARKER + "0017 05 0002 01 01", new RouteRefresh(2, 1, 1), CodecContext.INITIAL);
        assertBothWays(MARKER + "0017 05 0002 02 01", new RouteRefresh(2, 2, 1), CodecContext.INITIAL);
    }

    @Test
    void unknownAttributesAndCapabilitiesAreKeptByteForByte() throws Exception {
        byte[] update = Wire.hex(MARKER + "0034 02"
                + "0000 001d"
                + "40 01 01 00 | 40 02 00 | 40 03 04 c0000201"
                + "e0 63 0c 0000fde9 00000001 00000002"   // type 99, unknown to the codec, partial
                + "");
        Update u = (Update) Wire.decode(update, CodecContext.FOUR_OCTET);
        assertEquals(new PathAttribute.Unknown(0xE0, 99, Wire.hex("0000fde9 00000001 00000002")),
                u.attributes().get(3));
        assertArrayEquals(update, Wire.encode(u, CodecContext.FOUR_OCTET));
    }
}
