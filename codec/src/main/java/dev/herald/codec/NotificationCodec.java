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
        return new Notification(code, subcode, data);
    }

    static void encode(Notification n, ByteBuf out) {
        out.writeByte(EncodeChecks.u8(n.code(), "error code"));
        out.writeByte(EncodeChecks.u8(n.subcode(), "error subcode"));
        out.writeBytes(n.data());
    }
}
