package dev.herald.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Jazzer fuzz targets, one per decoder entry point. {@code ./mvnw verify} replays the committed
 * seed corpora under {@code src/test/resources/dev/herald/codec/CodecFuzzTestInputs/<method>/};
 * {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md).
 *
 * <p>The first input byte picks the session context (bit 0: 4-octet AS, bit 1: extended
 * messages, bit 2: external peer; for prefix lists bit 0 picks IPv6), the rest is what the decoder sees. Invariants:
 * <ul>
 *   <li>nothing but {@link BgpDecodeException} escapes, and never the decoder's last-resort
 *       "internal decoder fault" one;</li>
 *   <li>no hang: every decoder loop consumes input, and the run would time out otherwise;</li>
 *   <li>whatever decodes cleanly re-encodes, and decoding that gives the same value back, and
 *       encoding is a fixed point from there on. Byte identity with the input holds for
 *       canonical input only; docs/fuzzing.md lists the non-canonical forms and
 *       {@code ByteVectorTest}/{@code RoundTripTest} check byte identity for canonical ones.</li>
 * </ul>
 */
class CodecFuzzTest {
    static CodecContext context(int selector) {
        return new CodecContext((selector & 1) != 0,
                (selector & 2) != 0 ? CodecContext.MAX_EXTENDED_MESSAGE : CodecContext.MAX_MESSAGE, (selector & 4) != 0);
    }

    /** A stream of messages as the connection handler sees it: frameLength, then decode. */
    @FuzzTest(maxDuration = "2m")
    void wholeMessage(byte[] data) {
        if (data.length == 0) {
            return;
        }
        CodecContext ctx = context(data[0]);
        ByteBuf in = Unpooled.wrappedBuffer(data, 1, data.length - 1);
        try {
            while (true) {
                int length;
                try {
                    length = MessageCodec.frameLength(in, ctx);
                } catch (BgpDecodeException e) {
                    return;
                }
                if (length < 0 || in.readableBytes() < length) {
                    return;
                }
                ByteBuf frame = in.readSlice(length);
                BgpMessage m;
                try {
                    m = MessageCodec.decode(frame, ctx);
                } catch (BgpDecodeException e) {
                    assertFalse(e.getMessage().startsWith(MessageCodec.INTERNAL_FAULT), e.getMessage());
                    return;
                }
                assertEquals(0, frame.readerIndex(), "decode leaves the frame's reader index alone");
                checkMessageRoundTrip(m, ctx);
            }
        } finally {
            in.release();
        }
    }

    static void checkMessageRoundTrip(BgpMessage m, CodecContext ctx) {
        if (m instanceof Update u && !u.errors().isEmpty()) {
            return; // what was dropped cannot come back
        }
        byte[] once;
        try {
            once = Wire.encode(m, ctx);
        } catch (IllegalArgumentException e) {
            // Re-encoding may grow a non-canonical message (a full AS4_PATH for a partial one)
            // past the size limit; anything else refused is a bug.
            assertTrue(e.getMessage().startsWith("message of "), e.getMessage());
            return;
        }
        BgpMessage again;
        try {
            again = Wire.decode(once, ctx);
        } catch (BgpDecodeException e) {
            throw new AssertionError("re-encoded " + m + " does not decode: " + e.getMessage(), e);
        }
        // The attribute order on the wire is the sender's; herald sends its own (docs/fuzzing.md).
        assertEquals(inSendOrder(m), again);
        assertArrayEquals(once, Wire.encode(again, ctx), "encoding is a fixed point");
    }

    private static BgpMessage inSendOrder(BgpMessage m) {
        return m instanceof Update u ? new Update(u.withdrawn(), sorted(u.attributes()), u.nlri(), u.errors()) : m;
    }

