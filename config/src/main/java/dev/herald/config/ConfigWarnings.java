package dev.herald.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What is wrong with a valid config without stopping it: a TCP-MD5 password in a file that every
 * local user can read (the config itself, or a password-file). Each warning names the file and
 * its mode and says how to fix it; none shows the password.
 */
public final class ConfigWarnings {
    private ConfigWarnings() {
    }

    /** Warnings about {@code config}, loaded from {@code configFile}; empty when there is nothing to say. */
    public static List<String> of(Path configFile, HeraldConfig config) {
        List<String> inline = new ArrayList<>();
        Map<Path, List<String>> files = new LinkedHashMap<>();
        for (PeerConfig p : config.peers()) {
            p.password().ifPresent(s -> s.file().ifPresentOrElse(
                    f -> files.computeIfAbsent(f, k -> new ArrayList<>()).add(p.name()),
                    () -> inline.add(p.name())));
        }
        List<String> out = new ArrayList<>();
        if (!inline.isEmpty()) {
            warnIfOthersRead(configFile, "holds the TCP-MD5 password of peer " + String.join(", ", inline), out);
        }
        files.forEach((f, peers) -> warnIfOthersRead(f, "is the password-file of peer " + String.join(", ", peers), out));
        return out;
    }

    private static void warnIfOthersRead(Path file, String what, List<String> out) {
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException e) {
            return; // gone since it was read, or not a POSIX file system: nothing to say
        }
        if (mode.contains(PosixFilePermission.OTHERS_READ)) {
            out.add(file + ": warning: " + what + " and is readable by others (mode " + octal(mode)
                    + "); make it private: chmod o-r " + file);
        }
    }

    /** The permission bits as chmod writes them, e.g. 0644. */
    static String octal(Set<PosixFilePermission> mode) {
        int bits = 0;
        for (PosixFilePermission p : mode) {
            bits |= 1 << (8 - p.ordinal()); // OWNER_READ is ordinal 0 (0400) ... OTHERS_EXECUTE 8 (0001)
        }
        return String.format("0%03o", bits);
    }
}
