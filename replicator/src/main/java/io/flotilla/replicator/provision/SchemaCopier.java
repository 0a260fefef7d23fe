package io.flotilla.replicator.provision;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Copies every application schema (DDL, then rows streamed into multi-row INSERTs, then views, routines and
 * triggers) from a connection inside a leader snapshot to a new node.
 */
public final class SchemaCopier {

    /** Schemas that are never copied: the server's own and Flotilla's (which each node keeps for itself). */
    public static final Set<String> SKIPPED = Set.of("information_schema", "mysql", "performance_schema", "sys", "flotilla");

    private static final int MAX_ROWS_PER_INSERT = 1000;
    private static final long MAX_BYTES_PER_INSERT = 1 << 20;

    private final CopyProgress progress;

    public SchemaCopier(CopyProgress progress) {
        this.progress = progress;
    }

    /** The application schemas on a node (everything but {@link #SKIPPED}). */
    public static List<String> applicationSchemas(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT schema_name FROM information_schema.SCHEMATA ORDER BY schema_name")) {
            while (rs.next()) {
                if (!SKIPPED.contains(rs.getString(1).toLowerCase(Locale.ROOT))) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Copies everything; {@code source} must be inside the snapshot transaction. */
    public CopyStats copy(Connection source, Connection target) throws SQLException {
        long started = System.currentTimeMillis();
        List<String> schemas = applicationSchemas(source);
        estimate(source, schemas);
        try (Statement t = target.createStatement()) {
            // The data was consistent on the leader: re-checking keys row by row only slows the load down, and
            // NO_AUTO_VALUE_ON_ZERO keeps a stored 0 in an AUTO_INCREMENT column a 0.
            t.execute("SET SESSION foreign_key_checks = 0, unique_checks = 0, sql_mode = 'NO_AUTO_VALUE_ON_ZERO'");
        }
        target.setAutoCommit(true);
        int tables = 0;
        long rows = 0;
        long bytes = 0;
        for (String schema : schemas) {
            String q = quote(schema);
            execute(target, showCreate(source, "SHOW CREATE DATABASE " + q, 2).replaceFirst("(?i)^CREATE DATABASE", "CREATE DATABASE IF NOT EXISTS"));
            for (String table : names(source, "SELECT table_name FROM information_schema.TABLES WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name", schema)) {
                execute(target, "USE " + q);
                execute(target, showCreate(source, "SHOW CREATE TABLE " + q + "." + quote(table), 2));
                progress.table(schema, table);
                long[] n = copyRows(source, target, schema, table);
                rows += n[0];
                bytes += n[1];
                tables++;
            }
        }
        // After the rows: a trigger created earlier would fire on the load itself.
        for (String schema : schemas) {
            copyViews(source, target, schema);
            copyRoutines(source, target, schema);
            for (String trigger : names(source, "SELECT trigger_name FROM information_schema.TRIGGERS WHERE trigger_schema = ? ORDER BY action_order", schema)) {
                execute(target, "USE " + quote(schema));
                execute(target, showCreate(source, "SHOW CREATE TRIGGER " + quote(schema) + "." + quote(trigger), 3));
            }
        }
        try (Statement t = target.createStatement()) {
            t.execute("SET SESSION foreign_key_checks = 1, unique_checks = 1");
        }
        CopyStats stats = new CopyStats(schemas.size(), tables, rows, bytes, System.currentTimeMillis() - started);
        progress.done(stats);
        return stats;
    }

    private void estimate(Connection source, List<String> schemas) throws SQLException {
        long rows = 0;
        long bytes = 0;
        try (PreparedStatement ps = source.prepareStatement(
                "SELECT COALESCE(SUM(table_rows), 0), COALESCE(SUM(data_length), 0) FROM information_schema.TABLES WHERE table_schema = ? AND table_type = 'BASE TABLE'")) {
            for (String s : schemas) {
                ps.setString(1, s);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    rows += rs.getLong(1);
                    bytes += rs.getLong(2);
                }
            }
        }
        progress.start(rows, bytes);
    }

    private long[] copyRows(Connection source, Connection target, String schema, String table) throws SQLException {
        // Generated columns are computed again on the new node; listing columns also includes INVISIBLE ones.
        List<String> cols = names(source, "SELECT column_name FROM information_schema.COLUMNS WHERE table_schema = ? AND table_name = ?"
                + " AND extra NOT LIKE '%GENERATED%' ORDER BY ordinal_position", schema, table);
        String colList = String.join(", ", cols.stream().map(SchemaCopier::quote).toList());
        String insertHead = "INSERT INTO " + quote(schema) + "." + quote(table) + " (" + colList + ") VALUES ";
        String rowPlaceholders = "(" + String.join(", ", cols.stream().map(c -> "?").toList()) + ")";
        long rows = 0;
        long bytes = 0;
        try (Statement cs = source.createStatement()) {
            // No character set conversion: values arrive as stored and go back in as binary strings, so a latin1
            // or binary column is copied byte for byte.
            cs.execute("SET SESSION character_set_results = NULL");
        }
        try (Statement st = source.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            // Connector/J streams row by row only with this exact fetch size on a forward-only, read-only statement.
            st.setFetchSize(Integer.MIN_VALUE);
            try (ResultSet rs = st.executeQuery("SELECT " + colList + " FROM " + quote(schema) + "." + quote(table))) {
                List<byte[]> batch = new ArrayList<>();
                int batchRows = 0;
                long batchBytes = 0;
                while (rs.next()) {
                    for (int i = 1; i <= cols.size(); i++) {
                        byte[] v = rs.getBytes(i);
                        batch.add(v);
                        batchBytes += v == null ? 4 : v.length + 3;
                    }
                    batchRows++;
                    if (batchRows == MAX_ROWS_PER_INSERT || batchBytes >= MAX_BYTES_PER_INSERT) {
                        insert(target, insertHead, rowPlaceholders, batch, batchRows);
                        progress.advance(batchRows, batchBytes);
                        rows += batchRows;
                        bytes += batchBytes;
                        batch.clear();
                        batchRows = 0;
                        batchBytes = 0;
                    }
                }
                if (batchRows > 0) {
                    insert(target, insertHead, rowPlaceholders, batch, batchRows);
                    progress.advance(batchRows, batchBytes);
                    rows += batchRows;
                    bytes += batchBytes;
                }
            }
        } finally {
            try (Statement cs = source.createStatement()) {
                cs.execute("SET SESSION character_set_results = utf8mb4");
            }
        }
        return new long[] {rows, bytes};
    }

    private static void insert(Connection target, String head, String row, List<byte[]> values, int rows) throws SQLException {
        StringBuilder sql = new StringBuilder(head.length() + rows * (row.length() + 2));
        sql.append(head);
        for (int r = 0; r < rows; r++) {
            if (r > 0) {
                sql.append(',');
            }
            sql.append(row);
        }
        try (PreparedStatement ps = target.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                ps.setBytes(i + 1, values.get(i));
            }
            ps.executeUpdate();
        }
    }

