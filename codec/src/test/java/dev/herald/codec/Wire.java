package dev.herald.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;

/** Test helpers: hex vectors, whole messages from hand-written bodies, encode/decode to arrays. */
final class Wire {
    static final HexFormat HEX = HexFormat.of();

    private Wire() {
    }

    /** Hex with any spaces, newlines and '|' separators ignored. */
    static byte[] hex(String s) {
        return HEX.parseHex(s.replaceAll("[\\s|]", ""));
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    /** A whole message: marker, length computed from the body, type, body. */
    static byte[] message(int type, String bodyHex) {
        byte[] body = hex(bodyHex);
        byte[] m = new byte[19 + body.length];
        java.util.Arrays.fill(m, 0, 16, (byte) 0xFF);
        m[16] = (byte) (m.length >>> 8);
        m[17] = (byte) m.length;
        m[18] = (byte) type;
        System.arraycopy(body, 0, m, 19, body.length);
        return m;
    }

    /** An UPDATE body from its three parts, lengths computed. */
    static byte[] update(String withdrawnHex, String attributesHex, String nlriHex) {
        byte[] w = hex(withdrawnHex);
        byte[] a = hex(attributesHex);
        return message(2, "%04x%s%04x%s%s".formatted(w.length, hex(w), a.length, hex(a), nlriHex));
    }

    static byte[] encode(BgpMessage m, CodecContext ctx) {
        ByteBuf out = Unpooled.buffer();
        try {
            MessageCodec.encode(m, ctx, out);
            byte[] b = new byte[out.readableBytes()];
            out.readBytes(b);
            return b;
        } finally {
            out.release();
        }
    }

    static BgpMessage decode(byte[] bytes, CodecContext ctx) throws BgpDecodeException {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            return MessageCodec.decode(in, ctx);
        } finally {
            in.release();
        }
    }

    static BgpDecodeException decodeError(byte[] bytes, CodecContext ctx) {
        return assertThrows(BgpDecodeException.class, () -> decode(bytes, ctx));
    }

    /** Asserts the decode error's NOTIFICATION, data as hex. */
    static BgpDecodeException assertError(byte[] bytes, CodecContext ctx, int code, int subcode, String dataHex) {
        BgpDecodeException e = decodeError(bytes, ctx);
        assertEquals(code + "/" + subcode + " data=" + dataHex.replaceAll("[\\s|]", ""),
                e.code() + "/" + e.subcode() + " data=" + hex(e.notification().data().toArray()), e.getMessage());
        return e;
    }
}
