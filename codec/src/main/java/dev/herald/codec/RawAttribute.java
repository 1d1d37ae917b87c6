package dev.herald.codec;

import io.netty.buffer.ByteBuf;

/**
 * One attribute as found on the wire, before interpretation.
 *
 * @param value the attribute value, a slice of the attribute list
 * @param list  the attribute list, to quote the whole attribute in error data
 * @param start index of the flags byte in {@code list}
 * @param size  header plus value
 */
record RawAttribute(int flags, int typeCode, ByteBuf value, ByteBuf list, int start, int size) {
    /**
     * The whole attribute (flags, type, length, value): RFC 4271 6.3 puts it in the data of
     * most UPDATE errors.
     */
    byte[] wholeAttribute() {
        return DecodeErrors.bytes(list, start, size);
    }

    byte[] valueBytes() {
        return DecodeErrors.bytes(value, value.readerIndex(), value.readableBytes());
    }

    int length() {
        return value.readableBytes();
    }
}
