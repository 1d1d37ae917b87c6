package dev.herald.codec;

import io.netty.buffer.ByteBuf;

/**
 * Entry points of the wire codec. Pure functions of their arguments: no I/O, no threads, no state.
 */
public final class MessageCodec {
    public static final int HEADER_LENGTH = 19;

    /** Start of the reason of errors raised by the last-resort guard in {@link #decode}. */
    static final String INTERNAL_FAULT = "internal decoder fault";

    private MessageCodec() {
    }

    /**
     * Length of the next whole message at {@code in}'s reader index, or -1 when fewer than 19 bytes
     * are readable. Does not move the reader index.
     *
     * @throws BgpDecodeException 1/1 when the marker is not all ones, 1/2 when the length is below
     *                            19 or above {@code ctx.maxReceiveLength()}
     */
    public static int frameLength(ByteBuf in, CodecContext ctx) throws BgpDecodeException {
        return HeaderCodec.frameLength(in, ctx);
    }

    /**
     * Decodes exactly one whole message (header included) from {@code frame}'s readable bytes.
     * Does not move {@code frame}'s reader index, and keeps no reference to it.
     *
     * <p>Every read is checked against the bounds of its field first. As a last resort, an
     * unexpected RuntimeException (a decoder bug) is turned into the NOTIFICATION closest to
     * "this message is malformed": 2/0 for OPEN, 3/1 for UPDATE, 1/2 otherwise, with a reason
     * starting "internal decoder fault". The fuzz tests assert that this never happens.
     *
     * @throws BgpDecodeException carrying the NOTIFICATION to send; nothing else is thrown. When
     *                            {@link BgpDecodeException#treatAsWithdraw()} is true, RFC 7606
     *                            allows keeping the session.
     */
    public static BgpMessage decode(ByteBuf frame, CodecContext ctx) throws BgpDecodeException {
        int type = 0;
        try {
            type = HeaderCodec.checkFrame(frame, ctx);
            ByteBuf body = frame.slice(frame.readerIndex() + HEADER_LENGTH, frame.readableBytes() - HEADER_LENGTH);
            return switch (type) {
                case HeaderCodec.OPEN -> OpenCodec.decode(body);
                case HeaderCodec.UPDATE -> UpdateCodec.decode(body, ctx);
                case HeaderCodec.NOTIFICATION -> NotificationCodec.decode(body);
                case HeaderCodec.KEEPALIVE -> Keepalive.INSTANCE;
                case HeaderCodec.ROUTE_REFRESH -> RouteRefreshCodec.decode(frame, body);
                default -> throw new IllegalStateException("checkFrame let type " + type + " through");
            };
        } catch (RuntimeException e) {
            String reason = INTERNAL_FAULT + ": " + e;
            throw switch (type) {
                case HeaderCodec.OPEN -> DecodeErrors.open(DecodeErrors.UNSPECIFIC, reason);
                case HeaderCodec.UPDATE -> DecodeErrors.update(DecodeErrors.MALFORMED_ATTRIBUTE_LIST, reason);
                default -> DecodeErrors.badLength(frame.readableBytes() & 0xFFFF, reason);
            };
        }
    }

    /**
     * Bytes of {@code attribute}'s value as {@link #encode} writes it on a session with {@code ctx}
     * (an AS_PATH of more than 255 ASes split into several segments): what a packer counts before
     * it builds an UPDATE, so that the count and the encoder cannot disagree.
     */
    public static int attributeValueLength(PathAttribute attribute, CodecContext ctx) {
        return AttributeCodec.valueLength(attribute, ctx.fourOctetAs() ? 4 : 2);
    }

    /**
     * Appends the message (header included) to {@code out}. On failure nothing is appended.
     * OPEN and KEEPALIVE are limited to 4096 bytes whatever {@code ctx} says (RFC 8654). A
     * NOTIFICATION's data is truncated to fit {@code ctx.maxMessageLength()} (RFC 8654 5).
     *
     * @throws IllegalArgumentException when the message cannot be encoded within
     *                                  {@code ctx.maxMessageLength()} or is otherwise invalid
     */
    public static void encode(BgpMessage message, CodecContext ctx, ByteBuf out) {
        int start = HeaderCodec.start(out, message.type());
        try {
            int max = ctx.maxMessageLength();
            switch (message) {
                case Open o -> {
                    OpenCodec.encode(o, out);
                    max = Math.min(max, CodecContext.MAX_MESSAGE);
                }
                case Update u -> UpdateCodec.encode(u, ctx, out);
                case Notification n -> NotificationCodec.encode(n, max, out);
                case Keepalive _ -> max = HEADER_LENGTH;
                case RouteRefresh r -> RouteRefreshCodec.encode(r, out);
            }
            HeaderCodec.finish(out, start, max, message);
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
    }
}
