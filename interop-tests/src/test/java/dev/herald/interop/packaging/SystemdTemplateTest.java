package dev.herald.interop.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * herald@.service is herald.service for instance %i and nothing else: the same sandbox, restarts
 * and watchdog, so a change to one unit that misses the other fails here. systemd has no include
 * that both could share (a drop-in directory applies to one of them only).
 */
class SystemdTemplateTest {
    private static final Path UNITS = Path.of("../systemd").toAbsolutePath().normalize();

    /** The settings, without comments and blank lines. */
    private static List<String> settings(String unit) throws Exception {
        return Files.readAllLines(UNITS.resolve(unit)).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    @Test
    void theTemplateIsTheServiceWithTheInstancesConfigStateAndSocket() throws Exception {
        List<String> expected = settings("herald.service").stream()
                .map(l -> l.equals("Description=herald BGP route advertiser") ? l + ", instance %i" : l)
                .map(l -> l.replace("/etc/herald/herald.yaml", "/etc/herald/%i.yaml"))
                .map(l -> l.replace("/usr/bin/herald run ", "/usr/bin/herald run --instance %i "))
                .map(l -> l.equals("ExecReload=/usr/bin/herald reload") ? l + " --instance %i" : l)
                .map(l -> l.equals("RuntimeDirectory=herald") ? "RuntimeDirectory=herald/%i" : l)
                .toList();
        assertEquals(String.join("\n", expected), String.join("\n", settings("herald@.service")));
    }
}
