package dev.herald.fsm;

import dev.herald.codec.BgpMessage;
import dev.herald.codec.CodecContext;
import dev.herald.codec.Family;
import java.time.Duration;

/** What the FSM asks its driver to do, in order. */
public sealed interface Action {

    /** Open a TCP connection to the peer; answer with TcpCrAcked or TcpConnectionFails. */
    record Connect(ConnectionId connection) implements Action {
    }

    /** Write and flush one message on the connection. */
    record Send(ConnectionId connection, BgpMessage message) implements Action {
    }

    /** Close the connection once what was sent before has been written. The FSM forgets it. */
    record CloseConnection(ConnectionId connection) implements Action {
    }

    /**
     * Reset the connection at once (TCP RST), discarding anything unsent; no NOTIFICATION. The FSM
     * forgets it. For a connection the peer may not have accepted yet: any segment but a RST would
     * complete its handshake there (see {@link BgpFsm}).
     */
    record AbortConnection(ConnectionId connection) implements Action {
    }

    /** Encode and decode on this connection with this context from now on (set after OPEN). */
    record UseCodecContext(ConnectionId connection, CodecContext context) implements Action {
    }

    /** Start the timer, or restart it when it runs; expiry comes back as Event.TimerExpired. */
    record StartTimer(TimerId timer, Duration duration) implements Action {
    }

    record StopTimer(TimerId timer) implements Action {
    }

    /** The session reached Established on this connection. */
    record ReportEstablished(ConnectionId connection, Negotiated negotiated) implements Action {
    }

    /**
     * The session, or an attempt to bring it up, ended.
     *
     * @param wasEstablished true when a ReportEstablished came before this one
     */
    record ReportDown(String reason, boolean wasEstablished) implements Action {
    }

    /** The peer asked for a family's routes again (RFC 2918). */
    record ReportRouteRefresh(Family family) implements Action {
    }
}
