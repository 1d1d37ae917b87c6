package dev.herald.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoundTripTest {
    static Stream<BgpMessage> messages() {
        return Samples.all().stream();
    }

    @ParameterizedTest
    @MethodSource("messages")
    void decodeOfEncodeIsIdentity(BgpMessage m) throws Exception {
        byte[] wire = Wire.encode(m, CodecContext.FOUR_OCTET);
        assertEquals(wire.length, (wire[16] & 0xFF) << 8 | (wire[17] & 0xFF), "header length");
        assertEquals(m.type(), wire[18]);
        BgpMessage back = Wire.decode(wire, CodecContext.FOUR_OCTET);
        assertEquals(m, back);
        assertArrayEquals(wire, Wire.encode(back, CodecContext.FOUR_OCTET), "re-encoding changes nothing");
    }

    @ParameterizedTest
    @MethodSource("messages")
    void frameLengthFindsEachMessageInAStream(BgpMessage m) throws Exception {
        byte[] one = Wire.encode(m, CodecContext.FOUR_OCTET);
        var buf = io.netty.buffer.Unpooled.wrappedBuffer(one, new byte[] {(byte) 0xFF});
        try {
            assertEquals(one.length, MessageCodec.frameLength(buf, CodecContext.FOUR_OCTET));
            assertEquals(0, buf.readerIndex());
            buf.writerIndex(18);
            assertEquals(-1, MessageCodec.frameLength(buf, CodecContext.FOUR_OCTET));
        } finally {
            buf.release();
        }
    }

    @Test
    void endOfRibMarkersAreRecognisedAfterDecoding() throws Exception {
        for (Family f : Family.ALL) {
            Update decoded = (Update) Wire.decode(Wire.encode(Update.endOfRib(f), CodecContext.INITIAL),
                    CodecContext.INITIAL);
            assertEquals(java.util.Optional.of(f), decoded.endOfRibFamily());
        }
        assertEquals(23, Wire.encode(Update.endOfRib(Family.IPV4_UNICAST), CodecContext.INITIAL).length);
    }

    @Test
    void attributesAreSentMpFirstThenInAscendingTypeOrder() throws Exception {
        Update u = Samples.ipv6Update(Samples.NH6_GLOBAL);
        List<PathAttribute> shuffled = new ArrayList<>(u.attributes());
        shuffled.add(new PathAttribute.MpUnreachNlri(Family.IPV6_UNICAST, List.of(Samples.p("2001:db8:9::/48"))));
        shuffled.add(new PathAttribute.Unknown(0xC0, 32, new byte[12]));
        Collections.shuffle(shuffled, new Random(7));
        Update decoded = (Update) Wire.decode(Wire.encode(new Update(List.of(), shuffled, List.of()),
                CodecContext.FOUR_OCTET), CodecContext.FOUR_OCTET);
        assertEquals(List.of(14, 15, 1, 2, 4, 32), decoded.attributes().stream().map(PathAttribute::typeCode).toList());
    }

    @Test
    void twoOctetSessionCarriesAsTransAndAs4PathAndDecodesBackToTheRealPath() throws Exception {
        Update u = Samples.ipv4Update();
        byte[] wire = Wire.encode(u, CodecContext.INITIAL);
        String hex = Wire.hex(wire);
        // AS_PATH: sequence 65001 AS_TRANS, set 64512 64513 (RFC 6793 4.2.2).
        assertTrue(hex.contains("40020c" + "0202fde95ba0" + "0102fc00fc01"), hex);
        // AS4_PATH, optional transitive: the same path with the real 4-byte AS.
        assertTrue(hex.contains("c01114" + "0202" + "0000fde9" + "fa56ea01" + "0102" + "0000fc00" + "0000fc01"), hex);
        // RFC 6793 4.2.3: the receiver puts the real path back together.
        Update decoded = (Update) Wire.decode(wire, CodecContext.INITIAL);
        assertEquals(u, decoded);
        assertArrayEquals(wire, Wire.encode(decoded, CodecContext.INITIAL), "re-encoding adds no second AS4_PATH");
    }

    @Test
    void as4PathReconstructionKeepsLeadingAsPathEntriesAndConfederations() throws Exception {
        // AS_PATH: confed-seq [65100], seq [65001 AS_TRANS AS_TRANS]; AS4_PATH: seq [4200000001 4200000002].
        byte[] wire = Wire.update("", "40 01 01 00 | 40 02 0c 03 01 fe4c 02 03 fde9 5ba0 5ba0 | 40 03 04 c0000201"
                + "| c0 11 0a 02 02 fa56ea01 fa56ea02", "18 c63364");
        Update u = (Update) Wire.decode(wire, CodecContext.INITIAL);
        assertEquals(List.of(), u.errors());
        assertEquals(new PathAttribute.AsPath(List.of(
                new PathAttribute.AsPath.Segment(PathAttribute.AsPath.Segment.AS_CONFED_SEQUENCE, new long[] {65100}),
                new PathAttribute.AsPath.Segment(PathAttribute.AsPath.Segment.AS_SEQUENCE, new long[] {65001}),
                new PathAttribute.AsPath.Segment(PathAttribute.AsPath.Segment.AS_SEQUENCE,
                        new long[] {4_200_000_001L, 4_200_000_002L}))), u.attribute(PathAttribute.AsPath.class).orElseThrow());
        assertEquals(List.of(1, 2, 3), u.attributes().stream().map(PathAttribute::typeCode).toList(), "AS4_PATH consumed");
    }

    /** RFC 6793 4.2.3: an AGGREGATOR of a real AS beside an AS4_AGGREGATOR makes AS_PATH the path. */
    @Test
    void as4PathIsIgnoredWhenTheAggregatorIsNotAsTransBesideAnAs4Aggregator() throws Exception {
        byte[] wire = Wire.update("", "40 01 01 00 | 40 02 04 02 01 5ba0 | 40 03 04 c0000201 | c0 07 06 fde9 c0000201"
                + "| c0 11 06 02 01 fa56ea01 | c0 12 08 fa56ea01 c0000201", "18 c63364");
        Update u = (Update) Wire.decode(wire, CodecContext.INITIAL);
        assertEquals(PathAttribute.AsPath.sequence(Open.AS_TRANS), u.attribute(PathAttribute.AsPath.class).orElseThrow());
        assertEquals(List.of(17), u.errors().stream().map(UpdateError::attributeType).toList());
        assertFalse(u.treatAsWithdraw());
    }

    /**
     * RFC 6793 4.2.3: the AGGREGATOR decides only when both it and an AS4_AGGREGATOR came; alone, or
     * AS_TRANS beside an AS4_AGGREGATOR, the path is put back together from AS4_PATH.
     */
    @ParameterizedTest
    @ValueSource(strings = {"c0 07 06 fde9 c0000201", "c0 07 06 5ba0 c0000201 | c0 12 08 fa56ea01 c0000201"})
    void as4PathIsUsedUnlessAnAs4AggregatorContradictsTheAggregator(String aggregators) throws Exception {
        byte[] wire = Wire.update("", "40 01 01 00 | 40 02 04 02 01 5ba0 | 40 03 04 c0000201 | c0 11 06 02 01 fa56ea01 | "
                + aggregators, "18 c63364");
        Update u = (Update) Wire.decode(wire, CodecContext.INITIAL);
        assertEquals(PathAttribute.AsPath.sequence(4_200_000_001L), u.attribute(PathAttribute.AsPath.class).orElseThrow());
        assertEquals(List.of(), u.errors());
    }

    @Test
    void unknownOptionalTransitiveAttributeIsPassedOnWithThePartialBit() throws Exception {
        PathAttribute.Unknown received = new PathAttribute.Unknown(0xC0, 99, Wire.hex("0102"));
        PathAttribute.Unknown passed = received.passedOn().orElseThrow();
        assertEquals(0xE0, passed.flags());
        assertEquals(java.util.Optional.empty(), new PathAttribute.Unknown(0x80, 99, new byte[0]).passedOn(),
                "optional non-transitive attributes are not passed on");
        Update u = new Update(List.of(), List.of(PathAttribute.Origin.IGP, PathAttribute.AsPath.EMPTY,
                new PathAttribute.NextHop(Samples.ip("192.0.2.1")), passed), List.of(Samples.p("198.51.100.0/24")));
        byte[] wire = Wire.encode(u, CodecContext.FOUR_OCTET);
        assertTrue(Wire.hex(wire).contains("e063020102"), "flags 0xE0 on the wire");
        assertEquals(u, Wire.decode(wire, CodecContext.FOUR_OCTET));
    }

    @Test
    void communitiesAreTypedBothWays() throws Exception {
        byte[] wire = Wire.update("", "40 01 01 00 | 40 02 00 | 40 03 04 c0000201 | c0 08 08 fde90064 ffffff01"
                + "| c0 10 08 0002fde900000007 | c0 20 0c 0000fde9 00000001 00000002", "18 c63364");
        Update u = (Update) Wire.decode(wire, CodecContext.FOUR_OCTET);
        assertEquals(new PathAttribute.Communities(new long[] {0xfde90064L, 0xffffff01L}),
                u.attribute(PathAttribute.Communities.class).orElseThrow());
        assertEquals(new PathAttribute.ExtendedCommunities(new long[] {0x0002fde900000007L}),
                u.attribute(PathAttribute.ExtendedCommunities.class).orElseThrow());
        assertEquals(new PathAttribute.LargeCommunities(List.of(new PathAttribute.LargeCommunities.LargeCommunity(65001, 1, 2))),
                u.attribute(PathAttribute.LargeCommunities.class).orElseThrow());
        assertArrayEquals(wire, Wire.encode(u, CodecContext.FOUR_OCTET));
    }

    @Test
    void encodingRefusesAnUpdateOverTheNegotiatedSize() {
        List<Prefix> many = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            many.add(Prefix.of(new byte[] {10, (byte) (i >> 8), (byte) i, 0}, 24));
        }
        Update u = new Update(List.of(), List.of(PathAttribute.Origin.IGP, PathAttribute.AsPath.EMPTY,
                new PathAttribute.NextHop(Samples.ip("192.0.2.1"))), many);
        var out = io.netty.buffer.Unpooled.buffer();
        try {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> MessageCodec.encode(u, CodecContext.FOUR_OCTET, out));
            assertTrue(e.getMessage().startsWith("message of 4437 bytes exceeds the limit of 4096"), e.getMessage());
            assertEquals(0, out.writerIndex(), "nothing written");
            MessageCodec.encode(u, new CodecContext(true, CodecContext.MAX_EXTENDED_MESSAGE), out);
            assertEquals(4437, out.writerIndex());
        } finally {
            out.release();
        }
    }

    @Test
    void twoOctetPathWithoutLargeAsnsHasNoAs4Path() throws Exception {
        Update u = Samples.mpIpv4Update();
        assertEquals(u, Wire.decode(Wire.encode(u, CodecContext.INITIAL), CodecContext.INITIAL));
    }

    @Test
    void longSequencesAreSplitIntoSegmentsOf255() throws Exception {
        long[] asns = new long[300];
        for (int i = 0; i < asns.length; i++) {
            asns[i] = 64512 + i;
        }
        Update u = new Update(List.of(), List.of(PathAttribute.Origin.IGP, PathAttribute.AsPath.sequence(asns),
                new PathAttribute.NextHop(Samples.ip("192.0.2.1"))), List.of(Samples.p("198.51.100.0/24")));
        Update decoded = (Update) Wire.decode(Wire.encode(u, CodecContext.FOUR_OCTET), CodecContext.FOUR_OCTET);
        List<PathAttribute.AsPath.Segment> segs = decoded.attribute(PathAttribute.AsPath.class).orElseThrow().segments();
        assertEquals(2, segs.size());
        assertEquals(255, segs.get(0).asns().length());
        assertEquals(45, segs.get(1).asns().length());
        assertEquals(64512 + 299, segs.get(1).asns().get(44));
    }

    @Test
    void largeCapabilitySetUsesExtendedOptionalParameters() throws Exception {
        List<Capability> caps = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            caps.add(new Capability.Unknown(200 + (i % 50), new byte[8]));
        }
        Open open = Open.of(65001, 180, Samples.id("10.0.0.1"), caps);
        byte[] wire = Wire.encode(open, CodecContext.INITIAL);
        assertEquals("ffff", Wire.hex(java.util.Arrays.copyOfRange(wire, 28, 30)), "RFC 9072 marker");
        assertEquals(open, Wire.decode(wire, CodecContext.INITIAL));
    }

    @Test
    void extendedMessageContextAllowsLargeUpdates() throws Exception {
        List<Prefix> many = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            many.add(Prefix.of(new byte[] {10, (byte) (i >> 8), (byte) i, 0}, 24));
        }
        Update u = new Update(List.of(), List.of(PathAttribute.Origin.IGP, PathAttribute.AsPath.EMPTY,
                new PathAttribute.NextHop(Samples.ip("192.0.2.1"))), many);
        CodecContext big = new CodecContext(true, CodecContext.MAX_EXTENDED_MESSAGE);
        byte[] wire = Wire.encode(u, big);
        assertEquals(u, Wire.decode(wire, big));
    }
}
