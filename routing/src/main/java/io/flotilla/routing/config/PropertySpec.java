package io.flotilla.routing.config;

import java.util.List;

/**
 * The definition of one configuration key; enums of keys hold one each and implement {@link ConfigProperty} through
 * {@link Defined}, so that no enum repeats the same fields and getters.
 */
public record PropertySpec(String key, ConfigType type, String defaultValue, boolean required, boolean prefix,
                           String description, List<String> choices) {

    public PropertySpec {
        choices = List.copyOf(choices);
    }

    /** An optional key. */
    public static PropertySpec of(String key, ConfigType type, String defaultValue, String description) {
        return new PropertySpec(key, type, defaultValue, false, false, description, List.of());
    }

    /** An optional key with a fixed set of values. */
    public static PropertySpec choice(String key, String defaultValue, String description, List<String> choices) {
        return new PropertySpec(key, ConfigType.CHOICE, defaultValue, false, false, description, choices);
    }

    /** The same definition, required. */
    public PropertySpec asRequired() {
        return new PropertySpec(key, type, defaultValue, true, prefix, description, choices);
    }

    /** The same definition as a prefix followed by a name, e.g. {@code replication.apply-delay.<node>}. */
    public PropertySpec asPrefix() {
        return new PropertySpec(key, type, defaultValue, required, true, description, choices);
    }

    /** A {@link ConfigProperty} whose every answer comes from its {@link PropertySpec}. */
    public interface Defined extends ConfigProperty {

        PropertySpec spec();

        @Override
        default String key() {
            return spec().key();
        }

        @Override
        default ConfigType type() {
            return spec().type();
        }

        @Override
        default String defaultValue() {
            return spec().defaultValue();
        }

        @Override
        default String description() {
            return spec().description();
        }

        @Override
        default boolean required() {
            return spec().required();
        }

        @Override
        default boolean prefix() {
            return spec().prefix();
        }

        @Override
        default List<String> choices() {
            return spec().choices();
        }
    }
}
