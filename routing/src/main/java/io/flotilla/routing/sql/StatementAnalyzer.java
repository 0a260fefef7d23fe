package io.flotilla.routing.sql;

/** Analyses one SQL statement for replication and routing purposes. */
public interface StatementAnalyzer {

    /** Analyses a single statement (a trailing semicolon is allowed); never returns null. */
    StatementInfo analyze(String sql);
}
