package dev.herald.codec;

import static dev.herald.codec.Wire.message;
import static dev.herald.codec.Wire.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the decoder accepts near the edges, and the framing entry point. Malformed input and its
 * outcomes are in {@link MalformedCaseTableTest}.
 */
class DecodeEdgeCaseTest {
    private static final CodecContext CTX = CodecContext.FOUR_OCTET;
    private static final String BASE_ATTRS = "40 01 01 00 | 40 02 06 02 01 0000fde9 | 40 03 04 c0000201";
    private static final String NLRI = "18 c63364";

    private static int frameLength(byte[] bytes, CodecContext ctx) throws BgpDecodeException {
        var buf = Unpooled.wrappedBuffer(bytes);
        try {
            return MessageCodec.frameLength(buf, ctx);
        } finally {
            buf.release();
        }
    }

    private static byte[] withLength(byte[] m, int length) {
        m[16] = (byte) (length >>> 8);
        m[17] = (byte) length;
        return m;
    }

    @Test
    void frameLengthChecksMarkerAndLength() throws Exception {
        byte[] m = message(4, "");
        m[3] = 0;
        BgpDecodeException e = assertThrows(BgpDecodeException.class, () -> frameLength(m, CTX));
        assertEquals(List.of(1, 1, 0), List.of(e.code(), e.subcode(), e.notification().data().length()));
        e = assertThrows(BgpDecodeException.class, () -> frameLength(withLength(message(4, ""), 18), CTX));
        assertEquals("1/2 0012", e.code() + "/" + e.subcode() + " " + Wire.hex(e.notification().data().toArray()));
    }

    @Test
    void frameLengthAboveMaximumUnlessExtendedMessages() throws Exception {
        byte[] m = withLength(message(2, "0000 0000"), 4097);
        BgpDecodeException e = assertThrows(BgpDecodeException.class, () -> frameLength(m, CTX));
        assertEquals("1/2 1001", e.code() + "/" + e.subcode() + " " + Wire.hex(e.notification().data().toArray()));
        assertEquals(4097, frameLength(m, new CodecContext(true, CodecContext.MAX_EXTENDED_MESSAGE)));
    }

    @Test
    void frameMustHoldExactlyOneMessage() {
        byte[] m = message(4, "");
        Wire.assertError(java.util.Arrays.copyOf(m, 20), CTX, 1, 2, "0013");
        Wire.assertError(java.util.Arrays.copyOf(m, 10), CTX, 1, 2, "000a");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 65535})
    void holdTimeZeroOrAtLeastThreeIsFine(int hold) throws Exception {
        assertEquals(hold, ((Open) Wire.decode(message(1, "04 fde9 %04x 0a000001 00".formatted(hold)), CTX)).holdTime());
    }

    @Test
    void atomicAggregateIsAWellKnownAttributeHeraldKeepsOpaque() throws Exception {
        Update u = (Update) Wire.decode(update("", BASE_ATTRS + "40 06 00", NLRI), CTX);
        assertEquals(new PathAttribute.Unknown(0x40, 6, new byte[0]), u.attributes().get(3));
        assertEquals(List.of(), u.errors());
    }

    @Test
    void mandatoryAttributesAreOnlyNeededWhenAnnouncing() throws Exception {
        Update withdrawal = (Update) Wire.decode(update("18 c63364", "", ""), CTX);
        assertEquals(List.of(Samples.p("198.51.100.0/24")), withdrawal.withdrawn());
        assertEquals(List.of(), withdrawal.errors());
        String mpReach = "80 0e 1c 0002 01 10 20010db8000000000000000000000001 00 30 20010db80100";
        Update mp = (Update) Wire.decode(update("", mpReach + "40 01 01 00 40 02 00", ""), CTX);
        assertEquals(List.of(), mp.errors(), "no NEXT_HOP needed for MP routes");
    }

    @Test
    void partialBitOnAWellKnownAttributeIsTolerated() throws Exception {
        Update u = (Update) Wire.decode(update("", "60 01 01 00 | 40 02 00 | 40 03 04 c0000201", NLRI), CTX);
        assertEquals(List.of(), u.errors());
    }

    @Test
    void mpAttributesOfUnknownFamiliesAreKeptOpaque() throws Exception {
        // AFI 1 / SAFI 128 (L3VPN) is not spoken by herald: kept, never an error.
        Update u = (Update) Wire.decode(update("", "80 0f 05 0001 80 ffff", ""), CTX);
        assertEquals(new PathAttribute.Unknown(0x80, 15, Wire.hex("0001 80 ffff")), u.attributes().getFirst());
    }

    @Test
    void treatAsWithdrawKeepsTheRoutesAndTheOtherAttributesForTheReceiver() throws Exception {
        Update u = (Update) Wire.decode(update("08 0a", "40 01 01 03 | 40 02 06 02 01 0000fde9 | 40 03 04 c0000201",
                NLRI), CTX);
        assertTrue(u.treatAsWithdraw());
        assertEquals(List.of(Samples.p("10.0.0.0/8")), u.withdrawn());
        assertEquals(List.of(Samples.p("198.51.100.0/24")), u.nlri(), "these are to be handled as withdrawn");
        assertEquals(List.of(2, 3), u.attributes().stream().map(PathAttribute::typeCode).toList());
        assertEquals(1, u.errors().size());
        assertEquals(UpdateError.Action.TREAT_AS_WITHDRAW, u.errors().getFirst().action());
        assertEquals(1, u.errors().getFirst().attributeType());
        assertFalse(u.endOfRibFamily().isPresent());
    }

    @Test
    void anEmptyUpdateWithErrorsIsNoEndOfRib() throws Exception {
        Update u = (Update) Wire.decode(update("", "40 06 01 00", ""), CTX);
        assertEquals(UpdateError.Action.ATTRIBUTE_DISCARD, u.errors().getFirst().action());
        assertFalse(u.endOfRibFamily().isPresent());
    }

    @Test
    void normalRefreshWithOrfEntriesIsAccepted() throws Exception {
        assertEquals(new RouteRefresh(1, 0, 1), Wire.decode(message(5, "0001 00 01 01 40 0000"), CTX));
    }
}
