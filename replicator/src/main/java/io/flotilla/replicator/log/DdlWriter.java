package io.flotilla.replicator.log;

import io.flotilla.routing.sql.StatementInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a DDL statement so that its log entry sits exactly between the writes that ran before it and those after.
 *
 * <p>DDL commits implicitly, so it cannot share a transaction with its log row. Instead: {@code LOCK TABLES … WRITE}
 * on the tables it names (waits for in-flight writers of those tables, holds off new ones), reserve the entry's LSN
 * with an uncommitted log insert on a second connection, run the DDL, then commit (or roll back) the reservation and
 * unlock. Writes to the tables get later LSNs; readers wait on the reserved LSN. Writers pay nothing for this.
 */
final class DdlWriter {

    private static final Logger LOG = LoggerFactory.getLogger(DdlWriter.class);
    /** Errors saying the DDL cannot run under LOCK TABLES (RENAME TABLE, CREATE … SELECT of an unlocked table…). */
    private static final int ER_LOCK_OR_ACTIVE_TRANSACTION = 1192;
    private static final int ER_TABLE_NOT_LOCKED = 1100;
    private static final int ER_TABLE_NOT_LOCKED_FOR_WRITE = 1099;

    private final LogWriter writer;

    DdlWriter(LogWriter writer) {
        this.writer = writer;
    }

    /** Executes and logs the DDL; returns (update count, LSN). */
    long[] run(Connection session, String schema, StatementInfo info, List<Object> params, LoggedStatement logged) throws SQLException {
        List<String> tables = existingTables(session, schema, info);
        try {
            return attempt(session, info, params, logged, tables);
        } catch (SQLException e) {
            int code = e.getErrorCode();
            if (!tables.isEmpty() && (code == ER_LOCK_OR_ACTIVE_TRANSACTION || code == ER_TABLE_NOT_LOCKED || code == ER_TABLE_NOT_LOCKED_FOR_WRITE)) {
                LOG.warn("DDL cannot run under LOCK TABLES ({}); running it unlocked, so concurrent writers of {} are not ordered against it",
                        e.getMessage(), tables);
                return attempt(session, info, params, logged, List.of());
            }
            throw e;
        }
    }

    private long[] attempt(Connection session, StatementInfo info, List<Object> params, LoggedStatement logged, List<String> tables)
            throws SQLException {
        if (!tables.isEmpty()) {
            try (Statement st = session.createStatement()) {
                st.execute("LOCK TABLES " + String.join(", ", tables.stream().map(t -> t + " WRITE").toList()));
            }
        }
        try (Connection side = writer.sideConnection()) {
            side.setAutoCommit(false);
            long lsn;
            try (PreparedStatement ps = side.prepareStatement(
                    "INSERT INTO flotilla.log (epoch, created_us, last_iid, entry) VALUES (?, ?, NULL, ?)")) {
                ps.setLong(1, writer.epoch());
                ps.setLong(2, logged.timestampMicros());
                ps.setBytes(3, EntryCodec.encode(List.of(logged)));
                ps.executeUpdate();
                lsn = ps.unwrap(com.mysql.cj.jdbc.StatementImpl.class).getLastInsertID();
            }
            long count;
            try (PreparedStatement ps = session.prepareStatement("SET TIMESTAMP=?;\n" + WriteBatch.stripSemicolon(info.sql()) + "\n")) {
                ps.setBigDecimal(1, java.math.BigDecimal.valueOf(logged.timestampMicros(), 6));
                WriteBatch.bind(ps, params, 1);
                count = Results.walk(ps, ps.execute(), 1).updateCount();
            } catch (SQLException e) {
                side.rollback();
                throw e;
            }
            // The window: if this process dies here, the DDL ran on the leader but its entry never commits.
            side.commit();
            return new long[] {count, lsn};
        } finally {
            if (!tables.isEmpty()) {
                try (Statement st = session.createStatement()) {
                    st.execute("UNLOCK TABLES");
                }
            }
        }
    }

    /** The statement's tables that exist now, quoted for LOCK TABLES. */
    private static List<String> existingTables(Connection c, String schema, StatementInfo info) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String t : info.tables()) {
            int dot = t.indexOf('.');
            String s = dot > 0 ? t.substring(0, dot) : schema;
            String name = dot > 0 ? t.substring(dot + 1) : t;
            if (s == null) {
                continue;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ? AND table_type = 'BASE TABLE'")) {
                ps.setString(1, s);
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        out.add("`" + s.replace("`", "``") + "`.`" + name.replace("`", "``") + "`");
                    }
                }
            }
        }
        return out.stream().distinct().toList();
    }
}
