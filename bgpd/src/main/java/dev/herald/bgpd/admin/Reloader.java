package dev.herald.bgpd.admin;

import dev.herald.bgpd.daemon.Daemon;
import dev.herald.bgpd.daemon.Instance;
import dev.herald.bgpd.daemon.ReloadResult;
import dev.herald.config.ConfigError;
import dev.herald.config.ConfigException;
import dev.herald.config.ConfigLoader;
import dev.herald.config.HeraldConfig;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Reads the config file again and hands it to the daemon; one reload at a time, whether it comes
 * from SIGHUP or the admin API. An invalid file changes nothing: every error is logged and returned.
 */
public final class Reloader {
    private static final System.Logger LOG = System.getLogger("reload");

    private final Path file;
    private final Instance instance;
    private final Daemon daemon;
    private final BiConsumer<HeraldConfig, HeraldConfig> applied;

    /** @param applied called with the old and the new config after the daemon took a reload */
    public Reloader(Path file, Daemon daemon, BiConsumer<HeraldConfig, HeraldConfig> applied) {
        this(file, Instance.DEFAULT, daemon, applied);
    }

    /**
     * @param instance whose defaults the file gets, as at the start: without them a reload would
     *                 see the admin socket "move" from /run/herald/NAME to /run/herald
     */
    public Reloader(Path file, Instance instance, Daemon daemon, BiConsumer<HeraldConfig, HeraldConfig> applied) {
        this.file = file;
        this.instance = instance;
        this.daemon = daemon;
        this.applied = applied;
    }

    /**
     * @param errors  the file's errors as FILE:LINE:COLUMN: message; when not empty nothing changed
     * @param result  what the daemon did, or null when the file was invalid
     */
    public record Outcome(List<String> errors, ReloadResult result) {
        public boolean ok() {
            return errors.isEmpty() && result != null && result.applied();
        }
    }

    public synchronized Outcome reload() {
        HeraldConfig next;
        try {
            next = instance.withDefaults(ConfigLoader.load(file));
        } catch (ConfigException e) {
            List<String> errors = e.errors().stream().map(ConfigError::toString).toList();
            // One log line per error: a line is one event, and the formatter would show a newline as "\n".
            LOG.log(Level.ERROR, "reload refused, herald keeps running the previous config: {0} error(s) in {1}:",
                    errors.size(), file);
            for (String error : errors) {
                LOG.log(Level.ERROR, "reload refused: {0}", error);
            }
            return new Outcome(errors, null);
        }
        for (String w : dev.herald.config.ConfigWarnings.of(file, next)) {
            LOG.log(Level.WARNING, w);
        }
        HeraldConfig old = daemon.config();
        ReloadResult r = daemon.reload(next);
        if (r.applied()) {
            applied.accept(old, next);
        } else {
            LOG.log(Level.ERROR, "reload refused: {0}", String.join("; ", r.refused()));
        }
        return new Outcome(List.of(), r);
    }

    public Path file() {
        return file;
    }
}
