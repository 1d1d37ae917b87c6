package dev.herald.codec;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable run of bytes that the messages carry as they are: a next hop field, the value of
 * an attribute or capability the codec does not model, NOTIFICATION data. A record component of
 * type {@code byte[]} would compare by identity and hand out a mutable array; this type compares
 * by content, prints as hex, and lets the encoder write it without a defensive copy.
 */
public final class Bytes {
    public static final Bytes EMPTY = new Bytes(new byte[0]);
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] value;

    private Bytes(byte[] value) {
        this.value = value;
    }

    /** A copy of {@code value}, which the caller may change afterwards. */
    public static Bytes of(byte... value) {
        return value.length == 0 ? EMPTY : new Bytes(value.clone());
    }

    /** Takes {@code value} without copying: only for arrays the codec made and nobody else holds. */
    static Bytes adopt(byte[] value) {
        return value.length == 0 ? EMPTY : new Bytes(value);
    }

    public int length() {
        return value.length;
    }

    public byte get(int index) {
        return value[index];
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        return value.clone();
    }

    /** A copy of bytes {@code from} (inclusive) to {@code to} (exclusive). */
    public byte[] toArray(int from, int to) {
        return Arrays.copyOfRange(value, from, to);
    }

    /** Writes the bytes to {@code out}, without a copy on the heap. */
    public void writeTo(ByteBuf out) {
        out.writeBytes(value);
    }

    /** Writes the first {@code maxLength} bytes (all, if there are fewer) to {@code out}. */
    public void writeTo(ByteBuf out, int maxLength) {
        out.writeBytes(value, 0, Math.min(value.length, maxLength));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(b.value, value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    /** Lower-case hex without separators ("0a0b"), as the messages' toString has always shown it. */
    @Override
    public String toString() {
        return HEX.formatHex(value);
    }
}
