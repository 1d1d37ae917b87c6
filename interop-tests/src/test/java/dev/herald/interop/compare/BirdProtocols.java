package dev.herald.interop.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * birdc {@code show protocols all}, reduced to what the benchmarks poll: each protocol's name,
 * whether it is BGP, its BGP state, and routes imported over all its channels. One query for
 * 100 sessions, cheap for BIRD (counters, no table walk).
 */
final class BirdProtocols {
    /** One protocol: {@code bgpState} is "" for non-BGP protocols. */
    record Protocol(String name, boolean bgp, String bgpState, long imported) {
        boolean established() {
            return bgpState.equals("Established");
        }
    }

    private static final Pattern HEAD = Pattern.compile("^(\\S+)\\s+(\\S+)\\s+\\S+\\s+\\S+.*$");
    private static final Pattern ROUTES = Pattern.compile("^\\s*Routes:\\s+(\\d+) imported.*$");
    private static final Pattern STATE = Pattern.compile("^\\s*BGP state:\\s+(\\S+).*$");

    private BirdProtocols() {
    }

    static List<Protocol> parse(String text) {
        List<Protocol> out = new ArrayList<>();
        String name = null;
        boolean bgp = false;
        String state = "";
        long imported = 0;
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                if (name != null) {
                    out.add(new Protocol(name, bgp, state, imported));
                    name = null;
                }
                Matcher h = HEAD.matcher(line);
                if (h.matches() && !line.startsWith("BIRD ") && !h.group(1).equals("Name")) {
                    name = h.group(1);
                    bgp = h.group(2).equals("BGP");
                    state = "";
                    imported = 0;
                }
                continue;
            }
            if (name == null) {
                continue;
            }
            Matcher r = ROUTES.matcher(line);
            Matcher s = STATE.matcher(line);
            if (r.matches()) {
                imported += Long.parseLong(r.group(1));
            } else if (s.matches()) {
                state = s.group(1);
            }
        }
        if (name != null) {
            out.add(new Protocol(name, bgp, state, imported));
        }
        return out;
    }
}
