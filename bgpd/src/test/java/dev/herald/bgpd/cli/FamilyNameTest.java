package dev.herald.bgpd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** herald routes takes the family as gobgp users type it, and asks the admin API in herald's own name. */
class FamilyNameTest {
    private static String family(String... args) {
        CommandLine.ParseResult r = Main.commandLine().parseArgs(args);
        RoutesCommand c = (RoutesCommand) r.subcommand().commandSpec().userObject();
        return c.family;
    }

    @Test
    void shortFormsBecomeTheConfigName() {
        assertEquals("ipv4-unicast", family("routes", "-a", "ipv4"));
        assertEquals("ipv4-unicast", family("routes", "--family", "v4"));
        assertEquals("ipv4-unicast", family("routes", "-f", "IPv4-Unicast"));
        assertEquals("ipv6-unicast", family("routes", "--family", "ipv6"));
        assertEquals("ipv6-unicast", family("routes", "-a", "v6"));
        assertEquals("ipv6-unicast", family("routes", "--family=ipv6-unicast"));
    }

    @Test
    void anUnknownFamilyIsAUsageErrorListingTheForms() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        assertEquals(ExitCodes.USAGE, cl.execute("routes", "-a", "ipv5"));
        assertTrue(err.toString().contains("unknown family 'ipv5' (" + FamilyName.FORMS + ")"), err::toString);
    }

    @Test
    void theHelpNamesTheShortForms() {
        String help = Main.commandLine().getSubcommands().get("routes").getUsageMessage();
        assertTrue(help.contains("-a") && help.contains("ipv4 or v4"), help);
    }
}
