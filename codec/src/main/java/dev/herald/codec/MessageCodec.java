package dev.herald.codec;

import io.netty.buffer.ByteBuf;

/**
 * Entry points of the wire codec. Pure functions of their arguments: no I/O, no threads, no state.
 */
public final class MessageCodec {
    public static final int HEADER_LENGTH = 19;

    private MessageCodec() {
    }

    /**
     * Length of the next whole message at {@code in}'s reader index, or -1 when fewer than 19 bytes
     * are readable. Does not move the reader index.
     *
     * @throws BgpDecodeException 1/1 when the marker is not all ones, 1/2 when the length is below
     *                            19 or above {@code ctx.maxMessageLength()}
     */
    public static int frameLength(ByteBuf in, CodecContext ctx) throws BgpDecodeException {
        throw new UnsupportedOperationException("implemented by the codec work");
    }

    /**
     * Decodes exactly one whole message (header included) from {@code frame}'s readable bytes.
     *
     * @throws BgpDecodeException carrying the NOTIFICATION to send; nothing else is thrown
     */
    public static BgpMessage decode(ByteBuf frame, CodecContext ctx) throws BgpDecodeException {
        throw new UnsupportedOperationException("implemented by the codec work");
    }

    /**
     * Appends the message (header included) to {@code out}.
     *
     * @throws IllegalArgumentException when the message cannot be encoded within
     *                                  {@code ctx.maxMessageLength()} or is otherwise invalid
     */
    public static void encode(BgpMessage message, CodecContext ctx, ByteBuf out) {
        throw new UnsupportedOperationException("implemented by the codec work");
    }
}
