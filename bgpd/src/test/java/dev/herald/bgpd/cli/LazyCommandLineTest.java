package dev.herald.bgpd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** herald's {@code main} builds only the command it runs: the same output and exit code as with all of them. */
class LazyCommandLineTest {
    private record Result(int exitCode, String out, String err) {
    }

    private static Result execute(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Result(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void theNamesAreTheCommandsOwn() {
        // A key that is not the command's @Command name would send that command to the full command line.
        assertEquals(List.copyOf(Main.COMMANDS.keySet()), List.copyOf(Main.commandLine().getSubcommands().keySet()));
    }

    @Test
    void aCommandAloneWhenTheFirstArgumentNamesOne() {
        assertEquals(Set.of("peers"), Main.commandLine(new String[] {"peers", "--json"}).getSubcommands().keySet());
        assertEquals(Main.COMMANDS.keySet(), Main.commandLine(new String[] {"--help"}).getSubcommands().keySet());
        assertEquals(Main.COMMANDS.keySet(), Main.commandLine(new String[] {"pears"}).getSubcommands().keySet());
    }

    @Test
    void theSameOutputAndExitCodeAsTheFullCommandLine(@TempDir Path dir) {
        String nothing = dir.resolve("none.sock").toString();
        List<String[]> cases = List.of(
                new String[] {"peers", "--help"},
                new String[] {"peers", "--bogus"},
                new String[] {"peers", "--socket", nothing},
                new String[] {"routes", "--family", "nonsense", "--socket", nothing},
                new String[] {"drain"},
                new String[] {"shutdown", "--help"},
                new String[] {"status", "-N", "bad/name"},
                new String[] {"run", "--help"},
                new String[] {"pears"},
                new String[] {});
        for (String[] args : cases) {
            Result full = execute(Main.commandLine(), args);
            Result lazy = execute(Main.commandLine(args), args);
            assertEquals(full, lazy, String.join(" ", args));
        }
    }
}
