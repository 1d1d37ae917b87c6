package dev.herald.bgpd.cli;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

import dev.herald.bgpd.daemon.Instance;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of every command that talks to a running herald. */
final class AdminOptions {
    @Option(names = {"-s", "--socket"}, paramLabel = "PATH",
            description = "herald's admin socket (admin.socket in the config). Default: --instance NAME's"
                    + " /run/herald/NAME/herald.sock, else HERALD_SOCKET if set, else /run/herald/herald.sock.")
    Path socket;

    @Mixin
    InstanceOption instance;

    @Option(names = "--json", description = "Print the admin API's JSON instead of a table.")
    boolean json;

    /** The socket to talk to: --socket, else the instance's, else HERALD_SOCKET, else the default. */
    Path socket() {
        return socket(System::getenv);
    }

    Path socket(UnaryOperator<String> env) {
        if (socket != null) {
            return socket;
        }
        Instance named = instance.get();
        if (named.name() != null) {
            // The command line names this instance: the environment's socket may be another one's.
            return named.adminSocket();
        }
        String fromEnv = env.apply("HERALD_SOCKET");
        return fromEnv == null || fromEnv.isBlank() ? named.adminSocket() : Path.of(fromEnv);
    }
}
