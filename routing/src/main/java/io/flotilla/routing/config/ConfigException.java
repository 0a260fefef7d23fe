package io.flotilla.routing.config;

/** A configuration problem; the message names the offending key. */
public final class ConfigException extends RuntimeException {

    private final String key;

    public ConfigException(String key, String message) {
        super("configuration key '" + key + "': " + message);
        this.key = key;
    }

    /** The key that is wrong. */
    public String key() {
        return key;
    }
}
