package dev.herald.bgpd.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import dev.herald.config.ConfigError;
import dev.herald.config.ConfigException;
import dev.herald.config.ConfigLoader;
import dev.herald.config.ConfigWarnings;
import dev.herald.config.HeraldConfig;

/** Loads a config for a command, printing every problem the same way whichever command asked. */
final class ConfigFiles {
    private ConfigFiles() {
    }

    /**
     * The config, or null after printing each error as FILE:LINE:COLUMN: message. Warnings (a
     * password in a file others can read) are printed too and do not stop anything.
     */
    static HeraldConfig loadOrReport(Path file, PrintWriter err) {
        try {
            HeraldConfig c = ConfigLoader.load(file);
            for (String w : ConfigWarnings.of(file, c)) {
                err.println(w);
            }
            err.flush();
            return c;
        } catch (ConfigException e) {
            for (ConfigError error : e.errors()) {
                err.println(error);
            }
            err.flush();
            return null;
        }
    }
}
