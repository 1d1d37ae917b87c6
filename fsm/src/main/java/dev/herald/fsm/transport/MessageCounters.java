package dev.herald.fsm.transport;

import dev.herald.codec.BgpMessage;
import dev.herald.codec.Keepalive;
import dev.herald.codec.Notification;
import dev.herald.codec.Open;
import dev.herald.codec.RouteRefresh;
import dev.herald.codec.Update;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * BGP messages in and out of one peer by type code (1 OPEN .. 5 ROUTE-REFRESH), over the peer's
 * whole life, for status and metrics. Written from the session's loop and from the RIB thread;
 * read from anywhere.
 */
final class MessageCounters {
    private static final int HEADER = 19;
    private final AtomicLongArray in = new AtomicLongArray(6);
    private final AtomicLongArray out = new AtomicLongArray(6);

    void received(BgpMessage m) {
        in.incrementAndGet(type(m));
    }

    void sent(BgpMessage m) {
        out.incrementAndGet(type(m));
    }

    /** Counts every whole message in an already encoded buffer (one, or several packed together). */
    void sent(ByteBuf encoded) {
        int i = encoded.readerIndex();
        int end = encoded.writerIndex();
        while (end - i >= HEADER) {
            int length = encoded.getUnsignedShort(i + 16);
            int type = encoded.getUnsignedByte(i + 18);
            if (length < HEADER) {
                return;
            }
            if (type >= 1 && type <= 5) {
                out.incrementAndGet(type);
            }
            i += length;
        }
    }

    MessageCounts snapshot() {
        long[] i = new long[6];
        long[] o = new long[6];
        for (int t = 1; t <= 5; t++) {
            i[t] = in.get(t);
            o[t] = out.get(t);
        }
        return new MessageCounts(i, o);
    }

    private static int type(BgpMessage m) {
        return switch (m) {
            case Open o -> 1;
            case Update u -> 2;
            case Notification n -> 3;
            case Keepalive k -> 4;
            case RouteRefresh r -> 5;
        };
    }
}
