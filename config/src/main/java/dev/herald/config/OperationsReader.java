package dev.herald.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.herald.codec.InetAddresses;

/** Reads the {@code admin:} and {@code metrics:} sections. */
final class OperationsReader {
    static final List<String> ADMIN_KEYS = List.of("socket", "group");
    static final List<String> METRICS_KEYS = List.of("listen");
    /** What useradd/groupadd accept (the Debian default NAME_REGEX, with system names). */
    private static final Pattern GROUP = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    /** sockaddr_un.sun_path is 108 bytes with the terminating NUL. */
    private static final int MAX_SOCKET_PATH = 107;

    private OperationsReader() {
    }

    static AdminConfig admin(YamlNode node, String key, Problems problems) {
        Section s = Section.openOrBare(node, "admin", problems, ADMIN_KEYS);
        if (s == null) {
            return null;
        }
        Path socket = s.optional("socket", OperationsReader::socketPath, AdminConfig.DEFAULT_SOCKET);
        String group = s.optional("group", OperationsReader::group, null);
        return s.failed() ? null : new AdminConfig(socket, Optional.ofNullable(group));
    }

    static MetricsConfig metrics(YamlNode node, String key, Problems problems) {
        Section s = Section.open(node, "metrics", node.mark(), problems, METRICS_KEYS);
        if (s == null) {
            return null;
        }
        InetSocketAddress listen = s.required("listen", OperationsReader::hostPort);
        return listen == null ? null : new MetricsConfig(listen);
    }

    private static Path socketPath(YamlNode node, String key, Problems problems) {
        String text = Scalars.string(node, key, problems);
        if (text == null) {
            return null;
        }
        if (!text.startsWith("/") || text.endsWith("/")) {
            return problems.reject(node, key, "must be an absolute path to a socket file, got '" + text + "'");
        }
        if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            return problems.reject(node, key, "is longer than a unix socket path may be ("
                    + MAX_SOCKET_PATH + " bytes)");
        }
        return Path.of(text);
    }

    private static String group(YamlNode node, String key, Problems problems) {
        return Scalars.matching(node, key, problems, GROUP, t -> "'" + key + "' must be a group name (lower case letters,"
                + " digits, '_' and '-', starting with a letter or '_'), got '" + t + "'");
    }

    /** {@code ADDRESS:PORT}, IPv6 in brackets: {@code 127.0.0.1:9179}, {@code "[::1]:9179"}. */
    static InetSocketAddress hostPort(YamlNode node, String key, Problems problems) {
        String text = Scalars.string(node, key, problems);
        if (text == null) {
            return null;
        }
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "" : text.substring(0, colon);
        String port = colon < 0 ? "" : text.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            host = "!"; // an IPv6 address without brackets: its port cannot be told apart
        }
        InetAddress address = InetAddresses.parse(host);
        int p = -1;
        if (port.matches("[0-9]{1,5}")) {
            p = Integer.parseInt(port);
        }
        if (address == null || p < 1 || p > 65535) {
            return problems.reject(node, key, "must be ADDRESS:PORT (IPv6 in brackets, e.g. 127.0.0.1:9179"
                    + " or \"[::1]:9179\"), got '" + text + "'");
        }
        return new InetSocketAddress(address, p);
    }
}
