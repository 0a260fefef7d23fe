package io.flotilla.replicator.log;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The results of a multi-statement batch: the application statement's update count and the values we selected after it. */
record Results(long updateCount, List<Long> values) {

    /**
     * Reads every result of a batch whose application statement is result number {@code appIndex}; the
     * first-row columns of result sets after it are collected in order.
     */
    static Results walk(Statement st, boolean firstIsResultSet, int appIndex) throws SQLException {
        long count = -1;
        List<Long> values = new ArrayList<>(2);
        boolean isRs = firstIsResultSet;
        for (int index = 0; ; index++) {
            if (isRs) {
                try (ResultSet rs = st.getResultSet()) {
                    if (index > appIndex && rs.next()) {
                        for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                            values.add(rs.getLong(c));
                        }
                    }
                }
            } else {
                long uc = st.getLargeUpdateCount();
                if (uc == -1) {
                    return new Results(count, values);
                }
                if (index == appIndex) {
                    count = uc;
                }
            }
            isRs = st.getMoreResults();
        }
    }

    long longAt(int i) {
        return values.get(i);
    }
}