    /** The attribute list of an UPDATE, as UpdateCodec hands it over. */
    @FuzzTest(maxDuration = "2m")
    void attributeList(byte[] data) {
        if (data.length == 0) {
            return;
        }
        CodecContext ctx = context(data[0]);
        ByteBuf in = Unpooled.wrappedBuffer(data, 1, data.length - 1);
        AttributeCodec.Decoded d;
        try {
            d = AttributeCodec.readAll(in, ctx);
        } catch (BgpDecodeException e) {
            return;
        } finally {
            in.release();
        }
        if (!d.errors().isEmpty()) {
            return;
        }
        ByteBuf out = Unpooled.buffer();
        try {
            AttributeCodec.writeAll(out, d.attributes(), ctx);
            byte[] once = new byte[out.readableBytes()];
            out.getBytes(0, once);
            AttributeCodec.Decoded again = AttributeCodec.readAll(out, ctx);
            assertEquals(List.of(), again.errors());
            assertEquals(sorted(d.attributes()), again.attributes());
        } catch (BgpDecodeException e) {
            throw new AssertionError("re-encoded " + d.attributes() + " does not decode: " + e.getMessage(), e);
        } finally {
            out.release();
        }
    }

    /** The encoder's order: MP_REACH_NLRI, MP_UNREACH_NLRI, then ascending type code. */
    private static List<PathAttribute> sorted(List<PathAttribute> attributes) {
        List<PathAttribute> s = new ArrayList<>(attributes);
        s.sort(java.util.Comparator.comparingInt(a -> a.typeCode() == 14 || a.typeCode() == 15
                ? a.typeCode() - 256 : a.typeCode()));
        return s;
    }

    /** The value of an OPEN's capabilities parameter. */
    @FuzzTest(maxDuration = "2m")
    void capabilityList(byte[] data) {
        List<Capability> caps = new ArrayList<>();
        ByteBuf in = Unpooled.wrappedBuffer(data);
        try {
            CapabilityCodec.readAll(in, caps);
        } catch (BgpDecodeException e) {
            assertEquals(Notification.OPEN_MESSAGE_ERROR, e.code());
            return;
        } finally {
            in.release();
        }
        ByteBuf out = Unpooled.buffer();
        try {
            for (Capability c : caps) {
                CapabilityCodec.write(out, c);
            }
            if (caps.stream().noneMatch(c -> c instanceof Capability.GracefulRestart
                    || c instanceof Capability.Multiprotocol)) {
                // Graceful restart and multiprotocol drop their reserved bits; every other
                // capability is kept exactly.
                assertArrayEquals(data, bytes(out));
            }
            List<Capability> again = new ArrayList<>();
            CapabilityCodec.readAll(out, again);
            assertEquals(caps, again);
        } catch (BgpDecodeException e) {
            throw new AssertionError("re-encoded " + caps + " does not decode: " + e.getMessage(), e);
        } finally {
            out.release();
        }
    }

    /** Withdrawn routes, NLRI, or the prefixes inside MP_REACH/MP_UNREACH. */
    @FuzzTest(maxDuration = "2m")
    void prefixList(byte[] data) {
        if (data.length == 0) {
            return;
        }
        Afi afi = (data[0] & 1) != 0 ? Afi.IPV6 : Afi.IPV4;
        ByteBuf in = Unpooled.wrappedBuffer(data, 1, data.length - 1);
        List<Prefix> prefixes;
        try {
            prefixes = PrefixCodec.readAll(in, afi, DecodeErrors.INVALID_NETWORK_FIELD, null, "NLRI");
        } catch (BgpDecodeException e) {
            assertEquals(List.of(3, 10), List.of(e.code(), e.subcode()));
            return;
        } finally {
            in.release();
        }
        ByteBuf out = Unpooled.buffer();
        try {
            PrefixCodec.writeAll(out, prefixes, afi, "NLRI");
            assertEquals(data.length - 1, out.readableBytes(), "same lengths; only host bits may differ");
            assertEquals(prefixes, PrefixCodec.readAll(out, afi, DecodeErrors.INVALID_NETWORK_FIELD, null, "NLRI"));
        } catch (BgpDecodeException e) {
            throw new AssertionError("re-encoded " + prefixes + " does not decode: " + e.getMessage(), e);
        } finally {
            out.release();
        }
    }

    private static byte[] bytes(ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), out);
        return out;
    }
}
