package dev.herald.bgpd.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import dev.herald.config.ConfigError;
import dev.herald.config.ConfigException;
import dev.herald.config.ConfigLoader;
import dev.herald.config.HeraldConfig;

/** Loads a config for a command, printing every problem the same way whichever command asked. */
final class ConfigFiles {
    private ConfigFiles() {
    }

    /** The config, or null after printing each error as FILE:LINE:COLUMN: message. */
    static HeraldConfig loadOrReport(Path file, PrintWriter err) {
        try {
            return ConfigLoader.load(file);
        } catch (ConfigException e) {
            for (ConfigError error : e.errors()) {
                err.println(error);
            }
            err.flush();
            return null;
        }
    }
}
