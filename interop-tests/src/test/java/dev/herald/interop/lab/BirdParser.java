package dev.herald.interop.lab;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses birdc's text (checked against BIRD 2.0.12, 2.17.5, 2.20.0 and 3.4.0).
 *
 * <pre>
 * 2001:db8:100::/48    unicast [peer1 22:30:51.253 from 198.18.77.2] * (100) [AS65010?]
 * 	via fd00:18:77::2 on veth0
 * 	BGP.as_path: 65010
 * 	BGP.next_hop: fd00:18:77::2 fe80::1
 * </pre>
 *
 * BIRD 3 names the attributes otherwise ({@code bgp_path}, {@code bgp_next_hop}, ...) and shows
 * the sender on a line of its own ({@code from: 198.18.77.2}) rather than in the brackets.
 */
public final class BirdParser {
    /** A route's first line: prefix, type, [protocol ...]. */
    private static final Pattern ROUTE = Pattern.compile("^(\\S+/\\d+)\\s+(\\w+)\\s+\\[(\\S+)([^\\]]*)\\].*$");
    /** Another path for the same prefix: indented, starts with the route type. */
    private static final Pattern ALT = Pattern.compile("^\\s+(unicast|unreachable|blackhole|prohibited|multipath)\\s+\\[(\\S+)([^\\]]*)\\].*$");
    private static final Pattern FROM = Pattern.compile("\\bfrom\\s+(\\S+)");
    private static final Pattern PROTOCOL = Pattern.compile("^(\\S+)\\s+BGP\\s+.*$");
    /** BIRD 2's attribute names and BIRD 3's for the same attribute. */
    private static final java.util.Map<String, String> BIRD3_NAMES = java.util.Map.of(
            "BGP.as_path", "bgp_path", "BGP.next_hop", "bgp_next_hop", "BGP.med", "bgp_med",
            "BGP.community", "bgp_community", "BGP.ext_community", "bgp_ext_community",
            "BGP.large_community", "bgp_large_community");

    private BirdParser() {
    }

    private static final class Builder {
        final IpPrefix prefix;
        String from;
        final List<InetAddress> nextHops = new ArrayList<>();
        final List<Long> asPath = new ArrayList<>();

        Builder(IpPrefix prefix, String protocol, String rest) {
            this.prefix = prefix;
            Matcher m = FROM.matcher(rest);
            this.from = m.find() ? m.group(1) : protocol;
        }

        ReceivedRoute build() {
            return new ReceivedRoute(prefix, nextHops, asPath, from);
        }
    }

