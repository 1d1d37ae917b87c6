package dev.herald.fsm;

import dev.herald.codec.Notification;
import java.util.Optional;

/**
 * RFC 8538 Hard Reset: with the graceful restart N bit negotiated, any NOTIFICATION but Cease/Hard
 * Reset (6/9) keeps graceful restart in effect at the receiver, which then holds the routes as
 * stale. Only a stop that must remove the routes is sent as Cease/Hard Reset, whose data is the
 * original code, subcode and data (RFC 8538 3 and 5).
 *
 * <p>Which stops those are is the table of RFC 8538 section 5: Cease subcodes 1 (maximum number of
 * prefixes reached), 2 (administrative shutdown) and 3 (peer de-configured) are hard; 5, 6, 7, 8 and
 * 10 keep graceful restart, so that a reset for a configuration change does not flush herald's
 * routes at the peer before the next session has re-sent them. Subcode 4 (administrative reset) is
 * left to the operator by the RFC; herald treats it as hard, like FRR's default
 * ({@code bgp hard-administrative-reset}, on since FRR 8.3). Every other NOTIFICATION (hold timer
 * expiry, errors found in received messages) is sent as it is (RFC 8538 section 4).
 */
public final class HardReset {
    private HardReset() {
    }

    /** {@code why} as a Hard Reset when the connection negotiated N and RFC 8538 5 calls {@code why} hard. */
    static Notification wrapIfNeeded(Notification why, Negotiated negotiated) {
        if (negotiated == null || !negotiated.notificationGracefulRestart() || !removesRoutes(why)) {
            return why;
        }
        return wrap(why);
    }

    /** The Cease subcodes RFC 8538 section 5 sends as Hard Reset (4 by herald's choice, see above). */
    static boolean removesRoutes(Notification n) {
        return n.code() == Notification.CEASE && switch (n.subcode()) {
            case Notification.CEASE_MAX_PREFIXES, Notification.CEASE_ADMIN_SHUTDOWN,
                 Notification.CEASE_PEER_DECONFIGURED, Notification.CEASE_ADMIN_RESET -> true;
            default -> false;
        };
    }

    public static Notification wrap(Notification inner) {
        byte[] d = inner.data().toArray();
        byte[] data = new byte[2 + d.length];
        data[0] = (byte) inner.code();
        data[1] = (byte) inner.subcode();
        System.arraycopy(d, 0, data, 2, d.length);
        return new Notification(Notification.CEASE, Notification.CEASE_HARD_RESET, data);
    }

    public static boolean isHardReset(Notification n) {
        return n.code() == Notification.CEASE && n.subcode() == Notification.CEASE_HARD_RESET;
    }

    /** The NOTIFICATION inside a Hard Reset, if it carries one. */
    public static Optional<Notification> unwrap(Notification n) {
        byte[] d = n.data().toArray();
        if (!isHardReset(n) || d.length < 2) {
            return Optional.empty();
        }
        byte[] inner = new byte[d.length - 2];
        System.arraycopy(d, 2, inner, 0, inner.length);
        return Optional.of(new Notification(d[0] & 0xFF, d[1] & 0xFF, inner));
    }
}
