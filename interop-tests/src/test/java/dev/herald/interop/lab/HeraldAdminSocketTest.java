package dev.herald.interop.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A lab herald gets an admin socket of its own unless its YAML names one (never the host's /run/herald). */
class HeraldAdminSocketTest {

    @Test
    void aConfigWithoutAdminGetsASocketInItsDirectory() {
        String yaml = Herald.withOwnAdminSocket("router:\n  asn: 65010\n", Path.of("/tmp/lab/a"));
        assertEquals("router:\n  asn: 65010\nadmin:\n  socket: /tmp/lab/a/herald.sock\n", yaml);
        assertTrue(Herald.withOwnAdminSocket("router: {asn: 1}", Path.of("/tmp/lab/b")).endsWith("\nadmin:\n  socket: /tmp/lab/b/herald.sock\n"));
    }

    @Test
    void aConfigWithAdminIsLeftAsItIs() {
        String yaml = "router:\n  asn: 65010\nadmin:\n  socket: /tmp/x.sock\n";
        assertEquals(yaml, Herald.withOwnAdminSocket(yaml, Path.of("/tmp/lab/a")));
        assertEquals("{router: {asn: 1}}", Herald.withOwnAdminSocket("{router: {asn: 1}}", Path.of("/tmp/lab/a")));
    }

    @Test
    void aDirectoryTooDeepForSunPathGetsAShortSocket() {
        Path deep = Path.of("/tmp/" + "d".repeat(120));
        String first = Herald.withOwnAdminSocket("router:\n  asn: 1\n", deep);
        String second = Herald.withOwnAdminSocket("router:\n  asn: 1\n", deep);
        String socket = first.substring(first.indexOf("socket: ") + 8).strip();
        assertTrue(socket.length() < 108 && socket.startsWith("/tmp/hl-"), socket);
        assertNotEquals(first, second, "each herald its own");
    }
}
