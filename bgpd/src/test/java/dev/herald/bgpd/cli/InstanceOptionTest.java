package dev.herald.bgpd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** {@code -N, --instance NAME} on the command line: which socket a command talks to, and names refused. */
class InstanceOptionTest {
    private static final Map<String, String> ENV = Map.of("HERALD_SOCKET", "/tmp/env.sock");

    private static Path socket(Map<String, String> env, String... args) {
        CommandLine cl = Main.commandLine();
        CommandLine.ParseResult parsed = cl.parseArgs(args);
        AdminCommand command = (AdminCommand) parsed.subcommand().commandSpec().userObject();
        return command.admin.socket(env::get);
    }

    @Test
    void theSocketIsTheOptionsThenTheInstancesThenTheEnvironmentsThenRunHeralds() {
        assertEquals(Path.of("/tmp/x.sock"), socket(ENV, "status", "-N", "a", "--socket", "/tmp/x.sock"));
        assertEquals(Path.of("/run/herald/a/herald.sock"), socket(ENV, "status", "-N", "a"));
        assertEquals(Path.of("/run/herald/blue/herald.sock"), socket(Map.of(), "peers", "--instance", "blue"));
        assertEquals(Path.of("/tmp/env.sock"), socket(ENV, "status"));
        assertEquals(Path.of("/run/herald/herald.sock"), socket(Map.of(), "status"), "no instance: as before");
        assertEquals(Path.of("/run/herald/herald.sock"), socket(Map.of("HERALD_SOCKET", ""), "reload"));
    }

    @Test
    void runAndEveryCommandThatTalksToHeraldTakeIt() {
        Set<String> with = new TreeSet<>();
        collect(Main.commandLine(), with);
        assertEquals(Set.of("herald drain", "herald peer", "herald peers", "herald reload",
                "herald routes", "herald run", "herald shutdown", "herald status", "herald undrain"), with);
    }

    private static void collect(CommandLine cl, Set<String> with) {
        if (cl.getCommandSpec().findOption("--instance") != null && cl.getCommandSpec().findOption("-N") != null) {
            with.add(cl.getCommandSpec().qualifiedName());
        }
        cl.getSubcommands().values().forEach(sub -> collect(sub, with));
    }

    @Test
    void anUnsafeNameIsAUsageErrorNamingTheRule() {
        for (String command : new String[] {"run", "status"}) {
            StringWriter err = new StringWriter();
            CommandLine cl = Main.commandLine();
            cl.setErr(new PrintWriter(err));
            assertEquals(ExitCodes.USAGE, cl.execute(command, "--instance", "../etc"), command);
            assertTrue(err.toString().contains("invalid instance name '../etc': 1 to 64 letters, digits, '_', '.' or '-'"),
                    err::toString);
        }
    }
}
