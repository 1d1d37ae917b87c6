package dev.herald.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads and validates a herald YAML configuration file. */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /**
     * Loads file, named in errors as written in the path.
     *
     * @throws ConfigException with every problem found, each with its line and column
     */
    public static HeraldConfig load(Path file) throws ConfigException {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw fileError(name, ReadFailure.reason(e));
        }
        return parse(name, text);
    }

    /**
     * Validates YAML text; fileName only labels the errors.
     *
     * @throws ConfigException with every problem found, each with its line and column
     */
    public static HeraldConfig parse(String fileName, String yaml) throws ConfigException {
        Problems problems = new Problems(fileName);
        YamlNode root = YamlReader.read(yaml, problems);
        HeraldConfig config = root == null ? null : ConfigReader.read(root, problems);
        if (config == null || !problems.isEmpty()) {
            throw new ConfigException(problems.sorted());
        }
        return config;
    }

    private static ConfigException fileError(String name, String message) {
        return new ConfigException(List.of(new ConfigError(name, 0, 0, message)));
    }
}
