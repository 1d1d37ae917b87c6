package dev.herald.bgpd.systemd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifySocketTest {
    @TempDir
    Path dir;

    @Test
    void pathsCarryATerminatorAbstractNamesALeadingNul() throws IOException {
        assertArrayEquals(new byte[] {'/', 'a', 0}, NotifySocket.sunPath("/a"));
        assertArrayEquals(new byte[] {0, 'a', 'b'}, NotifySocket.sunPath("@ab"));
    }

    @Test
    void badNamesAreRefusedWithTheReason() throws IOException {
        assertTrue(assertThrows(IOException.class, () -> NotifySocket.sunPath("relative")).getMessage()
                .contains("neither an absolute path nor an @abstract name"));
        assertTrue(assertThrows(IOException.class, () -> NotifySocket.sunPath("/" + "x".repeat(107))).getMessage()
                .contains("longer than 108 bytes"));
        assertEquals(108, NotifySocket.sunPath("/" + "x".repeat(106)).length);
    }

    @Test
    void sendsToAPathSocket() throws Throwable {
        String path = dir.resolve("notify").toString();
        try (NotifyReceiver r = new NotifyReceiver(path); NotifySocket s = new NotifySocket(path)) {
            s.send("READY=1\nSTATUS=ok");
            assertEquals("READY=1\nSTATUS=ok", r.receive(Duration.ofSeconds(5)));
        }
    }

    @Test
    void sendsToAnAbstractSocket() throws Throwable {
        String name = "@herald-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (NotifyReceiver r = new NotifyReceiver(name); NotifySocket s = new NotifySocket(name)) {
            s.send("WATCHDOG=1");
            assertEquals("WATCHDOG=1", r.receive(Duration.ofSeconds(5)));
            assertNull(r.receive(Duration.ofMillis(50)));
        }
    }

    @Test
    void aMissingSocketIsAClearError() throws Throwable {
        try (NotifySocket s = new NotifySocket(dir.resolve("absent").toString())) {
            IOException e = assertThrows(IOException.class, () -> s.send("READY=1"));
            assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
        }
    }
}
