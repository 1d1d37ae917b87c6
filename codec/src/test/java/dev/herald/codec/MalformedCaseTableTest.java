package dev.herald.codec;

import static dev.herald.codec.Wire.message;
import static dev.herald.codec.Wire.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every malformation the codec knows, in one table: the bytes, the RFC section that prescribes
 * the outcome, and the outcome itself (session reset with the exact NOTIFICATION, treat-as-withdraw
 * or attribute discard, as RFC 4271 section 6 and RFC 7606 define them).
 */
class MalformedCaseTableTest {
    private static final CodecContext CTX = CodecContext.FOUR_OCTET;
    private static final CodecContext TWO_OCTET = CodecContext.INITIAL;
    private static final CodecContext EXTERNAL = new CodecContext(true, CodecContext.MAX_MESSAGE, true);
    /** ORIGIN IGP, AS_PATH [65001] (4-octet), NEXT_HOP 192.0.2.1. */
    private static final String BASE = "40 01 01 00 | 40 02 06 02 01 0000fde9 | 40 03 04 c0000201 ";
    /** The same for a 2-octet session. */
    private static final String BASE2 = "40 01 01 00 | 40 02 04 02 01 fde9 | 40 03 04 c0000201 ";
    private static final String NLRI = "18 c63364";
    private static final String OPEN = "04 fde9 00b4 0a000001 ";
    private static final String MP_REACH_V6 = "80 0e 15 0002 01 10 20010db8000000000000000000000001 00 ";
    /** MP_REACH_NLRI announcing 2001:db8::/32: the UPDATE's only NLRI. */
    private static final String MP_REACH_V6_ROUTE = "80 0e 1a 0002 01 10 20010db8000000000000000000000001 00 20 20010db8 ";

    /** What must happen. */
    sealed interface Outcome {
    }

    /** The session is reset with exactly this NOTIFICATION. */
    record Reset(int code, int subcode, String dataHex) implements Outcome {
    }

    /** The UPDATE is decoded; its routes are treat-as-withdraw, reported with this NOTIFICATION. */
    record Withdraw(int subcode, String dataHex) implements Outcome {
    }

    /** The UPDATE is decoded without this attribute; its routes stand. */
    record Discard(int attributeType) implements Outcome {
    }

    /** Nothing to act on: the UPDATE is decoded without any error (what it carries is ignored or used). */
    record Accepted() implements Outcome {
    }

    record Case(String name, String rfc, byte[] bytes, CodecContext ctx, Outcome outcome) {
        @Override
        public String toString() {
            return name + " (" + rfc + ")";
        }
    }

    private static Reset reset(int code, int subcode, String data) {
        return new Reset(code, subcode, data);
    }

    private static Withdraw withdraw(int subcode, String data) {
        return new Withdraw(subcode, data);
    }

    private static byte[] withLength(byte[] m, int length) {
        m[16] = (byte) (length >>> 8);
        m[17] = (byte) length;
        return m;
    }

    private static byte[] badMarker() {
        byte[] m = message(4, "");
        m[3] = 0;
        return m;
    }

    private static byte[] open(String rest) {
        return message(1, OPEN + rest);
    }

    /** An OPEN whose one capabilities parameter holds {@code caps} (hex, lengths computed). */
    private static byte[] openWithCaps(String caps) {
        int n = Wire.hex(caps).length;
        return open("%02x 02 %02x %s".formatted(n + 2, n, caps));
    }

