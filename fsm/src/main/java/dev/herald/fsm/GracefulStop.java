package dev.herald.fsm;

import dev.herald.codec.Notification;

/**
 * The NOTIFICATION of a stop after which the peer should keep herald's routes (a session reset
 * because the peer's own settings changed: the routes are as valid as before). Which message
 * does that depends on what the connection negotiated:
 * <ul>
 * <li>graceful restart with the N bit (RFC 8538): the Cease as it is (a Cease that RFC 8538 5
 *     calls hard would end retention; callers send soft ones such as Cease/6);
 * <li>graceful restart without it (RFC 4724, e.g. BIRD 2): none at all, the connection just
 *     closes, since any NOTIFICATION ends the helper's retention (RFC 4724 4.2) and the routes
 *     would leave the router's table until the new session has sent them again;
 * <li>no graceful restart, or no OPEN exchanged yet: the Cease as it is (nothing to keep).
 * </ul>
 */
final class GracefulStop {
    private GracefulStop() {
    }

    /** The NOTIFICATION to send for {@code why} on a connection that negotiated {@code negotiated}, or null for none. */
    static Notification notification(Notification why, Negotiated negotiated) {
        if (negotiated == null || negotiated.notificationGracefulRestart() || !negotiated.gracefulRestart()) {
            return why;
        }
        return null;
    }
}
