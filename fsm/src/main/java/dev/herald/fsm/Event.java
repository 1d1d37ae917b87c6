package dev.herald.fsm;

import dev.herald.codec.Notification;
import dev.herald.codec.Open;
import dev.herald.codec.RouteRefresh;

/** What can happen to a session (RFC 4271 8.1), fed to {@link BgpFsm#handle(Event)}. */
public sealed interface Event {

    /** Event 1. */
    record ManualStart() implements Event {
    }

    /**
     * Event 2: {@code why} is sent to every connection that got as far as OpenSent (wrapped in a
     * Cease/Hard Reset when both sides set the graceful restart N bit and RFC 8538 5 calls that Cease
     * hard, so the peer drops the routes; see {@link HardReset}). A null {@code why} closes the
     * connections without any NOTIFICATION, so a
     * graceful-restart helper keeps the routes as stale (RFC 4724 4.2).
     *
     * <p>{@code keepRoutes}: the routes herald sent are as valid after the stop as before (a peer
     * reset because its own settings changed), so the stop must not end the peer's graceful-restart
     * retention: {@code why} is never wrapped, and where graceful restart was negotiated without
     * the N bit it is not sent at all, since any NOTIFICATION then ends retention (see
     * {@link GracefulStop}).
     */
    record ManualStop(Notification why, boolean keepRoutes) implements Event {
        public ManualStop(Notification why) {
            this(why, false);
        }
    }

    /**
     * Event 8, AutomaticStop: something outside BGP (BFD Down, RFC 9384) ends the Established
     * session with {@code why}; the session then restarts as after any other failure (IdleHoldTimer
     * with back-off). Ignored when no connection is Established.
     */
    record AutomaticStop(Notification why, String reason) implements Event {
    }

    /** Events 9, 10, 11, 13 and the RFC 9687 SendHoldTimer: a timer started by an action ran out. */
    record TimerExpired(TimerId timer) implements Event {
    }

    /** Event 16 (Tcp_CR_Acked): a connection we initiated with {@link Action.Connect} is up. */
    record TcpCrAcked(ConnectionId connection) implements Event {
    }

    /** Event 17: the transport accepted a connection from the peer's address. */
    record TcpConnectionConfirmed(ConnectionId connection) implements Event {
    }

    /** Event 18: the connect failed, or an open connection was closed or reset. */
    record TcpConnectionFails(ConnectionId connection, String reason) implements Event {
    }

    /** Event 19. */
    record BgpOpen(ConnectionId connection, Open open) implements Event {
    }

    /** Event 26. */
    record KeepAliveMsg(ConnectionId connection) implements Event {
    }

    /** Event 27: the UPDATE decoded cleanly; herald drops its content. */
    record UpdateMsg(ConnectionId connection) implements Event {
    }

    /** Events 24 and 25. */
    record NotifMsg(ConnectionId connection, Notification notification) implements Event {
    }

    /** RFC 2918 ROUTE-REFRESH received. */
    record RouteRefreshMsg(ConnectionId connection, RouteRefresh message) implements Event {
    }

    /**
     * Events 21, 22 and 28 (BGPHeaderErr, BGPOpenMsgErr, UpdateMsgErr): a received message could
     * not be accepted; {@code notification} is what the codec says to send back.
     */
    record DecodeError(ConnectionId connection, Notification notification, String reason) implements Event {
    }

    /** The transport could not write: the socket buffer is full (starts the RFC 9687 SendHoldTimer). */
    record SendBlocked(ConnectionId connection) implements Event {
    }

    /** The transport can write again. */
    record SendUnblocked(ConnectionId connection) implements Event {
    }

    /**
     * Still blocked, but the peer took bytes since the transport last looked: it reads, however
     * slowly, so the SendHoldTimer starts over (RFC 9687 measures a peer that makes no progress).
     */
    record SendProgress(ConnectionId connection) implements Event {
    }
}
