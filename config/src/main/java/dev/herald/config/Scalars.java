package dev.herald.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import dev.herald.codec.InetAddresses;

/** Type checks shared by every key: each returns null after reporting a value of the wrong type. */
final class Scalars {
    private Scalars() {
    }

    static String string(YamlNode node, String key, Problems problems) {
        if (node instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.STRING && !s.text().isEmpty()) {
            return s.text();
        }
        return problems.reject(node, key, "must be a string, got " + node.describe());
    }

    /** A string the whole of which matches {@code pattern}; else {@code complaint} of the text is reported. */
    static String matching(YamlNode node, String key, Problems problems, Pattern pattern, UnaryOperator<String> complaint) {
        String text = string(node, key, problems);
        if (text != null && !pattern.matcher(text).matches()) {
            problems.error(node.mark(), complaint.apply(text));
            return null;
        }
        return text;
    }

    /** A file herald reads, named so that it does not depend on herald's working directory. */
    static Path absolutePath(YamlNode node, String key, Problems problems) {
        String text = string(node, key, problems);
        if (text == null) {
            return null;
        }
        if (!text.startsWith("/")) {
            return problems.reject(node, key, "must be an absolute path, got '" + text + "'");
        }
        return Path.of(text);
    }

    static Long integer(YamlNode node, String key, Problems problems) {
        if (node instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.INTEGER) {
            try {
                return Long.parseLong(s.text());
            } catch (NumberFormatException e) {
                // Hex, octal or a value beyond 64 bits: none is a sensible way to write an AS or port.
                return problems.reject(node, key, "must be a decimal integer, got " + s.text());
            }
        }
        return problems.reject(node, key, "must be an integer, got " + node.describe());
    }

    static Boolean bool(YamlNode node, String key, Problems problems) {
        if (node instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.BOOLEAN) {
            return Boolean.parseBoolean(s.text());
        }
        return problems.reject(node, key, "must be true or false, got " + node.describe());
    }

    /** Any IPv4 or IPv6 literal; host names are refused so loading never waits on DNS. */
    static InetAddress address(YamlNode node, String key, Problems problems) {
        InetAddress a = null;
        if (node instanceof YamlNode.Scalar s && s.type() != YamlNode.ScalarType.NULL) {
            a = InetAddresses.parse(s.text());
        }
        if (a == null) {
            return problems.reject(node, key, "must be an IPv4 or IPv6 address, got " + node.describe());
        }
        return a;
    }
}
