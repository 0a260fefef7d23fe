package io.flotilla.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/** What a statement's last execution produced: its result set or update count, and the first generated id. */
final class StatementResult {

    private ResultSet resultSet;
    private long updateCount = -1;
    private long generatedId;

    ResultSet resultSet() {
        return resultSet;
    }

    long updateCount() {
        return updateCount;
    }

    /** The update count as executeUpdate reports it: never negative. */
    long rowsChanged() {
        return Math.max(updateCount, 0);
    }

    long generatedId() {
        return generatedId;
    }

    /** A query's result: no update count. */
    void query(ResultSet rs) {
        resultSet = rs;
        updateCount = -1;
    }

    void updated(long count) {
        updateCount = count;
    }

    /** A logged write: its update count (never negative) and the first id it generated. */
    void wrote(long count, long firstGeneratedId) {
        updateCount = Math.max(0, count);
        generatedId = firstGeneratedId;
    }

    /** Closes the result set (if any) and forgets the update count; the generated id stays. */
    void closeResultSet() throws SQLException {
        if (resultSet != null) {
            resultSet.close();
            resultSet = null;
        }
        updateCount = -1;
    }

    /** Closes the result set and forgets everything before the next execution. */
    void clear() throws SQLException {
        closeResultSet();
        generatedId = 0;
    }

    ResultSet requireResultSet() throws SQLException {
        if (resultSet == null) {
            throw new SQLException("the statement did not return a result set", "HY000");
        }
        return resultSet;
    }
}
