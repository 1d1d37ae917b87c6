package dev.herald.codec;

import static dev.herald.codec.Wire.assertError;
import static dev.herald.codec.Wire.message;
import static dev.herald.codec.Wire.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every decode error: the NOTIFICATION code, subcode and data RFC 4271 6 (and RFC 7606) prescribe. */
class DecodeErrorTest {
    private static final CodecContext CTX = CodecContext.FOUR_OCTET;
    /** ORIGIN IGP, AS_PATH [65001] (4-octet), NEXT_HOP 192.0.2.1. */
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

    @Nested
    class Header {
        @Test
        void markerNotAllOnes() {
            byte[] m = message(4, "");
            m[3] = 0;
            BgpDecodeException e = assertThrows(BgpDecodeException.class, () -> frameLength(m, CTX));
            assertEquals(List.of(1, 1, 0), List.of(e.code(), e.subcode(), e.notification().data().length));
            assertError(m, CTX, 1, 1, "");
        }

        @Test
        void lengthBelowHeader() {
            BgpDecodeException e = assertThrows(BgpDecodeException.class,
                    () -> frameLength(withLength(message(4, ""), 18), CTX));
            assertEquals("1/2 0012", e.code() + "/" + e.subcode() + " " + Wire.hex(e.notification().data()));
        }

        @Test
        void lengthAboveMaximum() throws Exception {
            byte[] m = withLength(message(2, "0000 0000"), 4097);
            BgpDecodeException e = assertThrows(BgpDecodeException.class, () -> frameLength(m, CTX));
            assertEquals("1/2 1001", e.code() + "/" + e.subcode() + " " + Wire.hex(e.notification().data()));
            assertEquals(4097, frameLength(m, new CodecContext(true, CodecContext.MAX_EXTENDED_MESSAGE)));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 6, 255})
        void unknownType(int type) {
            assertError(message(type, "00"), CTX, 1, 3, "%02x".formatted(type));
        }

        @Test
        void keepaliveMustBeExactly19Bytes() {
            assertError(message(4, "00"), CTX, 1, 2, "0014");
        }

        @Test
        void perTypeMinimumLengths() {
            assertError(message(1, "04 fde9 00b4 0a000001"), CTX, 1, 2, "001c");
            assertError(message(2, "0000 00"), CTX, 1, 2, "0016");
            assertError(message(3, "06"), CTX, 1, 2, "0014");
            assertError(message(5, "0001 00"), CTX, 1, 2, "0016");
        }

        @Test
        void openNeverExceeds4096EvenWithExtendedMessages() {
            byte[] big = message(1, "04 fde9 00b4 0a000001 00" + "00".repeat(4100));
            assertError(big, new CodecContext(true, CodecContext.MAX_EXTENDED_MESSAGE), 1, 2, "%04x".formatted(big.length));
        }

