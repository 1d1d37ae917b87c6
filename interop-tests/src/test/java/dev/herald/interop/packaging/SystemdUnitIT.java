package dev.herald.interop.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped unit's sandbox as systemd rates it: {@code systemd-analyze security --offline=yes}
 * (systemd 252, Debian 12), printed in full for the CI log. DebPackageIT rates it again with
 * trixie's systemd and verifies it; SystemdServiceIT runs it under systemd in a container.
 */
class SystemdUnitIT {
    static final Path UNIT = Path.of("../systemd/herald.service").toAbsolutePath().normalize();
    private static final Pattern OVERALL =
            Pattern.compile("Overall exposure level for herald\\.service: (\\d+\\.\\d+) (\\S+)");

    /** The overall exposure and its verdict ("OK", "MEDIUM", ...) from systemd-analyze security's output. */
    static Matcher overall(String output) {
        Matcher m = OVERALL.matcher(output);
        assertTrue(m.find(), "no overall exposure in:\n" + output);
        return m;
    }

    @Test
    void exposureIsTwoOrLessAndOk() throws Exception {
        Lab.require(Lab.onPath("systemd-analyze"), "systemd-analyze is missing: apt-get install systemd");
        assertTrue(Files.isRegularFile(UNIT), UNIT.toString());
        // --offline needs no running systemd; the exit status is 1 when any check fails, which
        // several always do (PrivateNetwork and others herald cannot have), so read the verdict.
        Exec.Result r = Exec.run("systemd-analyze", "security", "--offline=yes", "--no-pager", UNIT.toString());
        String out = r.stdout() + r.stderr();
        System.out.println("systemd-analyze security --offline=yes systemd/herald.service:\n" + out);
        Matcher m = overall(out);
        double exposure = Double.parseDouble(m.group(1));
        assertTrue(exposure <= 2.0, "exposure " + exposure + " > 2.0:\n" + out);
        assertEquals("OK", m.group(2), out);
    }
}
