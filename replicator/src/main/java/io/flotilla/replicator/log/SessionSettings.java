package io.flotilla.replicator.log;

/** The session settings that change what a statement means: sql_mode, time_zone and connection collation. */
public record SessionSettings(String sqlMode, String timeZone, String collation) {
}
