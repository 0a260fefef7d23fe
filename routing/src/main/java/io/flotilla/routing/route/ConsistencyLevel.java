package io.flotilla.routing.route;

import io.flotilla.routing.config.ConfigException;
import java.util.Locale;

/** How fresh a read must be, from leader-only ({@link #STRONG}) down to any healthy follower ({@link #EVENTUAL}). */
public sealed interface ConsistencyLevel {

    /** Reads go to the leader only. */
    ConsistencyLevel STRONG = new Strong();
    /** The default: a follower must have applied the session's last write. */
    ConsistencyLevel READ_YOUR_WRITES = new ReadYourWrites();
    /** Like read-your-writes, and never older than the newest position the session has already read. */
    ConsistencyLevel MONOTONIC = new Monotonic();
    /** Any healthy follower of the session's epoch or newer. */
    ConsistencyLevel EVENTUAL = new Eventual();
    /** The level used when nothing is configured. */
    ConsistencyLevel DEFAULT = READ_YOUR_WRITES;

    /** The valid textual forms, quoted in error messages so that a typo can be fixed without reading docs. */
    String VALID_FORMS = "strong, read-your-writes, monotonic, bounded:<millis>, eventual";

    /** The configuration form of this level; {@link #parse} accepts it back. */
    String text();

    /** The largest replication lag this level accepts on a follower: its bound, or unlimited. */
    static long maxLagMillis(ConsistencyLevel level) {
        return level instanceof Bounded b ? b.maxLagMillis() : Long.MAX_VALUE;
    }

    /** A follower may serve the read if its lag is at most {@code maxLagMillis} and it has the session's writes. */
    static Bounded bounded(long maxLagMillis) {
        return new Bounded(maxLagMillis);
    }

    /**
     * Parses one of {@value #VALID_FORMS}, ignoring case and surrounding blanks.
     *
     * @throws ConfigException naming {@code keyForErrors} and listing the valid forms
     */
    static ConsistencyLevel parse(String text, String keyForErrors) {
        if (text == null || text.isBlank()) {
            throw new ConfigException(keyForErrors, "is empty; expected one of " + VALID_FORMS);
        }
        String v = text.strip().toLowerCase(Locale.ROOT);
        switch (v) {
            case "strong":
                return STRONG;
            case "read-your-writes":
                return READ_YOUR_WRITES;
            case "monotonic":
                return MONOTONIC;
            case "eventual":
                return EVENTUAL;
            default:
                break;
        }
        if (v.startsWith("bounded:")) {
            String millis = v.substring("bounded:".length()).strip();
            try {
                long bound = Long.parseLong(millis);
                if (bound >= 0) {
                    return new Bounded(bound);
                }
            } catch (NumberFormatException e) {
                // reported below together with the valid forms
            }
            throw new ConfigException(keyForErrors, "bounded needs a non-negative number of milliseconds, got '"
                    + text.strip() + "'; expected one of " + VALID_FORMS);
        }
        throw new ConfigException(keyForErrors, "unknown consistency level '" + text.strip()
                + "'; expected one of " + VALID_FORMS);
    }

    /** Leader only. */
    record Strong() implements ConsistencyLevel {
        @Override
        public String text() {
            return "strong";
        }
    }

    /** Follower applied position at least the session's last write. */
    record ReadYourWrites() implements ConsistencyLevel {
        @Override
        public String text() {
            return "read-your-writes";
        }
    }

    /** Follower applied position at least the newer of the session's last write and last read. */
    record Monotonic() implements ConsistencyLevel {
        @Override
        public String text() {
            return "monotonic";
        }
    }

    /** Follower lag within a bound in milliseconds, and still at least the session's last write. */
    record Bounded(long maxLagMillis) implements ConsistencyLevel {
        public Bounded {
            if (maxLagMillis < 0) {
                throw new IllegalArgumentException("maxLagMillis must not be negative: " + maxLagMillis);
            }
        }

        @Override
        public String text() {
            return "bounded:" + maxLagMillis;
        }
    }

    /** Any healthy follower. */
    record Eventual() implements ConsistencyLevel {
        @Override
        public String text() {
            return "eventual";
        }
    }
}
