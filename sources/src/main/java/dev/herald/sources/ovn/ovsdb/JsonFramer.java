package dev.herald.sources.ovn.ovsdb;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a byte stream of JSON values sent back to back (RFC 7047 section 4: no delimiter, no
 * length prefix) into whole values. It only tracks strings, escapes and nesting depth; parsing is
 * left to Jackson, so a value that is not valid JSON still comes out whole and fails there.
 *
 * <p>Pure: feed it any chunking of the stream, it yields the same values.
 */
public final class JsonFramer {
    /** Refuses a single value above this size: a server sending garbage must not fill the heap. */
    private final int maxValueBytes;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private int depth;
    private boolean inString;
    private boolean escape;

    public JsonFramer(int maxValueBytes) {
        this.maxValueBytes = maxValueBytes;
    }

    /** Thrown when the stream is not a sequence of JSON objects or arrays. */
    public static final class FramingException extends RuntimeException {
        public FramingException(String message) {
            super(message);
        }
    }

    /** Feeds {@code len} bytes; returns the values completed by them, in order. */
    public List<byte[]> feed(byte[] buf, int off, int len) {
        List<byte[]> out = new ArrayList<>(1);
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte b = buf[i];
            if (depth == 0) {
                if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                    start = i + 1;
                    continue;
                }
                if (b != '{' && b != '[') {
                    throw new FramingException("expected a JSON object between messages, got byte 0x"
                            + Integer.toHexString(b & 0xff));
                }
            }
            if (inString) {
                if (escape) {
                    escape = false;
                } else if (b == '\\') {
                    escape = true;
                } else if (b == '"') {
                    inString = false;
                }
                continue;
            }
            switch (b) {
                case '"' -> inString = true;
                case '{', '[' -> depth++;
                case '}', ']' -> {
                    depth--;
                    if (depth == 0) {
                        current.write(buf, start, i + 1 - start);
                        out.add(current.toByteArray());
                        current.reset();
                        start = i + 1;
                    }
                }
                default -> {
                }
            }
        }
        if (depth > 0 && end > start) {
            current.write(buf, start, end - start);
            if (current.size() > maxValueBytes) {
                throw new FramingException("a JSON value larger than " + maxValueBytes + " bytes");
            }
        }
        return out;
    }

    /** Bytes of an unfinished value held back. */
    public int pending() {
        return current.size();
    }
}
