package io.flotilla.routing.config;

/** A TCP address as {@code host:port}. */
public record HostPort(String host, int port) {

    /** Parses {@code host:port}, naming {@code key} in the error. */
    public static HostPort parse(String key, String v) {
        int colon = v.lastIndexOf(':');
        if (colon <= 0 || colon == v.length() - 1) {
            throw new ConfigException(key, "expects host:port, got '" + v + "'");
        }
        try {
            int port = Integer.parseInt(v.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new ConfigException(key, "port " + port + " is outside 1-65535");
            }
            return new HostPort(v.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "port in '" + v + "' is not a number");
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
