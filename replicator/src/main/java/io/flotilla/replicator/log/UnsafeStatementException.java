package io.flotilla.replicator.log;

import java.sql.SQLException;

/** A write that statement-based replication cannot repeat exactly, refused under {@code replication.unsafe=reject}. */
public final class UnsafeStatementException extends SQLException {

    /** MySQL's ER_BINLOG_UNSAFE_STATEMENT. */
    public static final int ERROR_CODE = 1592;

    public UnsafeStatementException(String construct) {
        super("Flotilla refuses a statement that is unsafe for statement-based replication: " + construct
                + " (set replication.unsafe=warn to log it anyway)", "HY000", ERROR_CODE);
    }
}
