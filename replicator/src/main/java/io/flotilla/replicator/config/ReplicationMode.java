package io.flotilla.replicator.config;

/** When a write is acknowledged to the client. */
public enum ReplicationMode {
    ASYNC("async"), SEMI_SYNC("semi-sync"), SYNC("sync");

    private final String text;

    ReplicationMode(String text) {
        this.text = text;
    }

    /** Parses the configuration text ({@code async}, {@code semi-sync}, {@code sync}). */
    public static ReplicationMode parse(String s) {
        for (ReplicationMode m : values()) {
            if (m.text.equalsIgnoreCase(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException(s);
    }

    @Override
    public String toString() {
        return text;
    }
}
