package dev.herald.interop.lab;

import java.util.Locale;

/** RFC 4271 session states as the routers report them. */
public enum BgpState {
    IDLE, CONNECT, ACTIVE, OPENSENT, OPENCONFIRM, ESTABLISHED, UNKNOWN;

    /** Accepts FRR ("Established", "OpenSent"), GoBGP ("BGP_FSM_ESTABLISHED", 6) and BIRD ("Established", "OpenSent") spellings. */
    public static BgpState parse(String s) {
        if (s == null) {
            return UNKNOWN;
        }
        String t = s.trim().toUpperCase(Locale.ROOT).replace("BGP_FSM_", "").replace("SESSION_STATE_", "").replace("_", "");
        return switch (t) {
            case "IDLE", "1" -> IDLE;
            case "CONNECT", "2" -> CONNECT;
            case "ACTIVE", "3" -> ACTIVE;
            case "OPENSENT", "4" -> OPENSENT;
            case "OPENCONFIRM", "5" -> OPENCONFIRM;
            case "ESTABLISHED", "6" -> ESTABLISHED;
            default -> UNKNOWN;
        };
    }
}
