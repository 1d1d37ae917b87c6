package dev.herald.codec;

import io.netty.buffer.ByteBuf;

/** The 19-byte message header (RFC 4271 4.1) and the per-type length limits of section 6.1. */
final class HeaderCodec {
    static final int MARKER_LENGTH = 16;
    static final int LENGTH_OFFSET = 16;
    static final int TYPE_OFFSET = 18;

    static final int OPEN = 1;
    static final int UPDATE = 2;
    static final int NOTIFICATION = 3;
    static final int KEEPALIVE = 4;
    static final int ROUTE_REFRESH = 5;

    private HeaderCodec() {
    }

    static int frameLength(ByteBuf in, CodecContext ctx) throws BgpDecodeException {
        if (in.readableBytes() < MessageCodec.HEADER_LENGTH) {
            return -1;
        }
        int base = in.readerIndex();
        for (int i = 0; i < MARKER_LENGTH; i++) {
            if (in.getByte(base + i) != (byte) 0xFF) {
                throw DecodeErrors.header(DecodeErrors.CONNECTION_NOT_SYNCHRONIZED, new byte[0], "marker is not all ones");
            }
        }
        int length = in.getUnsignedShort(base + LENGTH_OFFSET);
        if (length < MessageCodec.HEADER_LENGTH || length > ctx.maxReceiveLength()) {
            throw DecodeErrors.badLength(length, "message length " + length + " outside 19.." + ctx.maxReceiveLength());
        }
        return length;
    }

    /**
     * Checks the header of a whole frame and the type's length bounds, and returns the type.
     * The readable bytes must be exactly one message.
     */
    static int checkFrame(ByteBuf frame, CodecContext ctx) throws BgpDecodeException {
        int readable = frame.readableBytes();
        if (readable < MessageCodec.HEADER_LENGTH) {
            throw DecodeErrors.badLength(readable, "frame of " + readable + " bytes is shorter than a header");
        }
        int length = frameLength(frame, ctx);
        if (length != readable) {
            throw DecodeErrors.badLength(length, "header length " + length + " but the frame holds " + readable + " bytes");
        }
        int type = frame.getUnsignedByte(frame.readerIndex() + TYPE_OFFSET);
        int min = switch (type) {
            case OPEN -> OpenCodec.MIN_LENGTH;
            case UPDATE -> UpdateCodec.MIN_LENGTH;
            case NOTIFICATION -> NotificationCodec.MIN_LENGTH;
            case KEEPALIVE -> MessageCodec.HEADER_LENGTH;
            case ROUTE_REFRESH -> RouteRefreshCodec.MIN_LENGTH;
            default -> throw DecodeErrors.header(DecodeErrors.BAD_MESSAGE_TYPE, new byte[] {(byte) type},
                    "unknown message type " + type);
        };
        if (length < min || (type == KEEPALIVE && length != MessageCodec.HEADER_LENGTH)
                || (type == OPEN || type == KEEPALIVE) && length > CodecContext.MAX_MESSAGE) {
            // RFC 8654: OPEN and KEEPALIVE never exceed 4096, whatever was negotiated.
            throw DecodeErrors.badLength(length, "length " + length + " is invalid for message type " + type);
        }
        return type;
    }

    /** Writes a header with a zero length; {@link #finish} patches it. Returns the start index. */
    static int start(ByteBuf out, int type) {
        int start = out.writerIndex();
        for (int i = 0; i < MARKER_LENGTH; i++) {
            out.writeByte(0xFF);
        }
        out.writeShort(0);
        out.writeByte(type);
        return start;
    }

    /**
     * Patches the length of the message begun at {@code start}, or removes the partial message
     * and throws when it exceeds {@code max}.
     */
    static void finish(ByteBuf out, int start, int max, BgpMessage message) {
        int length = out.writerIndex() - start;
        if (length > max) {
            out.writerIndex(start);
            throw new IllegalArgumentException("message of " + length + " bytes exceeds the limit of " + max
                    + ": " + abbreviate(message));
        }
        out.setShort(start + LENGTH_OFFSET, length);
    }

    private static String abbreviate(BgpMessage message) {
        String s = message.toString();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
