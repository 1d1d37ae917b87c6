package dev.herald.bgpd.daemon;

import dev.herald.codec.RouteRefresh;
import dev.herald.codec.Update;
import dev.herald.fsm.transport.EstablishedSession;
import dev.herald.rib.UpdateSink;
import io.netty.buffer.ByteBuf;

/** The RIB's writer for one Established session: what the RIB sends goes straight to the session. */
final class SessionUpdateSink implements UpdateSink {
    private final EstablishedSession session;

    SessionUpdateSink(EstablishedSession session) {
        this.session = session;
    }

    @Override
    public void send(Update update) {
        session.send(update);
    }

    @Override
    public void flush() {
        session.flush();
    }

    @Override
    public void sendRouteRefresh(RouteRefresh message) {
        session.send(message);
    }

    @Override
    public boolean acceptsEncoded() {
        return true;
    }

    @Override
    public void sendEncoded(ByteBuf encoded) {
        session.send(encoded);
    }

    @Override
    public long queuedBytes() {
        return session.queuedBytes();
    }
}
