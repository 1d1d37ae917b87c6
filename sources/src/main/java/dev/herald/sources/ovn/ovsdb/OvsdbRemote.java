package dev.herald.sources.ovn.ovsdb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One OVSDB server address, as ovn-controller and ovsdb-client spell it: {@code tcp:HOST:PORT},
 * {@code ssl:HOST:PORT} (IPv6 hosts in brackets) or {@code unix:PATH}.
 */
public record OvsdbRemote(Kind kind, String host, int port, Path path) {
    public enum Kind { TCP, SSL, UNIX }

    /** The Southbound database's well-known port, used when a tcp: or ssl: remote has none. */
    public static final int SB_DEFAULT_PORT = 6642;

    /** Parses one remote; throws {@link IllegalArgumentException} with a message naming the problem. */
    public static OvsdbRemote parse(String text, int defaultPort) {
        String t = text.strip();
        int colon = t.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + t + "' is not a remote: expected tcp:HOST:PORT, ssl:HOST:PORT or unix:PATH");
        }
        String scheme = t.substring(0, colon);
        String rest = t.substring(colon + 1);
        switch (scheme) {
            case "unix" -> {
                if (!rest.startsWith("/")) {
                    throw new IllegalArgumentException("'" + t + "': a unix: remote needs an absolute path");
                }
                return new OvsdbRemote(Kind.UNIX, null, 0, Path.of(rest));
            }
            case "tcp", "ssl" -> {
                String host;
                String portText = null;
                if (rest.startsWith("[")) {
                    int close = rest.indexOf(']');
                    if (close < 0) {
                        throw new IllegalArgumentException("'" + t + "': IPv6 host without its closing ']'");
                    }
                    host = rest.substring(1, close);
                    String after = rest.substring(close + 1);
                    if (after.startsWith(":")) {
                        portText = after.substring(1);
                    } else if (!after.isEmpty()) {
                        throw new IllegalArgumentException("'" + t + "': unexpected '" + after + "' after the host");
                    }
                } else {
                    int c = rest.lastIndexOf(':');
                    if (c >= 0 && rest.indexOf(':') != c) {
                        throw new IllegalArgumentException("'" + t + "': put an IPv6 host in brackets, e.g. tcp:[::1]:6642");
                    }
                    host = c < 0 ? rest : rest.substring(0, c);
                    portText = c < 0 ? null : rest.substring(c + 1);
                }
                if (host.isEmpty()) {
                    throw new IllegalArgumentException("'" + t + "': no host");
                }
                int port = defaultPort;
                if (portText != null) {
                    try {
                        port = Integer.parseInt(portText);
                    } catch (NumberFormatException e) {
                        port = -1;
                    }
                    if (port < 1 || port > 65535) {
                        throw new IllegalArgumentException("'" + t + "': port must be 1..65535, got '" + portText + "'");
                    }
                }
                return new OvsdbRemote(scheme.equals("tcp") ? Kind.TCP : Kind.SSL, host, port, null);
            }
            default -> throw new IllegalArgumentException(
                    "'" + t + "': unknown remote type '" + scheme + "' (expected tcp:, ssl: or unix:)");
        }
    }

    /** A comma list, the way a RAFT cluster's members are given. */
    public static List<OvsdbRemote> parseList(String text, int defaultPort) {
        List<OvsdbRemote> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("'" + text + "': empty entry in the remote list");
            }
            out.add(parse(part, defaultPort));
        }
        return out;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case UNIX -> "unix:" + path;
            case TCP, SSL -> kind.name().toLowerCase(java.util.Locale.ROOT) + ":"
                    + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        };
    }
}