        @Test
        void frameMustHoldExactlyOneMessage() {
            byte[] m = message(4, "");
            byte[] longer = java.util.Arrays.copyOf(m, 20);
            assertError(longer, CTX, 1, 2, "0013");
            assertError(java.util.Arrays.copyOf(m, 10), CTX, 1, 2, "000a");
        }
    }

    @Nested
    class OpenMessage {
        @Test
        void unsupportedVersionAnswersWithVersion4() {
            assertError(message(1, "03 fde9 00b4 0a000001 00"), CTX, 2, 1, "0004");
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2})
        void holdTimeOneOrTwo(int hold) {
            assertError(message(1, "04 fde9 %04x 0a000001 00".formatted(hold)), CTX, 2, 6, "");
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 3, 65535})
        void holdTimeZeroOrAtLeastThreeIsFine(int hold) throws Exception {
            assertEquals(hold, ((Open) Wire.decode(message(1, "04 fde9 %04x 0a000001 00".formatted(hold)), CTX)).holdTime());
        }

        @Test
        void bgpIdentifierZero() {
            assertError(message(1, "04 fde9 00b4 00000000 00"), CTX, 2, 3, "");
        }

        @Test
        void myAsZero() {
            assertError(message(1, "04 0000 00b4 0a000001 00"), CTX, 2, 2, "");
        }

        @Test
        void fourOctetAsZero() {
            assertError(message(1, "04 5ba0 00b4 0a000001 08 02 06 41 04 00000000"), CTX, 2, 2, "");
        }

        @Test
        void nonCapabilityParameterIsUnsupported() {
            // Parameter type 1 is the deprecated Authentication Information.
            assertError(message(1, "04 fde9 00b4 0a000001 04 01 02 abcd"), CTX, 2, 4, "");
        }

        @Test
        void optionalParametersLengthDisagreesWithMessage() {
            assertError(message(1, "04 fde9 00b4 0a000001 05 02 02 02 00"), CTX, 2, 0, "");
            assertError(message(1, "04 fde9 00b4 0a000001 03 02 02 02 00"), CTX, 2, 0, "");
        }

        @Test
        void parameterRunsPastMessage() {
            assertError(message(1, "04 fde9 00b4 0a000001 04 02 05 02 00"), CTX, 2, 0, "");
        }

        @Test
        void capabilityRunsPastParameter() {
            assertError(message(1, "04 fde9 00b4 0a000001 04 02 02 01 04"), CTX, 2, 0, "");
        }

        @Test
        void knownCapabilityWithWrongLength() {
            assertError(message(1, "04 fde9 00b4 0a000001 07 02 05 01 03 0001 01"), CTX, 2, 0, "");
            assertError(message(1, "04 fde9 00b4 0a000001 07 02 05 40 03 0078 00"), CTX, 2, 0, "");
            assertError(message(1, "04 fde9 00b4 0a000001 07 02 05 05 03 000100"), CTX, 2, 0, "");
        }

        @Test
        void truncatedExtendedParameters() {
            assertError(message(1, "04 fde9 00b4 0a000001 ff ff 00"), CTX, 2, 0, "");
            assertError(message(1, "04 fde9 00b4 0a000001 ff ff 0003 02 0005"), CTX, 2, 0, "");
        }
    }

    @Nested
    class UpdateMessage {
        private BgpDecodeException withdraw(byte[] m, int subcode, String data) {
            BgpDecodeException e = assertError(m, CTX, 3, subcode, data);
            assertTrue(e.treatAsWithdraw(), "RFC 7606 prescribes treat-as-withdraw");
            return e;
        }

        private BgpDecodeException reset(byte[] m, int subcode, String data) {
            BgpDecodeException e = assertError(m, CTX, 3, subcode, data);
            assertFalse(e.treatAsWithdraw(), "this error resets the session");
            return e;
        }

        @Test
        void withdrawnLengthTooLarge() {
            reset(message(2, "0010 0000"), 1, "");
        }

        @Test
        void totalAttributeLengthTooLarge() {
            reset(message(2, "0000 0005 40 01 01 00"), 1, "");
        }

        @Test
        void attributeRunsPastTheList() {
            reset(update("", "40 01 05 00", ""), 1, "");
            reset(update("", "50 02 00", ""), 1, "");
            reset(update("", "40", ""), 1, "");
        }

        @Test
        void repeatedMpReachOrMpUnreach() {
            String mpUnreach = "80 0f 03 0002 01";
            reset(update("", mpUnreach + mpUnreach, ""), 1, "");
            String mpReach = "80 0e 15 0002 01 10 20010db8000000000000000000000001 00";
            reset(update("", mpReach + "40 01 01 00 40 02 00" + mpReach, ""), 1, "");
        }

        @Test
        void otherRepeatedAttributesAreDiscardedPerRfc7606() throws Exception {
            Update u = (Update) Wire.decode(update("", BASE_ATTRS + "40 01 01 02", NLRI), CTX);
            assertEquals(PathAttribute.Origin.IGP, u.attribute(PathAttribute.Origin.class).orElseThrow());
            assertEquals(3, u.attributes().size());
        }

        @Test
        void unrecognisedWellKnownAttribute() {
            reset(update("", BASE_ATTRS + "40 28 02 abcd", NLRI), 2, "40 28 02 abcd");
        }

        @Test
        void atomicAggregateIsAWellKnownAttributeHeraldKeepsOpaque() throws Exception {
            Update u = (Update) Wire.decode(update("", BASE_ATTRS + "40 06 00", NLRI), CTX);
            assertEquals(new PathAttribute.Unknown(0x40, 6, new byte[0]), u.attributes().get(3));
        }

        @Test
        void missingWellKnownAttributes() {
            withdraw(update("", "40 02 06 02 01 0000fde9 | 40 03 04 c0000201", NLRI), 3, "01");
            withdraw(update("", "40 01 01 00 | 40 03 04 c0000201", NLRI), 3, "02");
            withdraw(update("", "40 01 01 00 | 40 02 06 02 01 0000fde9", NLRI), 3, "03");
            String mpReach = "80 0e 15 0002 01 10 20010db8000000000000000000000001 00";
            withdraw(update("", mpReach + "40 01 01 00", ""), 3, "02");
        }

        @Test
        void mandatoryAttributesAreOnlyNeededWhenAnnouncing() throws Exception {
            assertEquals(List.of(Samples.p("198.51.100.0/24")),
                    ((Update) Wire.decode(update("18 c63364", "", ""), CTX)).withdrawn());
            String mpReach = "80 0e 1c 0002 01 10 20010db8000000000000000000000001 00 30 20010db80100";
            Wire.decode(update("", mpReach + "40 01 01 00 40 02 00", ""), CTX); // no NEXT_HOP needed
        }

        @Test
        void wellKnownAttributeWithOptionalFlag() {
            withdraw(update("", "c0 01 01 00 | 40 02 00 | 40 03 04 c0000201", NLRI), 4, "c0 01 01 00");
            withdraw(update("", "40 01 01 00 | 40 02 00 | 40 03 04 c0000201 | 40 04 04 00000001", NLRI), 4,
                    "40 04 04 00000001");
        }

        @Test
        void mpReachWithWrongFlagsResets() {
            reset(update("", "40 0f 03 0002 01", ""), 4, "40 0f 03 0002 01");
        }

        @Test
        void partialBitOnAWellKnownAttributeIsTolerated() throws Exception {
            Wire.decode(update("", "60 01 01 00 | 40 02 00 | 40 03 04 c0000201", NLRI), CTX);
        }

        @Test
        void attributeLengthErrors() {
            withdraw(update("", "40 01 02 0000 | 40 02 00 | 40 03 04 c0000201", NLRI), 5, "40 01 02 0000");
            withdraw(update("", "40 01 01 00 | 40 02 00 | 40 03 05 c000020100", NLRI), 5, "40 03 05 c000020100");
            withdraw(update("", BASE_ATTRS + "80 04 03 000001", NLRI), 5, "80 04 03 000001");
            withdraw(update("", BASE_ATTRS + "40 05 08 0000000000000064", NLRI), 5, "40 05 08 0000000000000064");
        }

        @Test
        void invalidOrigin() {
            withdraw(update("", "40 01 01 03 | 40 02 00 | 40 03 04 c0000201", NLRI), 6, "40 01 01 03");
        }

        @ParameterizedTest
        @ValueSource(strings = {"00000000", "7f000001", "e0000001", "ffffffff"})
        void invalidNextHop(String address) {
            withdraw(update("", "40 01 01 00 | 40 02 00 | 40 03 04 " + address, NLRI), 8, "40 03 04 " + address);
        }

        @Test
        void mpReachProblemsAreOptionalAttributeErrors() {
            String badNextHopLength = "80 0e 0a 0002 01 05 0102030405 00";
            reset(update("", badNextHopLength + "40 01 01 00 40 02 00", ""), 9, badNextHopLength);
            String truncated = "80 0e 04 0002 01 10";
            reset(update("", truncated, ""), 9, truncated);
            String nextHopOverrun = "80 0e 08 0002 01 10 00000000";
            reset(update("", nextHopOverrun, ""), 9, nextHopOverrun);
            String longPrefix = "80 0e 17 0002 01 10 20010db8000000000000000000000001 00 81 20";
            reset(update("", longPrefix + "40 01 01 00 40 02 00", ""), 9, longPrefix);
            String ipv4FourByteNextHopForIpv6 = "80 0e 09 0002 01 04 c0000201 00";
            reset(update("", ipv4FourByteNextHopForIpv6, ""), 9, ipv4FourByteNextHopForIpv6);
            String shortUnreach = "80 0f 02 0002";
            reset(update("", shortUnreach, ""), 9, shortUnreach);
            String unreachOverrun = "80 0f 06 0002 01 40 2001";
            reset(update("", unreachOverrun, ""), 9, unreachOverrun);
        }

        @Test
        void mpAttributesOfUnknownFamiliesAreKeptOpaque() throws Exception {
            // AFI 1 / SAFI 128 (L3VPN) is not spoken by herald: kept, never an error.
            String vpn = "80 0f 05 0001 80 ffff";
            Update u = (Update) Wire.decode(update("", vpn, ""), CTX);
            assertEquals(new PathAttribute.Unknown(0x80, 15, Wire.hex("0001 80 ffff")), u.attributes().getFirst());
        }

        @Test
        void invalidNetworkField() {
            reset(update("", BASE_ATTRS, "21 c0000201 00"), 10, "");
            reset(update("", BASE_ATTRS, "18 c633"), 10, "");
            reset(update("28 0a00000000", "", ""), 10, "");
            reset(update("10 0a", "", ""), 10, "");
        }

        @Test
        void malformedAsPath() {
            String tail = " | 40 03 04 c0000201";
            withdraw(update("", "40 01 01 00 | 40 02 06 05 01 0000fde9" + tail, NLRI), 11, "");
            withdraw(update("", "40 01 01 00 | 40 02 02 02 00" + tail, NLRI), 11, "");
            withdraw(update("", "40 01 01 00 | 40 02 06 02 02 0000fde9" + tail, NLRI), 11, "");
            withdraw(update("", "40 01 01 00 | 40 02 07 02 01 0000fde9 02" + tail, NLRI), 11, "");
        }

        @Test
        void twoOctetAsPathReadAsFourOctetIsMalformed() {
            // A 2-octet path of one AS is 4 bytes: as 4-octet ASes the segment overruns.
            BgpDecodeException e = assertError(update("", "40 01 01 00 | 40 02 04 02 01 fde9 | 40 03 04 c0000201", NLRI),
                    CTX, 3, 11, "");
            assertTrue(e.treatAsWithdraw());
        }

        @Test
        void aLaterSessionResetErrorWinsOverTreatAsWithdraw() {
            reset(update("", "40 01 01 07 | 40 02 00 | 40 03 04 c0000201", "21 c0000201 00"), 10, "");
            String mpUnreach = "80 0f 03 0002 01";
            reset(update("", "40 01 01 07" + mpUnreach + mpUnreach, ""), 1, "");
        }

        @Test
        void theFirstTreatAsWithdrawErrorIsReported() {
            withdraw(update("", "40 01 01 07 | 40 02 00 | 40 03 04 00000000", NLRI), 6, "40 01 01 07");
        }
    }

    @Nested
    class RouteRefreshMessage {
        @Test
        void beginOrEndOfRouteRefreshMustBeFourBytes() {
            byte[] m = message(5, "0001 01 01 00");
            BgpDecodeException e = Wire.decodeError(m, CTX);
            assertEquals("7/1", e.code() + "/" + e.subcode());
            assertEquals(Wire.hex(m), Wire.hex(e.notification().data()));
        }

        @Test
        void normalRefreshWithOrfEntriesIsAccepted() throws Exception {
            assertEquals(new RouteRefresh(1, 0, 1), Wire.decode(message(5, "0001 00 01 01 40 0000"), CTX));
        }
    }
}