    static final List<Case> CASES = List.of(
            // --- Message header, RFC 4271 6.1 ---
            new Case("marker not all ones", "RFC 4271 6.1", badMarker(), CTX, reset(1, 1, "")),
            new Case("length below 19", "RFC 4271 6.1", withLength(message(4, ""), 18), CTX, reset(1, 2, "0012")),
            new Case("length 4097 without extended messages", "RFC 8654 4",
                    withLength(message(2, "0000 0000" + "00".repeat(4074)), 4097), CTX, reset(1, 2, "1001")),
            new Case("UPDATE of 5000 bytes without extended messages", "RFC 8654 4",
                    message(2, "0000 0000" + "00".repeat(4977)), CTX, reset(1, 2, "1388")),
            new Case("message type 0", "RFC 4271 6.1", message(0, "00"), CTX, reset(1, 3, "00")),
            new Case("message type 6", "RFC 4271 6.1", message(6, "00"), CTX, reset(1, 3, "06")),
            new Case("message type 255", "RFC 4271 6.1", message(255, ""), CTX, reset(1, 3, "ff")),
            new Case("KEEPALIVE of 20 bytes", "RFC 4271 6.1", message(4, "00"), CTX, reset(1, 2, "0014")),
            new Case("OPEN shorter than 29 bytes", "RFC 4271 6.1", message(1, "04 fde9 00b4 0a000001"), CTX,
                    reset(1, 2, "001c")),
            new Case("UPDATE shorter than 23 bytes", "RFC 4271 6.1", message(2, "0000 00"), CTX, reset(1, 2, "0016")),
            new Case("NOTIFICATION shorter than 21 bytes", "RFC 4271 6.1", message(3, "06"), CTX, reset(1, 2, "0014")),
            new Case("ROUTE-REFRESH shorter than 23 bytes", "RFC 2918 3", message(5, "0001 00"), CTX,
                    reset(1, 2, "0016")),
            new Case("OPEN over 4096 bytes even with extended messages", "RFC 8654 4",
                    message(1, OPEN + "00" + "00".repeat(4100)),
                    new CodecContext(true, CodecContext.MAX_EXTENDED_MESSAGE), reset(1, 2, "1021")),
            new Case("KEEPALIVE over 19 bytes with extended messages", "RFC 8654 4", message(4, "0000"),
                    new CodecContext(true, CodecContext.MAX_EXTENDED_MESSAGE), reset(1, 2, "0015")),

            // --- OPEN, RFC 4271 6.2 ---
            new Case("version 3", "RFC 4271 6.2", message(1, "03 fde9 00b4 0a000001 00"), CTX, reset(2, 1, "0004")),
            new Case("version 5", "RFC 4271 6.2", message(1, "05 fde9 00b4 0a000001 00"), CTX, reset(2, 1, "0004")),
            new Case("My AS 0", "RFC 7607 2", message(1, "04 0000 00b4 0a000001 00"), CTX, reset(2, 2, "")),
            new Case("hold time 1", "RFC 4271 6.2", message(1, "04 fde9 0001 0a000001 00"), CTX, reset(2, 6, "")),
            new Case("hold time 2", "RFC 4271 6.2", message(1, "04 fde9 0002 0a000001 00"), CTX, reset(2, 6, "")),
            new Case("BGP Identifier 0", "RFC 4271 6.2", message(1, "04 fde9 00b4 00000000 00"), CTX,
                    reset(2, 3, "")),
            new Case("optional parameter 1 (authentication)", "RFC 4271 6.2", open("04 01 02 abcd"), CTX,
                    reset(2, 4, "")),
            new Case("optional parameters length past the message", "RFC 4271 6.2", open("05 02 02 02 00"), CTX,
                    reset(2, 0, "")),
            new Case("bytes after the optional parameters", "RFC 4271 6.2", open("03 02 02 02 00"), CTX,
                    reset(2, 0, "")),
            new Case("parameter runs past the message", "RFC 4271 6.2", open("04 02 05 02 00"), CTX,
                    reset(2, 0, "")),
            new Case("truncated parameter header", "RFC 4271 6.2", open("01 02"), CTX, reset(2, 0, "")),
            new Case("RFC 9072 length truncated", "RFC 9072 3", open("ff ff 00"), CTX, reset(2, 0, "")),
            new Case("RFC 9072 parameter runs past the message", "RFC 9072 3", open("ff ff 0003 02 0005"), CTX,
                    reset(2, 0, "")),
            new Case("RFC 9072 length disagrees with the message", "RFC 9072 3", open("ff ff 0009 02 0002 0200"), CTX,
                    reset(2, 0, "")),

            // --- Capabilities, RFC 5492 and each capability's RFC ---
            new Case("capability runs past its parameter", "RFC 5492 4", open("04 02 02 01 04"), CTX, reset(2, 0, "")),
            new Case("truncated capability header", "RFC 5492 4", open("03 02 01 01"), CTX, reset(2, 0, "")),
            new Case("multiprotocol of 3 bytes", "RFC 4760 8", openWithCaps("01 03 0001 01"), CTX, reset(2, 0, "")),
            new Case("route refresh with a value", "RFC 2918 2", openWithCaps("02 01 00"), CTX, reset(2, 0, "")),
            new Case("extended next hop of 5 bytes", "RFC 8950 3", openWithCaps("05 05 0001 0001 00"), CTX,
                    reset(2, 0, "")),
            new Case("extended message with a value", "RFC 8654 3", openWithCaps("06 01 00"), CTX, reset(2, 0, "")),
            new Case("BGP role of 2 bytes", "RFC 9234 4.1", openWithCaps("09 02 0003"), CTX, reset(2, 0, "")),
            new Case("graceful restart of 3 bytes", "RFC 4724 3", openWithCaps("40 03 0078 00"), CTX, reset(2, 0, "")),
            new Case("graceful restart with a partial family", "RFC 4724 3", openWithCaps("40 05 0078 0001 01"), CTX,
                    reset(2, 0, "")),
            new Case("4-octet AS of 2 bytes", "RFC 6793 3", openWithCaps("41 02 fde9"), CTX, reset(2, 0, "")),
            new Case("4-octet AS 0", "RFC 7607 2", open("08 02 06 41 04 00000000"), CTX, reset(2, 2, "")),
            new Case("ADD-PATH of 5 bytes", "RFC 7911 4", openWithCaps("45 05 0001 01 03 00"), CTX, reset(2, 0, "")),
            new Case("enhanced route refresh with a value", "RFC 7313 3", openWithCaps("46 01 00"), CTX,
                    reset(2, 0, "")),
            new Case("long-lived GR of 8 bytes", "RFC 9494 3", openWithCaps("47 08 0001 01 80 000e10 00"), CTX,
                    reset(2, 0, "")),
            new Case("FQDN host name past the value", "draft-walton-bgp-hostname-capability 3",
                    openWithCaps("49 04 05 6869 00"), CTX, reset(2, 0, "")),
            new Case("FQDN bytes after the domain name", "draft-walton-bgp-hostname-capability 3",
                    openWithCaps("49 05 01 68 01 64 00"), CTX, reset(2, 0, "")),

            // --- UPDATE: errors that reset the session ---
            new Case("withdrawn routes length past the message", "RFC 7606 4", message(2, "0010 0000"), CTX,
                    reset(3, 1, "")),
            new Case("total path attribute length past the message", "RFC 7606 4", message(2, "0000 0005 40 01 01 00"),
                    CTX, reset(3, 1, "")),
            new Case("unrecognised well-known attribute", "RFC 4271 6.3", update("", BASE + "40 28 02 abcd", NLRI), CTX,
                    reset(3, 2, "40 28 02 abcd")),
            new Case("MP_UNREACH_NLRI twice", "RFC 7606 3.g", update("", "80 0f 03 0002 01 80 0f 03 0002 01", ""), CTX,
                    reset(3, 1, "")),
            new Case("MP_REACH_NLRI twice", "RFC 7606 3.g",
                    update("", MP_REACH_V6 + "40 01 01 00 40 02 00" + MP_REACH_V6, ""), CTX, reset(3, 1, "")),
            new Case("MP_UNREACH_NLRI with well-known flags", "RFC 7606 7.12", update("", "40 0f 03 0002 01", ""), CTX,
                    reset(3, 4, "40 0f 03 0002 01")),
            new Case("MP_REACH_NLRI next hop of 5 bytes", "RFC 7606 7.11",
                    update("", "80 0e 0a 0002 01 05 0102030405 00 40 01 01 00 40 02 00", ""), CTX,
                    reset(3, 9, "80 0e 0a 0002 01 05 0102030405 00")),
            new Case("MP_REACH_NLRI of 4 bytes", "RFC 7606 7.11", update("", "80 0e 04 0002 01 10", ""), CTX,
                    reset(3, 9, "80 0e 04 0002 01 10")),
            new Case("MP_REACH_NLRI next hop past the attribute", "RFC 7606 7.11",
                    update("", "80 0e 08 0002 01 10 00000000", ""), CTX, reset(3, 9, "80 0e 08 0002 01 10 00000000")),
            new Case("MP_REACH_NLRI IPv6 with a 4-byte next hop", "RFC 7606 7.11",
                    update("", "80 0e 09 0002 01 04 c0000201 00", ""), CTX, reset(3, 9, "80 0e 09 0002 01 04 c0000201 00")),
            new Case("MP_REACH_NLRI prefix length 129", "RFC 7606 5.3",
                    update("", "80 0e 17 0002 01 10 20010db8000000000000000000000001 00 81 20 40 01 01 00 40 02 00", ""),
                    CTX, reset(3, 9, "80 0e 17 0002 01 10 20010db8000000000000000000000001 00 81 20")),
            new Case("MP_UNREACH_NLRI of 2 bytes", "RFC 7606 7.12", update("", "80 0f 02 0002", ""), CTX,
                    reset(3, 9, "80 0f 02 0002")),
            new Case("MP_UNREACH_NLRI prefix past the attribute", "RFC 7606 5.3", update("", "80 0f 06 0002 01 40 2001", ""),
                    CTX, reset(3, 9, "80 0f 06 0002 01 40 2001")),
            new Case("NLRI prefix length 33", "RFC 7606 5.3", update("", BASE, "21 c0000201 00"), CTX, reset(3, 10, "")),
            new Case("NLRI prefix past the message", "RFC 7606 5.3", update("", BASE, "18 c633"), CTX, reset(3, 10, "")),
            new Case("withdrawn prefix length 40", "RFC 7606 5.3", update("28 0a00000000", "", ""), CTX,
                    reset(3, 10, "")),
            new Case("withdrawn prefix past its field", "RFC 7606 5.3", update("10 0a", "", ""), CTX, reset(3, 10, "")),
            new Case("a later reset error wins over treat-as-withdraw", "RFC 7606 3",
                    update("", "40 01 01 07 | 40 02 00 | 40 03 04 c0000201", "21 c0000201 00"), CTX, reset(3, 10, "")),

            // --- UPDATE: treat-as-withdraw ---
            new Case("attribute runs past the attribute list", "RFC 7606 4", update("", BASE + "c0 08 08 fde90001", NLRI),
                    CTX, withdraw(1, "")),
            new Case("two bytes left for an attribute header", "RFC 7606 4", update("", BASE + "c0 08", NLRI), CTX,
                    withdraw(1, "")),
            new Case("three bytes left for an extended-length header", "RFC 7606 4", update("", BASE + "d0 08 00", NLRI),
                    CTX, withdraw(1, "")),
            new Case("ORIGIN of 2 bytes", "RFC 7606 7.1", update("", "40 01 02 0000 | 40 02 00 | 40 03 04 c0000201", NLRI),
                    CTX, withdraw(5, "40 01 02 0000")),
            new Case("ORIGIN 3", "RFC 7606 7.1", update("", "40 01 01 03 | 40 02 00 | 40 03 04 c0000201", NLRI), CTX,
                    withdraw(6, "40 01 01 03")),
            new Case("ORIGIN marked optional", "RFC 7606 3.c", update("", "c0 01 01 00 | 40 02 00 | 40 03 04 c0000201",
                    NLRI), CTX, withdraw(4, "c0 01 01 00")),
            new Case("AS_PATH segment type 5", "RFC 7606 7.2",
                    update("", "40 01 01 00 | 40 02 06 05 01 0000fde9 | 40 03 04 c0000201", NLRI), CTX, withdraw(11, "")),
            new Case("AS_PATH empty segment", "RFC 7606 7.2",
                    update("", "40 01 01 00 | 40 02 02 02 00 | 40 03 04 c0000201", NLRI), CTX, withdraw(11, "")),
            new Case("AS_PATH segment past the attribute", "RFC 7606 7.2",
                    update("", "40 01 01 00 | 40 02 06 02 02 0000fde9 | 40 03 04 c0000201", NLRI), CTX, withdraw(11, "")),
            new Case("AS_PATH lone trailing byte", "RFC 7606 7.2",
                    update("", "40 01 01 00 | 40 02 07 02 01 0000fde9 02 | 40 03 04 c0000201", NLRI), CTX,
                    withdraw(11, "")),
            new Case("2-octet AS_PATH on a 4-octet session", "RFC 7606 7.2",
                    update("", "40 01 01 00 | 40 02 04 02 01 fde9 | 40 03 04 c0000201", NLRI), CTX, withdraw(11, "")),
            new Case("AS_PATH marked optional", "RFC 7606 3.c",
                    update("", "40 01 01 00 | c0 02 00 | 40 03 04 c0000201", NLRI), CTX, withdraw(4, "c0 02 00")),
            new Case("NEXT_HOP of 5 bytes", "RFC 7606 7.3",
                    update("", "40 01 01 00 | 40 02 00 | 40 03 05 c000020100", NLRI), CTX, withdraw(5, "40 03 05 c000020100")),
            new Case("NEXT_HOP 0.0.0.0", "RFC 7606 7.3", update("", "40 01 01 00 | 40 02 00 | 40 03 04 00000000", NLRI),
                    CTX, withdraw(8, "40 03 04 00000000")),
            new Case("NEXT_HOP 127.0.0.1", "RFC 7606 7.3", update("", "40 01 01 00 | 40 02 00 | 40 03 04 7f000001", NLRI),
                    CTX, withdraw(8, "40 03 04 7f000001")),
            new Case("NEXT_HOP 224.0.0.1", "RFC 7606 7.3", update("", "40 01 01 00 | 40 02 00 | 40 03 04 e0000001", NLRI),
                    CTX, withdraw(8, "40 03 04 e0000001")),
            new Case("NEXT_HOP 255.255.255.255", "RFC 7606 7.3",
                    update("", "40 01 01 00 | 40 02 00 | 40 03 04 ffffffff", NLRI), CTX, withdraw(8, "40 03 04 ffffffff")),
            new Case("MULTI_EXIT_DISC of 3 bytes", "RFC 7606 7.4", update("", BASE + "80 04 03 000001", NLRI), CTX,
                    withdraw(5, "80 04 03 000001")),
            new Case("MULTI_EXIT_DISC marked well-known", "RFC 7606 3.c", update("", BASE + "40 04 04 00000001", NLRI),
                    CTX, withdraw(4, "40 04 04 00000001")),
            new Case("LOCAL_PREF of 8 bytes", "RFC 7606 7.5", update("", BASE + "40 05 08 0000000000000064", NLRI), CTX,
                    withdraw(5, "40 05 08 0000000000000064")),
            new Case("AS_PATH confederation segment from an external peer", "RFC 5065 5",
                    update("", "40 01 01 00 | 40 02 0c 03 01 0000fde8 02 01 0000fde9 | 40 03 04 c0000201", NLRI), EXTERNAL,
                    withdraw(11, "")),
            new Case("ORIGIN missing", "RFC 7606 3.d", update("", "40 02 06 02 01 0000fde9 | 40 03 04 c0000201", NLRI),
                    CTX, withdraw(3, "01")),
            new Case("AS_PATH missing", "RFC 7606 3.d", update("", "40 01 01 00 | 40 03 04 c0000201", NLRI), CTX,
                    withdraw(3, "02")),
            new Case("NEXT_HOP missing", "RFC 7606 3.d", update("", "40 01 01 00 | 40 02 06 02 01 0000fde9", NLRI), CTX,
                    withdraw(3, "03")),
            new Case("AS_PATH missing beside MP_REACH_NLRI", "RFC 7606 3.d",
                    update("", MP_REACH_V6 + "40 01 01 00", ""), CTX, withdraw(3, "02")),
            new Case("no attributes at all beside NLRI", "RFC 7606 3.d", update("", "", NLRI), CTX, withdraw(3, "01")),
            new Case("COMMUNITIES of 5 bytes", "RFC 7606 7.8", update("", BASE + "c0 08 05 fde9000100", NLRI), CTX,
                    withdraw(5, "c0 08 05 fde9000100")),
            new Case("COMMUNITIES of 0 bytes", "RFC 7606 7.8", update("", BASE + "c0 08 00", NLRI), CTX,
                    withdraw(5, "c0 08 00")),
            new Case("COMMUNITIES marked non-transitive", "RFC 7606 3.c", update("", BASE + "80 08 04 fde90001", NLRI),
                    CTX, withdraw(4, "80 08 04 fde90001")),
            new Case("ORIGINATOR_ID of 5 bytes", "RFC 7606 7.9", update("", BASE + "80 09 05 0a00000100", NLRI), CTX,
                    withdraw(5, "80 09 05 0a00000100")),
            new Case("CLUSTER_LIST of 6 bytes", "RFC 7606 7.10", update("", BASE + "80 0a 06 0a0000010000", NLRI), CTX,
                    withdraw(5, "80 0a 06 0a0000010000")),
            new Case("EXTENDED COMMUNITIES of 12 bytes", "RFC 7606 7.14",
                    update("", BASE + "c0 10 0c 0002fde900000007 00000000", NLRI), CTX,
                    withdraw(5, "c0 10 0c 0002fde900000007 00000000")),
            new Case("LARGE COMMUNITIES of 8 bytes", "RFC 8092 6", update("", BASE + "c0 20 08 0000fde900000001", NLRI),
                    CTX, withdraw(5, "c0 20 08 0000fde900000001")),
            new Case("ATOMIC_AGGREGATE marked optional", "RFC 7606 3.c", update("", BASE + "c0 06 00", NLRI), CTX,
                    withdraw(4, "c0 06 00")),
            new Case("AGGREGATOR marked well-known", "RFC 7606 3.c", update("", BASE + "40 07 08 0000fde9 c0000201", NLRI),
                    CTX, withdraw(4, "40 07 08 0000fde9 c0000201")),
            new Case("AS4_AGGREGATOR marked non-transitive", "RFC 7606 3.c",
                    update("", BASE2 + "80 12 08 fa56ea01 c0000201", NLRI), TWO_OCTET,
                    withdraw(4, "80 12 08 fa56ea01 c0000201")),
            new Case("AS4_PATH marked non-transitive", "RFC 7606 3.c",
                    update("", BASE2 + "80 11 06 02 01 0000fde9", NLRI), TWO_OCTET, withdraw(4, "80 11 06 02 01 0000fde9")),
            new Case("the first of two treat-as-withdraw errors is reported", "RFC 7606 3",
                    update("", "40 01 01 07 | 40 02 00 | 40 03 04 00000000", NLRI), CTX, withdraw(6, "40 01 01 07")),

            // --- UPDATE: attribute discard ---
            new Case("ORIGIN repeated", "RFC 7606 3.g", update("", BASE + "40 01 01 02", NLRI), CTX, new Discard(1)),
            new Case("LOCAL_PREF from an external peer", "RFC 7606 7.5", update("", BASE + "40 05 04 00000064", NLRI),
                    EXTERNAL, new Discard(5)),
            new Case("LOCAL_PREF of 8 bytes from an external peer", "RFC 7606 7.5",
                    update("", BASE + "40 05 08 0000000000000064", NLRI), EXTERNAL, new Discard(5)),
            new Case("ATOMIC_AGGREGATE of 1 byte", "RFC 7606 7.6", update("", BASE + "40 06 01 00", NLRI), CTX,
                    new Discard(6)),
            new Case("AGGREGATOR of 7 bytes on a 4-octet session", "RFC 7606 7.7",
                    update("", BASE + "c0 07 07 0000fde9 c00002", NLRI), CTX, new Discard(7)),
            new Case("AGGREGATOR of 8 bytes on a 2-octet session", "RFC 7606 7.7",
                    update("", BASE2 + "c0 07 08 0000fde9 c0000201", NLRI), TWO_OCTET, new Discard(7)),
            new Case("ORIGINATOR_ID from an external peer", "RFC 7606 7.9", update("", BASE + "80 09 04 0a000001", NLRI),
                    EXTERNAL, new Discard(9)),
            new Case("ORIGINATOR_ID of 5 bytes from an external peer", "RFC 7606 7.9",
                    update("", BASE + "80 09 05 0a00000100", NLRI), EXTERNAL, new Discard(9)),
            new Case("CLUSTER_LIST from an external peer", "RFC 7606 7.10", update("", BASE + "80 0a 04 0a000001", NLRI),
                    EXTERNAL, new Discard(10)),
            new Case("CLUSTER_LIST of 6 bytes from an external peer", "RFC 7606 7.10",
                    update("", BASE + "80 0a 06 0a0000010000", NLRI), EXTERNAL, new Discard(10)),
            new Case("AS4_AGGREGATOR from a 4-octet peer", "RFC 6793 4.1",
                    update("", BASE + "c0 12 08 fa56ea01 c0000201", NLRI), CTX, new Discard(18)),
            new Case("AS4_AGGREGATOR of 6 bytes", "RFC 6793 6", update("", BASE2 + "c0 12 06 fde9 c0000201", NLRI),
                    TWO_OCTET, new Discard(18)),
            new Case("AS4_PATH malformed", "RFC 6793 6", update("", BASE2 + "c0 11 04 02 01 fde9", NLRI), TWO_OCTET,
                    new Discard(17)),
            new Case("AS4_PATH with a confederation segment", "RFC 6793 6",
                    update("", BASE2 + "c0 11 06 03 01 0000fde9", NLRI), TWO_OCTET, new Discard(17)),
            new Case("AS4_PATH longer than AS_PATH", "RFC 6793 4.2.3",
                    update("", BASE2 + "c0 11 0a 02 02 0000fde9 fa56ea01", NLRI), TWO_OCTET, new Discard(17)),
            new Case("AS4_PATH from a 4-octet peer", "RFC 6793 4.1",
                    update("", BASE + "c0 11 06 02 01 fa56ea01", NLRI), CTX, new Discard(17)),

            // --- UPDATE: no error at all ---
            new Case("NEXT_HOP 0.0.0.0 beside MP_REACH_NLRI only", "RFC 4760 3",
                    update("", MP_REACH_V6_ROUTE + "40 01 01 00 | 40 02 00 | 40 03 04 00000000", ""), CTX, new Accepted()),
            new Case("NEXT_HOP of 5 bytes beside MP_REACH_NLRI only", "RFC 4760 3",
                    update("", MP_REACH_V6_ROUTE + "40 01 01 00 | 40 02 00 | 40 03 05 c000020100", ""), CTX,
                    new Accepted()),
            new Case("NEXT_HOP marked optional beside MP_REACH_NLRI only", "RFC 4760 3",
                    update("", MP_REACH_V6_ROUTE + "40 01 01 00 | 40 02 00 | c0 03 04 c0000201", ""), CTX, new Accepted()),
            new Case("AS4_PATH beside an AGGREGATOR without AS4_AGGREGATOR", "RFC 6793 4.2.3",
                    update("", "40 01 01 00 | 40 02 04 02 01 5ba0 | 40 03 04 c0000201 | c0 07 06 fde9 c0000201"
                            + "| c0 11 06 02 01 fa56ea01", NLRI), TWO_OCTET, new Accepted()),

            // --- ROUTE-REFRESH, RFC 7313 ---
            new Case("BoRR of 5 bytes", "RFC 7313 5", message(5, "0001 01 01 00"), CTX,
                    reset(7, 1, Wire.hex(message(5, "0001 01 01 00")))));

