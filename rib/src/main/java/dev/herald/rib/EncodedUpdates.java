package dev.herald.rib;

import dev.herald.codec.CodecContext;
import dev.herald.codec.MessageCodec;
import dev.herald.codec.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * UPDATEs for the members of one update group, each encoded at most once: their wire size is
 * known only from the codec's output, so measuring them for the lag bound
 * (docs/adr/0012-back-pressure.md) encodes them, and the write then reuses those bytes. Without a
 * measurement, an UPDATE is encoded only when more than one member takes the same bytes, as before.
 * Holds buffers until {@link #close}.
 */
final class EncodedUpdates implements AutoCloseable {
    private final List<Update> updates;
    private final CodecContext codec;
    /** The encoded UPDATEs, once measured; null before. */
    private ByteBuf[] encoded;
    private long wireBytes;

    EncodedUpdates(List<Update> updates, CodecContext codec) {
        this.updates = updates;
        this.codec = codec;
    }

    boolean isEmpty() {
        return updates.isEmpty();
    }

    int count() {
        return updates.size();
    }

    /** Bytes these UPDATEs take on the wire, headers included (encodes them, once). */
    long wireBytes() {
        if (encoded == null) {
            ByteBuf[] out = new ByteBuf[updates.size()];
            long total = 0;
            try {
                for (int i = 0; i < out.length; i++) {
                    out[i] = encode(updates.get(i));
                    total += out[i].readableBytes();
                }
            } catch (RuntimeException e) {
                release(out);
                throw e;
            }
            encoded = out;
            wireBytes = total;
        }
        return wireBytes;
    }

    /**
     * Writes every UPDATE to {@code to} and flushes them: the same bytes to all when their sinks take
     * bytes and there is more than one of them, or the UPDATEs are encoded already.
     */
    void writeTo(List<UpdateGroup.Member> to) {
        if (to.isEmpty()) {
            return;
        }
        boolean shared = (encoded != null || to.size() > 1) && to.stream().allMatch(m -> m.sink.acceptsEncoded());
        for (int i = 0; i < updates.size(); i++) {
            if (shared) {
                ByteBuf buf = encoded != null ? encoded[i].retain() : encode(updates.get(i));
                try {
                    for (UpdateGroup.Member m : to) {
                        m.sink.sendEncoded(buf.retainedDuplicate());
                    }
                } finally {
                    buf.release();
                }
            } else {
                for (UpdateGroup.Member m : to) {
                    m.sink.send(updates.get(i));
                }
            }
        }
        for (UpdateGroup.Member m : to) {
            m.sink.flush();
        }
    }

    private ByteBuf encode(Update u) {
        ByteBuf buf = ByteBufAllocator.DEFAULT.buffer();
        try {
            MessageCodec.encode(u, codec, buf);
            return buf;
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    @Override
    public void close() {
        if (encoded != null) {
            release(encoded);
            encoded = null;
        }
    }

    private static void release(ByteBuf[] bufs) {
        for (ByteBuf b : bufs) {
            if (b != null) {
                b.release();
            }
        }
    }
}
