package dev.herald.bgpd.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** herald(1) and the bash completion list every command and option the CLI has. */
class ManPageTest {
    @TempDir
    Path dir;

    @Test
    void everyCommandAndOption() throws Exception {
        ManPage.main(new String[] {dir.toString(), "9.9.9"});
        String man = Files.readString(dir.resolve("man/herald.1"));
        String completion = Files.readString(dir.resolve("completion/herald"));
        assertTrue(man.startsWith(".TH HERALD 1 \"\" \"herald 9.9.9\""), man);
        for (var sub : Main.commandLine().getSubcommands().values()) {
            if (sub.getCommandSpec().usageMessage().hidden()) {
                // Build-time only (aot-training): not an operator's command, so not in the manual.
                assertTrue(!man.contains(sub.getCommandName()) && !completion.contains(sub.getCommandName()),
                        sub.getCommandName());
                continue;
            }
            assertTrue(man.contains(".SS herald " + sub.getCommandName()), sub.getCommandName());
            assertTrue(completion.contains(sub.getCommandName()), sub.getCommandName());
            for (var o : sub.getCommandSpec().options()) {
                if (!o.usageHelp() && !o.versionHelp()) {
                    assertTrue(man.contains(ManPage.esc(o.longestName())), sub.getCommandName() + " " + o.longestName());
                    assertTrue(completion.contains(o.longestName()), o.longestName());
                }
            }
        }
        assertTrue(man.contains(".B 3\n"), "exit code 3 is documented");
        assertTrue(man.contains(".SH INSTANCES\n") && man.contains("\nNetworkNamespacePath=/run/netns/NAME\n"),
                "herald@NAME.service in a network namespace");
        assertTrue(man.contains(".SH HEALTH CHECKS\n") && man.contains("routes \\-\\-explain PREFIX names the check"),
                "health checks and where they show");
    }
}
