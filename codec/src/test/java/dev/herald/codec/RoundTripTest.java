package dev.herald.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
    void twoOctetSessionCarriesAsTransAndAs4Path() throws Exception {
        Update u = Samples.ipv4Update();
        Update decoded = (Update) Wire.decode(Wire.encode(u, CodecContext.INITIAL), CodecContext.INITIAL);
        PathAttribute.AsPath path = decoded.attribute(PathAttribute.AsPath.class).orElseThrow();
        assertArrayEquals(new long[] {65001, Open.AS_TRANS}, path.segments().get(0).asns());
        PathAttribute.Unknown as4 = decoded.attributes().stream()
                .filter(a -> a.typeCode() == 17).map(PathAttribute.Unknown.class::cast).findFirst().orElseThrow();
        assertEquals(0xC0, as4.flags());
        assertEquals("0202" + "0000fde9" + "fa56ea01" + "0102" + "0000fc00" + "0000fc01", Wire.hex(as4.value()));
        // Re-encoding with AS4_PATH already present must not add a second one.
        assertEquals(decoded, Wire.decode(Wire.encode(decoded, CodecContext.INITIAL), CodecContext.INITIAL));
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
        assertEquals(255, segs.get(0).asns().length);
        assertEquals(45, segs.get(1).asns().length);
        assertEquals(64512 + 299, segs.get(1).asns()[44]);
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
