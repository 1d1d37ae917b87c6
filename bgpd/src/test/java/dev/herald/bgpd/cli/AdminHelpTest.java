package dev.herald.bgpd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The admin commands' descriptions come from AdminHelp.properties, every line of them, in order. */
class AdminHelpTest {
    @Test
    void everyAdminCommandHasItsDescriptionFromTheBundle() {
        CommandLine cl = Main.commandLine();
        for (String name : List.of("status", "peers", "routes", "reload", "shutdown", "peer")) {
            String[] d = cl.getSubcommands().get(name).getCommandSpec().usageMessage().description();
            assertEquals(name.equals("status") ? 1 : name.equals("peers") || name.equals("peer") ? 3 : 4, d.length, name);
        }
        assertEquals(List.of("Take one peer down or bring it back.",
                "disable: Cease/Administrative Shutdown with the message (RFC 9003); the peer drops herald's routes",
                "and the session stays down until enable (or until herald restarts)."),
                List.of(cl.getSubcommands().get("peer").getCommandSpec().usageMessage().description()));
    }
}
