package dev.herald.fsm.transport;

import dev.herald.codec.BgpMessage;
import dev.herald.codec.CodecContext;
import dev.herald.codec.Family;
import dev.herald.codec.Open;
import dev.herald.fsm.Negotiated;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.Set;

/**
 * An Established session, valid until {@link SessionListener#down}. After that, sends are
 * dropped (and their buffers released). The send methods and {@link #flush()} are thread-safe;
 * messages from one thread go out in the order they were sent.
 */
public interface EstablishedSession {
    String peerName();

    /** What both OPENs decided; the defaults below read their answers from it. */
    Negotiated negotiated();

    /** Families both sides offered. */
    default Set<Family> families() {
        return negotiated().families();
    }

    InetSocketAddress localAddress();

    InetSocketAddress remoteAddress();

    default Open localOpen() {
        return negotiated().localOpen();
    }

    default Open peerOpen() {
        return negotiated().peerOpen();
    }

    /** Encode UPDATEs for this peer with this context. */
    CodecContext codecContext();

    /** Both sides offered an IPv6 next hop for this family (RFC 8950). */
    default boolean extendedNextHop(Family f) {
        return negotiated().extendedNextHop().contains(f);
    }

    /** Both sides advertised enhanced route refresh (RFC 7313, capability 70). */
    default boolean enhancedRouteRefresh() {
        return negotiated().enhancedRouteRefresh();
    }

    /** Negotiated hold time in seconds (0: none). */
    default int holdTime() {
        return negotiated().holdTime();
    }

    /** Encodes with {@link #codecContext()} and queues the message; call {@link #flush()} to send. */
    void send(BgpMessage m);

    /** Queues an already encoded message (encode once, send to many); takes ownership of one reference. */
    void send(ByteBuf alreadyEncoded);

    void flush();

    /** False while the socket's send buffer is above its high-water mark: the caller should wait. */
    boolean writable();

    /** Bytes queued for the socket and not yet taken by it (for status output). */
    default long queuedBytes() {
        return 0;
    }
}
