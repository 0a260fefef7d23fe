package io.flotilla.examples;

import io.flotilla.jdbc.FlotillaConnection;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Write-then-read with nothing but {@code java.sql}: run it with a {@code jdbc:mysql://} URL against one server, or
 * with a {@code jdbc:flotilla://} URL against a cluster; the code is the same, only the URL changes.
 *
 * <pre>java … io.flotilla.examples.PlainJdbcExample 'jdbc:flotilla://127.0.0.1:3401/app?user=app&amp;password=app'</pre>
 */
public final class PlainJdbcExample {

    private PlainJdbcExample() {
    }

    public static void main(String[] args) throws SQLException {
        if (args.length != 1) {
            System.err.println("usage: PlainJdbcExample JDBC_URL   (jdbc:flotilla://host:port/app?user=app&password=app)");
            System.exit(2);
        }
        run(args[0], System.out);
    }

    /** Creates the table if needed, writes a row, reads it back and prints where the reads went. Returns the value read. */
    public static String run(String url, PrintStream out) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS greetings (id BIGINT PRIMARY KEY AUTO_INCREMENT, text VARCHAR(200) NOT NULL)");
            }
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO greetings (text) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, "hello at " + System.currentTimeMillis());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            Map<String, Long> before = metrics(c);
            String text;
            // With Flotilla this read goes to a follower that has applied the insert above (read-your-writes).
            try (PreparedStatement ps = c.prepareStatement("SELECT text FROM greetings WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    text = rs.next() ? rs.getString(1) : null;
                }
            }
            out.println("wrote id " + id + ", read back: " + text);
            if (before != null) {
                out.println("routing of the read: " + delta(before, metrics(c)));
            } else {
                out.println("not a Flotilla connection: every statement went to " + c.getMetaData().getURL());
            }
            return text;
        }
    }

    /** The driver's routing counters, or null when the connection is not a Flotilla one (e.g. a jdbc:mysql:// URL). */
    static Map<String, Long> metrics(Connection c) throws SQLException {
        return c.isWrapperFor(FlotillaConnection.class) ? c.unwrap(FlotillaConnection.class).routingMetrics() : null;
    }

    /** The counters that changed: the metrics are cumulative per cluster client, shared by its connections. */
    static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new java.util.TreeMap<>();
        after.forEach((k, v) -> {
            long n = v - before.getOrDefault(k, 0L);
            if (n != 0) {
                d.put(k, n);
            }
        });
        return d;
    }
}
