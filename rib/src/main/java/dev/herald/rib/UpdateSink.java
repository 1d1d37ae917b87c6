package dev.herald.rib;

import dev.herald.codec.Update;
import io.netty.buffer.ByteBuf;

/** Where the RIB writes one peer's UPDATEs; the session layer turns them into bytes. */
public interface UpdateSink {
    void send(Update update);

    /** Marks the end of a batch: the transport may now write what it buffered. */
    void flush();

    /**
     * True when {@link #sendEncoded} works: an update group then encodes each UPDATE once and
     * writes the same bytes to every member.
     */
    default boolean acceptsEncoded() {
        return false;
    }

    /** Queues a ROUTE-REFRESH message (BoRR or EoRR, RFC 7313) in order with the UPDATEs. */
    default void sendRouteRefresh(dev.herald.codec.RouteRefresh message) {
        throw new UnsupportedOperationException("this sink sends UPDATEs only");
    }

    /**
     * Bytes written and not yet taken by the peer's socket, for status output (the RIB decides
     * when to write from writability events, not from this).
     */
    default long queuedBytes() {
        return 0;
    }

    /** Queues an UPDATE already encoded for this session's codec context; takes one reference. */
    default void sendEncoded(ByteBuf encoded) {
        encoded.release();
        throw new UnsupportedOperationException("this sink takes Update objects only");
    }
}
