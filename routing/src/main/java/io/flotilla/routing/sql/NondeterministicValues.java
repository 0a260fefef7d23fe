package io.flotilla.routing.sql;

import java.time.LocalDateTime;

/** The values a leader produced for nondeterministic calls, used to make a logged statement replayable. */
public interface NondeterministicValues {
    String uuid();

    long uuidShort();

    LocalDateTime sysdate();

    long lastInsertId();
}
