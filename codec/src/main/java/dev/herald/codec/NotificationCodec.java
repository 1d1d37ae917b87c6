package dev.herald.codec;

import io.netty.buffer.ByteBuf;

/** NOTIFICATION (RFC 4271 4.5): code, subcode, and data running to the end of the message. */
final class NotificationCodec {
    static final int MIN_LENGTH = MessageCodec.HEADER_LENGTH + 2;

    private NotificationCodec() {
    }

    static Notification decode(ByteBuf body) {
        int code = body.readUnsignedByte();
        int subcode = body.readUnsignedByte();
        byte[] data = new byte[body.readableBytes()];
        body.readBytes(data);
        return new Notification(code, subcode, Bytes.adopt(data));
    }

    /**
     * Writes code, subcode and as much of the data as a message of {@code maxMessageLength} bytes
     * holds. Data that would not fit is truncated (RFC 8654 5): a NOTIFICATION quoting a
     * maximum-size message, such as the 7/1 for a bad BoRR (RFC 7313 5), must still go out, since
     * the peer learns nothing from a connection that just closes.
     */
    static void encode(Notification n, int maxMessageLength, ByteBuf out) {
        out.writeByte(EncodeChecks.u8(n.code(), "error code"));
        out.writeByte(EncodeChecks.u8(n.subcode(), "error subcode"));
        n.data().writeTo(out, maxMessageLength - MIN_LENGTH);
    }
}
