package dev.herald.config;

/** Converts one YAML value into a config value, or reports why it cannot and returns null. */
@FunctionalInterface
interface ValueReader<T> {
    T read(YamlNode node, String key, Problems problems);
}
