package dev.herald.fsm;

import dev.herald.codec.Notification;
import java.util.Optional;

/**
 * RFC 8538 Hard Reset: with the graceful restart N bit negotiated, any NOTIFICATION but Cease/Hard
 * Reset (6/9) keeps graceful restart in effect at the receiver. A stop that must remove the routes
 * (administrative shutdown, de-configuration) is therefore sent as Cease/Hard Reset whose data is
 * the original code, subcode and data (RFC 8538 3 and 5).
 */
public final class HardReset {
    private HardReset() {
    }

    /** {@code why} as a Hard Reset when the connection negotiated N and {@code why} is not one already. */
    static Notification wrapIfNeeded(Notification why, Negotiated negotiated) {
        if (negotiated == null || !negotiated.notificationGracefulRestart() || isHardReset(why)) {
            return why;
        }
        return wrap(why);
    }

    public static Notification wrap(Notification inner) {
        byte[] d = inner.data();
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
        byte[] d = n.data();
        if (!isHardReset(n) || d.length < 2) {
            return Optional.empty();
        }
        byte[] inner = new byte[d.length - 2];
        System.arraycopy(d, 2, inner, 0, inner.length);
        return Optional.of(new Notification(d[0] & 0xFF, d[1] & 0xFF, inner));
    }
}
