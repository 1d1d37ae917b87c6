package dev.herald.bgpd.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * docs/prometheus/alerts.yml is valid ({@code promtool check rules}) and each rule fires when it
 * should and stays quiet when it should ({@code promtool test rules alerts-test.yml}). promtool
 * comes with Debian's prometheus package, which .ci/run installs; {@code -Dpromtool=PATH} names
 * another.
 */
class AlertRulesTest {
    private static final Path DIR = Path.of("../docs/prometheus").toAbsolutePath().normalize();

    private static Path promtool() {
        Path p = Path.of(System.getProperty("promtool", "/usr/bin/promtool"));
        if (Files.isExecutable(p)) {
            return p;
        }
        String msg = "!!! promtool not found at " + p + ": the alert rules were NOT checked."
                + " Install Debian's prometheus package or pass -Dpromtool=PATH. !!!";
        if ("true".equals(System.getenv("CI"))) {
            fail(msg);
        }
        System.err.println(msg);
        Assumptions.abort(msg);
        return p;
    }

    private static void run(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(promtool().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // Not a timing assertion: a bound so that a hung promtool fails the build instead of stalling it.
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("promtool did not finish: " + out);
        }
        System.out.print(out);
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + ":\n" + out);
    }

    @Test
    void rulesAreValid() throws Exception {
        run("check", "rules", "alerts.yml");
    }

    @Test
    void rulesFireAsTheirTestsSay() throws Exception {
        run("test", "rules", "alerts-test.yml");
    }
}
