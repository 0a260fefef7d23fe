package io.flotilla.replicator.sync;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a new connection to a named node (the cluster's replicator user, or the driver's application user). */
@FunctionalInterface
public interface NodeOpener {

    Connection open(String node) throws SQLException;
}
