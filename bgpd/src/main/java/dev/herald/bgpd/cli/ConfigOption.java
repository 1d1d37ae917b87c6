package dev.herald.bgpd.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The {@code --config FILE} option shared by every command that reads a config. */
final class ConfigOption {
    static final String DEFAULT = "/etc/herald/herald.yaml";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = DEFAULT,
            description = "YAML configuration file (default: ${DEFAULT-VALUE}).")
    Path file;
}
