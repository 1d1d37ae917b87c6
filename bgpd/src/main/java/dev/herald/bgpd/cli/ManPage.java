package dev.herald.bgpd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes herald(1) in troff and the bash completion script from the picocli model, so both stay
 * what the code accepts. Run by the build ({@code bgpd/target/man/herald.1},
 * {@code bgpd/target/completion/herald}). picocli-codegen's ManPageGenerator writes AsciiDoc,
 * which would need asciidoctor to become a man page; troff straight from the model needs nothing.
 */
public final class ManPage {
    private ManPage() {
    }

    /** @param args the output directory, and the version to print in the footer (the build's own) */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "target");
        String version = args.length > 1 ? args[1] : VersionProvider.version();
        CommandLine cl = Main.commandLine();
        Files.createDirectories(out.resolve("man"));
        Files.writeString(out.resolve("man/herald.1"), troff(cl, version));
        Files.createDirectories(out.resolve("completion"));
        Files.writeString(out.resolve("completion/herald"), AutoComplete.bash("herald", cl));
    }

    static String troff(CommandLine cl, String version) {
        CommandSpec root = cl.getCommandSpec();
        StringBuilder t = new StringBuilder();
        t.append(".TH HERALD 1 \"\" \"herald ").append(esc(version)).append("\" \"herald manual\"\n");
        t.append(".SH NAME\nherald \\- ").append(esc(String.join(" ", root.usageMessage().description()))).append('\n');
        t.append(".SH SYNOPSIS\n.B herald\n.I COMMAND\n[\\fIOPTIONS\\fR]\n");
        t.append(".SH DESCRIPTION\nherald gathers prefixes from its sources (static, kernel, LXD, OVN) and announces them"
                + " to BGP peers. It never installs what it receives. The configuration reference is"
                + " /usr/share/doc/herald/config.md.\n");
        t.append(".SH COMMANDS\n");
        for (CommandLine sub : cl.getSubcommands().values()) {
            command(t, "herald", sub.getCommandSpec());
        }
        t.append(".SH EXIT STATUS\n");
        for (var e : root.usageMessage().exitCodeList().entrySet()) {
            t.append(".TP\n.B ").append(esc(e.getKey().trim())).append('\n').append(esc(e.getValue())).append('\n');
        }
        t.append(".SH INSTANCES\n").append(esc("Several heralds may run on one host, e.g. one per network namespace:"
                + " each gets a name with --instance NAME (-N NAME), given to run and to every command that talks"
                + " to it. Instance NAME keeps its restart marker and admin socket in /run/herald/NAME instead of"
                + " /run/herald (unless admin.socket or HERALD_STATE_DIR say otherwise). Under systemd,"
                + " herald@NAME.service runs herald run --instance NAME --config /etc/herald/NAME.yaml; to run it"
                + " inside the network namespace NAME (ip netns add NAME), add with systemctl edit herald@NAME:"))
                .append("\n.PP\n.nf\n[Service]\nNetworkNamespacePath=/run/netns/NAME\n.fi\n");
        t.append(".SH HEALTH CHECKS\n").append(esc("The health-checks section of the configuration runs exec, tcp,"
                + " http (also http+unix:// to a unix socket) and file probes; while a check is Down, the routes its"
                + " match holds are withdrawn or degraded toward every peer. herald status lists each check (state,"
                + " since, transitions, last result and its duration) and herald routes --explain PREFIX names the"
                + " check holding a prefix back; a reload keeps an unchanged check's state.")).append('\n');
        t.append(".SH ENVIRONMENT\n.TP\n.B HERALD_SOCKET\nThe admin socket of the commands that talk to a running herald,"
                + " when neither \\fB\\-\\-socket\\fR nor \\fB\\-\\-instance\\fR is given.\n"
                + ".TP\n.B HERALD_STATE_DIR\nWhere \\fBrun\\fR keeps its restart marker (default: systemd's"
                + " RUNTIME_DIRECTORY, else /run/herald, or /run/herald/NAME for an instance).\n"
                + ".TP\n.B HERALD_LOG_LEVEL\nThe default of \\fBrun --log-level\\fR.\n");
        t.append(".SH FILES\n.TP\n.I /etc/herald/herald.yaml\nThe configuration.\n"
                + ".TP\n.I /run/herald/herald.sock\nThe admin API (JSON over HTTP/1.1), mode 0660.\n"
                + ".TP\n.I /run/herald/herald.running\nThe restart marker: present while herald runs and after a"
                + " stop for a restart, so the next start sets the graceful restart R bit.\n"
                + ".TP\n.I /etc/herald/NAME.yaml, /run/herald/NAME/\nThe configuration, admin socket and restart"
                + " marker of instance NAME (herald@NAME.service).\n");
        t.append(".SH SEE ALSO\n.BR bird (8),\n.BR vtysh (1),\n.BR gobgp (1)\n");
        return t.toString();
    }

    private static void command(StringBuilder t, String parent, CommandSpec spec) {
        String name = parent + " " + spec.name();
        if (!spec.subcommands().isEmpty()) {
            for (CommandLine sub : spec.subcommands().values()) {
                command(t, name, sub.getCommandSpec());
            }
            return;
        }
        t.append(".SS ").append(esc(name));
        for (PositionalParamSpec p : spec.positionalParameters()) {
            String label = p.paramLabel();
            t.append(p.arity().min == 0 ? " [" + esc(label) + "]" : " " + esc(label));
        }
        t.append("\n");
        for (String line : spec.usageMessage().description()) {
            t.append(esc(line)).append('\n');
        }
        List<OptionSpec> options = spec.options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp() && !o.hidden()).toList();
        for (PositionalParamSpec p : spec.positionalParameters()) {
            t.append(".TP\n.I ").append(esc(p.paramLabel())).append('\n')
                    .append(esc(String.join(" ", p.description()))).append('\n');
        }
        for (OptionSpec o : options) {
            t.append(".TP\n.B ").append(esc(String.join(", ", o.names())));
            if (o.arity().max > 0) {
                t.append(" \\fI").append(esc(o.paramLabel())).append("\\fR");
            }
            t.append('\n').append(esc(String.join(" ", o.description()).replace("${DEFAULT-VALUE}",
                    String.valueOf(o.defaultValue())))).append('\n');
        }
    }

    /** troff escapes: backslashes, and a leading dot or quote would start a request. */
    static String esc(String s) {
        String e = s.replace("\\", "\\e").replace("-", "\\-");
        return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
    }
}
