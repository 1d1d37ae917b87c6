package dev.herald.fsm.transport;

import java.util.Locale;

/** Turns socket exceptions into the short reasons operators expect in a down message. */
final class Reasons {
    private static final String[] KNOWN = {
        "connection refused", "connection reset by peer", "no route to host", "network is unreachable",
        "connection timed out", "broken pipe", "host is unreachable", "address already in use",
        "cannot assign requested address",
    };

    private Reasons() {
    }

    static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            // Netty's native exceptions sometimes carry no errno text ("null: /198.18.0.1:179").
            if (c instanceof java.net.NoRouteToHostException) {
                return "no route to host";
            }
            if (c instanceof io.netty.channel.ConnectTimeoutException) {
                return "connection timed out";
            }
            String m = c.getMessage();
            if (m == null) {
                continue;
            }
            String lower = m.toLowerCase(Locale.ROOT);
            for (String k : KNOWN) {
                if (lower.contains(k)) {
                    return k;
                }
            }
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
