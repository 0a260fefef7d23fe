package io.flotilla.routing.config;

import java.util.List;

/** A typed configuration key (name, type, default, description), after Avatica's ConnectionProperty. */
public interface ConfigProperty {

    /** The key as users write it, e.g. {@code cluster.nodes}; for a prefix key, the part before {@code <node>}. */
    String key();

    /** The value type, used to validate and to document. */
    ConfigType type();

    /** The default as text, or null when the key has no default. */
    String defaultValue();

    /** One sentence for the configuration reference and {@code Driver.getPropertyInfo()}. */
    String description();

    /** Whether the key must be present. */
    default boolean required() {
        return false;
    }

    /** Whether the key is a prefix followed by a name, e.g. {@code replication.apply-delay.<node>}. */
    default boolean prefix() {
        return false;
    }

    /** The allowed values of an enumerated key. */
    default List<String> choices() {
        return List.of();
    }

    /** The key as documented: prefix keys end in {@code <node>}. */
    default String documentedKey() {
        return prefix() ? key() + "<node>" : key();
    }
}
