package io.flotilla.replicator.log;

import com.mysql.cj.jdbc.StatementImpl;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * The results of a multi-statement batch: the application statement's update count and, per result, the
 * insert id from its OK packet (Connector/J keeps it per result: the LSN of a log insert, a generated key).
 */
record Results(long updateCount, long[] insertIds) {

    /** Reads every result of a batch whose application statement is result number {@code appIndex}. */
    static Results walk(Statement st, boolean firstIsResultSet, int appIndex) throws SQLException {
        StatementImpl impl = st.unwrap(StatementImpl.class);
        long count = -1;
        long[] ids = new long[8];
        boolean isRs = firstIsResultSet;
        for (int index = 0; ; index++) {
            if (isRs) {
                try (ResultSet rs = st.getResultSet()) {
                    // Result sets (e.g. INSERT … RETURNING) are not expected in our batches; drained.
                }
            } else {
                long uc = st.getLargeUpdateCount();
                if (uc == -1) {
                    return new Results(count, Arrays.copyOf(ids, index));
                }
                if (index == appIndex) {
                    count = uc;
                }
                if (index >= ids.length) {
                    ids = Arrays.copyOf(ids, ids.length * 2);
                }
                ids[index] = impl.getLastInsertID();
            }
            isRs = st.getMoreResults();
        }
    }

    /** The OK-packet insert id of result {@code i}. */
    long insertId(int i) {
        return insertIds[i];
    }
}
