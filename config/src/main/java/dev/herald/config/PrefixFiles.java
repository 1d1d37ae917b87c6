package dev.herald.config;

import dev.herald.codec.Prefix;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A file of prefixes for {@code sources.static}: one prefix per line ({@code ADDRESS/LENGTH}, a
 * bare address is a host route), {@code #} starts a comment, blank lines are ignored. Made for
 * large sets: read line by line, nothing but the prefixes kept.
 */
public final class PrefixFiles {
    /** Where a bad line is reported: {@code file}, 1-based line and column, message. */
    @FunctionalInterface
    public interface Problem {
        void at(int line, int column, String message);
    }

    private PrefixFiles() {
    }

    /** The prefixes of {@code file}, in file order (duplicates included); bad lines go to {@code problems}. */
    public static List<Prefix> read(Path file, Problem problems) throws IOException {
        List<Prefix> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                int hash = line.indexOf('#');
                String text = hash >= 0 ? line.substring(0, hash) : line;
                int start = 0;
                while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
                    start++;
                }
                String s = text.strip();
                if (s.isEmpty()) {
                    continue;
                }
                if (s.chars().anyMatch(Character::isWhitespace)) {
                    problems.at(n, start + 1, "one prefix per line, got '" + s + "'");
                    continue;
                }
                try {
                    out.add(Prefix.parse(s));
                } catch (IllegalArgumentException e) {
                    problems.at(n, start + 1, "'" + s + "' is not a prefix: " + e.getMessage());
                }
            }
        }
        return out;
    }

    /** Checks a file while the config is loaded: its bad lines become config errors naming the file. */
    static void validate(Path file, YamlNode node, Problems problems) {
        int[] count = {0};
        try {
            read(file, (line, column, message) -> {
                if (++count[0] <= 20) {
                    problems.error(file.toString(), new Mark(line, column), message);
                }
            });
            if (count[0] > 20) {
                problems.error(node.mark(), file + ": " + (count[0] - 20) + " more bad lines not shown");
            }
        } catch (IOException e) {
            problems.error(node.mark(), "prefix file " + file + ": " + ReadFailure.reason(e));
        } catch (RuntimeException e) {
            problems.error(node.mark(), "prefix file " + file + ": cannot read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }
}