    private static void copyViews(Connection source, Connection target, String schema) throws SQLException {
        List<String> pending = new ArrayList<>(names(source, "SELECT table_name FROM information_schema.VIEWS WHERE table_schema = ? ORDER BY table_name", schema));
        // A view may select from another view: create what can be created until nothing more succeeds.
        SQLException last = null;
        while (!pending.isEmpty()) {
            List<String> failed = new ArrayList<>();
            for (String v : pending) {
                try {
                    execute(target, "USE " + quote(schema));
                    execute(target, showCreate(source, "SHOW CREATE VIEW " + quote(schema) + "." + quote(v), 2));
                } catch (SQLException e) {
                    failed.add(v);
                    last = e;
                }
            }
            if (failed.size() == pending.size()) {
                throw new SQLException("cannot create views " + failed + " in " + schema + ": " + last.getMessage(), last.getSQLState(), last);
            }
            pending = failed;
        }
    }

    private static void copyRoutines(Connection source, Connection target, String schema) throws SQLException {
        try (PreparedStatement ps = source.prepareStatement(
                "SELECT routine_name, routine_type FROM information_schema.ROUTINES WHERE routine_schema = ? ORDER BY routine_name")) {
            ps.setString(1, schema);
            List<String[]> routines = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    routines.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            for (String[] r : routines) {
                execute(target, "USE " + quote(schema));
                execute(target, showCreate(source, "SHOW CREATE " + r[1] + " " + quote(schema) + "." + quote(r[0]), 3));
            }
        }
    }

    private static String showCreate(Connection c, String sql, int column) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next() || rs.getString(column) == null) {
                throw new SQLException("no definition from " + sql + " (missing privilege?)", "HY000");
            }
            return rs.getString(column);
        }
    }

    private static List<String> names(Connection c, String sql, String... args) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
