package dev.herald.fsm;

import dev.herald.codec.Notification;

/** Human-readable NOTIFICATIONs for logs and down reasons. */
public final class NotificationText {
    private NotificationText() {
    }

    /** {@code 6/2 "maintenance"} when an RFC 9003 message is present, else {@code 2/2 (bad peer AS)}. */
    public static String describe(Notification n) {
        var inner = HardReset.unwrap(n);
        if (inner.isPresent()) {
            return "6/9 (hard reset: " + describe(inner.get()) + ")";
        }
        String codes = n.code() + "/" + n.subcode();
        return n.shutdownMessage().map(m -> codes + " \"" + m + "\"").orElse(codes + " (" + name(n) + ")");
    }

    public static String name(Notification n) {
        return switch (n.code()) {
            case 1 -> "message header error" + sub(n.subcode(), "", "connection not synchronized", "bad message length",
                    "bad message type");
            case 2 -> "OPEN message error" + sub(n.subcode(), "", "unsupported version number", "bad peer AS",
                    "bad BGP identifier", "unsupported optional parameter", "", "unacceptable hold time",
                    "unsupported capability", "", "", "", "role mismatch");
            case 3 -> "UPDATE message error" + sub(n.subcode(), "", "malformed attribute list",
                    "unrecognized well-known attribute", "missing well-known attribute", "attribute flags error",
                    "attribute length error", "invalid ORIGIN", "", "invalid NEXT_HOP", "optional attribute error",
                    "invalid network field", "malformed AS_PATH");
            case 4 -> "hold timer expired";
            case 5 -> "FSM error" + sub(n.subcode(), "", "unexpected message in OpenSent",
                    "unexpected message in OpenConfirm", "unexpected message in Established");
            case 6 -> "Cease" + sub(n.subcode(), "", "maximum prefixes reached", "administrative shutdown",
                    "peer de-configured", "administrative reset", "connection rejected", "other configuration change",
                    "connection collision resolution", "out of resources", "hard reset", "BFD down");
            case 7 -> "ROUTE-REFRESH message error";
            case 8 -> "send hold timer expired";
            default -> "unknown error code";
        };
    }

    private static String sub(int subcode, String... names) {
        return subcode > 0 && subcode < names.length && !names[subcode].isEmpty() ? ": " + names[subcode] : "";
    }
}