    /**
     * The value of attribute {@code bird2Name} (e.g. {@code BGP.med}) on one trimmed line of
     * {@code show route all}, under BIRD 2's name or BIRD 3's; null when the line is another.
     */
    static String value(String trimmedLine, String bird2Name) {
        for (String name : new String[] {bird2Name, BIRD3_NAMES.getOrDefault(bird2Name, bird2Name)}) {
            if (trimmedLine.startsWith(name + ":")) {
                return trimmedLine.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    /** The value of attribute {@code bird2Name} in a route's {@code show route all} text (the first such line), BIRD 2 or 3. */
    public static String attribute(String text, String bird2Name) {
        for (String line : text.split("\n")) {
            String v = value(line.trim(), bird2Name);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** {@code show route all [table T]}. */
    public static List<ReceivedRoute> routes(String text) {
        List<ReceivedRoute> out = new ArrayList<>();
        Builder cur = null;
        IpPrefix lastPrefix = null;
        for (String line : text.split("\n")) {
            Matcher m = ROUTE.matcher(line);
            Matcher alt = ALT.matcher(line);
            if (m.matches()) {
                if (cur != null) {
                    out.add(cur.build());
                }
                lastPrefix = IpPrefix.parse(m.group(1));
                cur = new Builder(lastPrefix, m.group(3), m.group(4));
            } else if (alt.matches() && lastPrefix != null) {
                if (cur != null) {
                    out.add(cur.build());
                }
                cur = new Builder(lastPrefix, alt.group(2), alt.group(3));
            } else if (cur != null) {
                String t = line.trim();
                String asPath = value(t, "BGP.as_path");
                String nextHop = value(t, "BGP.next_hop");
                if (asPath != null) {
                    cur.asPath.addAll(FrrParser.numbers(asPath));
                } else if (nextHop != null) {
                    for (String a : nextHop.split("\\s+")) {
                        if (!a.isEmpty()) {
                            cur.nextHops.add(IpPrefix.address(a));
                        }
                    }
                } else if (t.startsWith("from:")) {
                    cur.from = t.substring("from:".length()).trim(); // BIRD 3
                } else if (t.startsWith("Table ") || t.startsWith("BIRD ")) {
                    out.add(cur.build());
                    cur = null;
                    lastPrefix = null;
                }
            }
        }
        if (cur != null) {
            out.add(cur.build());
        }
        return out;
    }

    /** {@code show protocols all}: every BGP protocol's neighbour, AS and state. */
    public static List<PeerState> peers(String text) {
        List<PeerState> out = new ArrayList<>();
        boolean inBgp = false;
        InetAddress neighbor = null;
        long as = 0;
        BgpState state = BgpState.UNKNOWN;
        for (String line : text.split("\n")) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                if (inBgp && neighbor != null) {
                    out.add(new PeerState(neighbor, as, state));
                }
                inBgp = PROTOCOL.matcher(line).matches();
                neighbor = null;
                as = 0;
                state = BgpState.UNKNOWN;
                continue;
            }
            if (!inBgp) {
                continue;
            }
            String t = line.trim();
            if (t.startsWith("BGP state:")) {
                state = BgpState.parse(t.substring("BGP state:".length()).trim());
            } else if (t.startsWith("Neighbor address:")) {
                String a = t.substring("Neighbor address:".length()).trim().split("\\s+")[0];
                neighbor = IpPrefix.address(a);
            } else if (t.startsWith("Neighbor AS:")) {
                as = Long.parseLong(t.substring("Neighbor AS:".length()).trim().split("\\s+")[0]);
            }
        }
        if (inBgp && neighbor != null) {
            out.add(new PeerState(neighbor, as, state));
        }
        return out;
    }

    /**
     * {@code show protocols all}: whether the BGP protocol with {@code neighbor} lists "Extended message"
     * under both "Local capabilities" and "Neighbor capabilities" (RFC 8654 negotiated); empty when
     * the neighbour has no capability lists (no session).
     */
    public static java.util.Optional<Boolean> extendedMessage(String text, InetAddress neighbor) {
        boolean inBlock = false;
        boolean ours = false;
        String section = null;
        int sectionIndent = 0;
        boolean local = false;
        boolean remote = false;
        boolean sawRemote = false;
        for (String line : text.split("\n")) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                if (ours) {
                    break;
                }
                inBlock = PROTOCOL.matcher(line).matches();
                section = null;
                local = false;
                remote = false;
                sawRemote = false;
                continue;
            }
            if (!inBlock) {
                continue;
            }
            String t = line.trim();
            int indent = line.length() - line.stripLeading().length();
            if (t.startsWith("Neighbor address:")) {
                ours = IpPrefix.address(t.substring("Neighbor address:".length()).trim().split("\\s+")[0]).equals(neighbor);
            }
            if (section != null && indent <= sectionIndent) {
                section = null;
            }
            if (t.equals("Local capabilities") || t.equals("Neighbor capabilities")) {
                section = t;
                sectionIndent = indent;
                sawRemote |= t.startsWith("Neighbor");
            } else if (section != null && t.equals("Extended message")) {
                if (section.startsWith("Local")) {
                    local = true;
                } else {
                    remote = true;
                }
            }
        }
        return ours && sawRemote ? java.util.Optional.of(local && remote) : java.util.Optional.empty();
    }
}
