package dev.herald.bgpd.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Options of every command that talks to a running herald. */
final class AdminOptions {
    @Option(names = {"-s", "--socket"}, paramLabel = "PATH",
            defaultValue = "${env:HERALD_SOCKET:-/run/herald/herald.sock}",
            description = "herald's admin socket (admin.socket in the config; default: ${DEFAULT-VALUE},"
                    + " from HERALD_SOCKET if set).")
    Path socket;

    @Option(names = "--json", description = "Print the admin API's JSON instead of a table.")
    boolean json;
}
