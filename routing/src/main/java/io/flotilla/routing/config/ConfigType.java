package io.flotilla.routing.config;

/** The value types a configuration key can have. */
public enum ConfigType {
    STRING, INT, LONG, BOOLEAN, CHOICE, NODE_LIST, HOST_PORT, PATH
}