    @Test
    void theTableHoldsAtLeastFiftyCasesEachNamingItsRfcSection() {
        assertTrue(CASES.size() >= 50, "cases: " + CASES.size());
        Set<String> names = new HashSet<>();
        for (Case c : CASES) {
            assertTrue(names.add(c.name()), "duplicate case name " + c.name());
            assertTrue(c.rfc().matches("(RFC \\d+|draft-[a-z-]+) [0-9]+(\\.[0-9a-z]+)*"), c.rfc());
        }
        // Every area the issue names is covered.
        List<Integer> types = CASES.stream().map(c -> c.bytes()[18] & 0xFF).distinct().toList();
        assertTrue(types.containsAll(List.of(1, 2, 4)), types.toString());
        assertTrue(CASES.stream().anyMatch(c -> c.outcome() instanceof Withdraw));
        assertTrue(CASES.stream().anyMatch(c -> c.outcome() instanceof Discard));
    }

    @TestFactory
    Stream<DynamicTest> everyCaseGetsItsOutcome() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> check(c)));
    }

    private static void check(Case c) throws Exception {
        switch (c.outcome()) {
            case Reset r -> {
                BgpDecodeException e = Wire.decodeError(c.bytes(), c.ctx());
                assertEquals(r.code() + "/" + r.subcode() + " data=" + Wire.hex(Wire.hex(r.dataHex())),
                        e.code() + "/" + e.subcode() + " data=" + Wire.hex(e.notification().data().toArray()), e.getMessage());
                assertFalse(e.getMessage().contains(MessageCodec.INTERNAL_FAULT), e.getMessage());
            }
            case Withdraw w -> {
                Update u = decodeUpdate(c);
                assertTrue(u.treatAsWithdraw(), "treat-as-withdraw: " + u.errors());
                UpdateError first = u.errors().stream()
                        .filter(x -> x.action() == UpdateError.Action.TREAT_AS_WITHDRAW).findFirst().orElseThrow();
                assertEquals(new Notification(3, w.subcode(), Wire.hex(w.dataHex())), first.notification(),
                        first.toString());
            }
            case Discard d -> {
                Update u = decodeUpdate(c);
                assertFalse(u.treatAsWithdraw(), "no treat-as-withdraw: " + u.errors());
                assertTrue(u.errors().stream().anyMatch(x -> x.action() == UpdateError.Action.ATTRIBUTE_DISCARD
                        && x.attributeType() == d.attributeType()), u.errors().toString());
                assertEquals(1, u.attributes().stream().filter(a -> a.typeCode() == d.attributeType()).count()
                        + (d.attributeType() == 1 ? 0 : 1), "the discarded attribute is gone: " + u.attributes());
                assertEquals(List.of(Samples.p("198.51.100.0/24")), u.nlri(), "the routes stand");
            }
            case Accepted a -> assertEquals(List.of(), decodeUpdate(c).errors());
        }
    }

    private static Update decodeUpdate(Case c) {
        try {
            return (Update) Wire.decode(c.bytes(), c.ctx());
        } catch (BgpDecodeException e) {
            fail("expected no session reset, got " + e.getMessage());
            throw new AssertionError(e);
        }
    }

    /** The table's byte strings, for the fuzz seed corpora. */
    static List<byte[]> inputs() {
        List<byte[]> out = new ArrayList<>();
        CASES.forEach(c -> out.add(c.bytes()));
        return out;
    }
}
