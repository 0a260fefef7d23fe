package io.flotilla.proxy.server;

import io.flotilla.jdbc.FlotillaConnection;
import io.flotilla.jdbc.FlotillaDriverCore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens and closes the one {@link FlotillaConnection} behind each client session, through the driver core (so the
 * proxy shares the driver's cluster clients and pools), and counts the open ones so a leak is visible.
 */
final class Backends implements AutoCloseable {
    private final FlotillaDriverCore core = new FlotillaDriverCore();
    private final ProxyConfig config;
    private final AtomicInteger open = new AtomicInteger();

    Backends(ProxyConfig config) {
        this.config = config;
    }

    /** A session for {@code user} on {@code database} (null: the cluster's database). */
    FlotillaConnection open(String user, String database) throws SQLException {
        Connection c = core.connect(config.jdbcUrl(), config.connectionProperties(user));
        FlotillaConnection fc = c.unwrap(FlotillaConnection.class);
        open.incrementAndGet();
        try {
            if (database != null && !database.isEmpty() && !database.equals(fc.getCatalog())) {
                useDatabase(fc, database);
            }
        } catch (SQLException e) {
            close(fc);
            throw e;
        }
        return fc;
    }

    /**
     * Switches the session's database (handshake, COM_INIT_DB, USE): the driver runs USE on the leader, which
     * refuses an unknown database with the server's own error, and moves every follower backend after it.
     */
    static void useDatabase(FlotillaConnection fc, String database) throws SQLException {
        try (var st = fc.createStatement()) {
            st.execute("USE `" + database.replace("`", "``") + "`");
        }
    }

    /** Closes a session's connection (rolling back an open transaction); never throws. */
    void close(FlotillaConnection fc) {
        if (fc == null || fc.isClosed()) {
            return;
        }
        try {
            fc.close();
        } catch (SQLException | RuntimeException e) {
            // The backends are returned or evicted by the driver even when closing one of them failed.
        } finally {
            open.decrementAndGet();
        }
    }

    /** Flotilla connections currently open for client sessions. */
    int openConnections() {
        return open.get();
    }

    @Override
    public void close() {
        core.closeAll();
    }
}
