package dev.herald.bgpd.daemon;

import java.nio.file.Path;
import java.util.regex.Pattern;

import dev.herald.config.AdminConfig;
import dev.herald.config.HeraldConfig;

/**
 * Which herald this is when several run on one host, one per network namespace or VRF: the
 * {@code --instance NAME} of {@code herald run} and of the admin commands (FRR's {@code -N}, BIRD's
 * {@code -s} are the models). Each instance keeps its restart marker and admin socket in
 * /run/herald/NAME, so a second herald neither takes the first one's marker for its own restart
 * (and sends the graceful restart R bit) nor fails to bind the first one's socket. No name is
 * herald as it always was: /run/herald.
 */
public final class Instance {
    static final Path RUN = Path.of("/run/herald");
    /** herald without an instance name: /run/herald, as before instances existed. */
    public static final Instance DEFAULT = new Instance(RUN, null);
    /**
     * A single path component that is also a valid systemd instance (%i) and network namespace
     * name without escaping: no '/', no leading '.' or '-' (not ".", "..", nor an option).
     * 64 keeps /run/herald/NAME/herald.sock well under sun_path's 107 bytes.
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

    private final Path root;
    private final String name;

    private Instance(Path root, String name) {
        this.root = root;
        this.name = name;
    }

    /**
     * The instance {@code name} names; null or empty is {@link #DEFAULT}.
     *
     * @throws IllegalArgumentException naming what a valid name is
     */
    public static Instance named(String name) {
        if (name == null || name.isEmpty()) {
            return DEFAULT;
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid instance name '" + name + "': 1 to 64 letters, digits, '_', '.'"
                    + " or '-', not starting with '.' or '-' (it becomes a directory /run/herald/NAME)");
        }
        return new Instance(RUN, name);
    }

    /** The same instance with {@code root} in place of /run/herald: for tests, which must not touch the host's. */
    public Instance under(Path root) {
        return new Instance(root, name);
    }

    /** The name, or null for {@link #DEFAULT}. */
    public String name() {
        return name;
    }

    /** /run/herald/NAME, or /run/herald without a name: the default state directory and the admin socket's. */
    public Path runDirectory() {
        return name == null ? root : root.resolve(name);
    }

    /** The admin socket unless the config names one: /run/herald/NAME/herald.sock. */
    public Path adminSocket() {
        return runDirectory().resolve(AdminConfig.DEFAULT_SOCKET.getFileName());
    }

    /**
     * {@code config} with this instance's admin socket where it has the default one. The default
     * written out counts as the default: the example config spells it, and a copy of it as
     * /etc/herald/NAME.yaml must not take the socket of the herald without a name.
     */
    public HeraldConfig withDefaults(HeraldConfig config) {
        if (name == null || !config.admin().socket().equals(AdminConfig.DEFAULT_SOCKET)) {
            return config;
        }
        return config.withAdmin(new AdminConfig(adminSocket(), config.admin().group()));
    }

    @Override
    public String toString() {
        return name == null ? "(default)" : name;
    }
}
