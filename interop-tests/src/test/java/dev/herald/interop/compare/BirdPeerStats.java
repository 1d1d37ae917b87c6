package dev.herald.interop.compare;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code birdc show protocols all NAME} says about one BGP protocol, the receiver's view
 * during a graceful restart: its BGP state, whether it is helping the neighbour through a
 * restart ("Neighbor graceful restart active": it keeps the neighbour's routes as stale), and per
 * channel (IPv4, IPv6) the routes it holds and the withdrawals it has received on the wire.
 *
 * @param state         "Established", "Active", ...
 * @param helping       the neighbour's graceful restart is in progress
 * @param imported      routes held, IPv4 + IPv6 (stale ones included)
 * @param withdrawsSeen "Import withdraws: received", IPv4 + IPv6 (withdrawn NLRI from the wire)
 */
record BirdPeerStats(String state, boolean helping, long imported, long withdrawsSeen) {
    private static final Pattern STATE = Pattern.compile("BGP state:\\s+(\\S+)");
    private static final Pattern ROUTES = Pattern.compile("Routes:\\s+(\\d+) imported");
    private static final Pattern WITHDRAWS = Pattern.compile("Import withdraws:\\s+(\\d+)");

    private static final Pattern RECEIVED = Pattern.compile("Import (?:updates|withdraws):\\s+(\\d+)");

    /** Prefixes received on the wire, announced or withdrawn, repeats counted ("Import updates/withdraws: received", every channel). */
    static long received(String text) {
        long n = 0;
        Matcher m = RECEIVED.matcher(text);
        while (m.find()) {
            n += Long.parseLong(m.group(1));
        }
        return n;
    }

    static BirdPeerStats parse(String text) {
        Matcher s = STATE.matcher(text);
        long imported = 0;
        Matcher r = ROUTES.matcher(text);
        while (r.find()) {
            imported += Long.parseLong(r.group(1));
        }
        long withdraws = 0;
        Matcher w = WITHDRAWS.matcher(text);
        while (w.find()) {
            withdraws += Long.parseLong(w.group(1));
        }
        return new BirdPeerStats(s.find() ? s.group(1) : "?", text.contains("Neighbor graceful restart active"), imported,
                withdraws);
    }

    boolean established() {
        return state.equals("Established");
    }
}
