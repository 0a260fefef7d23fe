package io.flotilla.proxy.server;

import io.flotilla.jdbc.FlotillaConnection;
import io.flotilla.proxy.protocol.Capabilities;
import java.sql.SQLException;

/**
 * One authenticated client session as command handlers see it: its Flotilla connection (all routing, consistency
 * and binlog writes happen there), the negotiated capabilities, and the server status flags for OK/EOF packets.
 */
public final class ProxySession {
    private final long connectionId;
    private final String user;
    private final int capabilities;
    private FlotillaConnection connection;
    private boolean multiStatements;
    private DirectReads directReads;

    ProxySession(long connectionId, String user, int capabilities, FlotillaConnection connection) {
        this.connectionId = connectionId;
        this.user = user;
        this.capabilities = capabilities;
        this.connection = connection;
        this.multiStatements = Capabilities.has(capabilities, Capabilities.CLIENT_MULTI_STATEMENTS);
    }

    public long connectionId() {
        return connectionId;
    }

    public String user() {
        return user;
    }

    /** The capabilities both sides agreed on (the client's flags masked by the server's). */
    public int capabilities() {
        return capabilities;
    }

    public boolean deprecateEof() {
        return Capabilities.has(capabilities, Capabilities.CLIENT_DEPRECATE_EOF);
    }

    /** The session's Flotilla connection; replaced by COM_RESET_CONNECTION, so do not keep it across commands. */
    public FlotillaConnection connection() {
        return connection;
    }

    void replaceConnection(FlotillaConnection fresh) {
        connection = fresh;
        if (directReads != null) {
            directReads.close(); // their backends carry the old session's SET statements
        }
    }

    /** This session's forwarded follower reads, or null when proxy.direct-reads is off. */
    DirectReads directReads() {
        return directReads;
    }

    void directReads(DirectReads reads) {
        directReads = reads;
    }

    boolean multiStatements() {
        return multiStatements;
    }

    void multiStatements(boolean on) {
        multiStatements = on;
    }

    /** SERVER_STATUS_AUTOCOMMIT and SERVER_STATUS_IN_TRANS as the connection has them now. */
    public int status() {
        int s = 0;
        try {
            if (connection.getAutoCommit()) {
                s |= Capabilities.SERVER_STATUS_AUTOCOMMIT;
            }
        } catch (SQLException closed) {
            return s;
        }
        if (connection.inTransaction()) {
            s |= Capabilities.SERVER_STATUS_IN_TRANS;
        }
        return s;
    }
}
