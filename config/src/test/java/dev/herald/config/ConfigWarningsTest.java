package dev.herald.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A password in a file others can read is a warning naming the file and its mode, never the password. */
class ConfigWarningsTest {
    @TempDir
    Path dir;

    private Path config(String peerLine, String mode) throws Exception {
        Path f = dir.resolve("herald.yaml");
        Files.writeString(f, """
                router: { asn: 65010, router-id: 192.0.2.1 }
                peers:
                  - { name: a, address: 198.18.0.1, asn: 65001, %s }
                  - { name: b, address: 198.18.0.3, asn: 65001 }
                """.formatted(peerLine));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private static List<String> warnings(Path f) throws Exception {
        return ConfigWarnings.of(f, ConfigLoader.load(f));
    }

    @Test
    void aWorldReadableConfigWithAPasswordIsNamedWithItsMode() throws Exception {
        Path f = config("password: Sekrit-42", "rw-r--r--");
        List<String> w = warnings(f);
        assertEquals(List.of(f + ": warning: holds the TCP-MD5 password of peer a and is readable by others (mode 0644);"
                + " make it private: chmod o-r " + f), w);
        assertFalse(w.getFirst().contains("Sekrit-42"));
    }

    @Test
    void aPrivateConfigOrOneWithoutPasswordsIsQuiet() throws Exception {
        assertEquals(List.of(), warnings(config("password: Sekrit-42", "rw-r-----")));
        assertEquals(List.of(), warnings(config("hold-time: 90", "rw-r--r--")));
    }

    @Test
    void aWorldReadablePasswordFileIsNamedToo() throws Exception {
        Path key = dir.resolve("a.key");
        Files.writeString(key, "Sekrit-43\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-r--"));
        Path f = config("password-file: " + key, "rw-r--r--"); // no password in the config itself
        List<String> w = warnings(f);
        assertEquals(List.of(key + ": warning: is the password-file of peer a and is readable by others (mode 0664);"
                + " make it private: chmod o-r " + key), w);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
        assertTrue(warnings(f).isEmpty());
    }
}
