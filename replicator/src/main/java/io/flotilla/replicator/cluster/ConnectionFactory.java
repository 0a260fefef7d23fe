package io.flotilla.replicator.cluster;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a new connection to one node. */
@FunctionalInterface
public interface ConnectionFactory {

    Connection open() throws SQLException;
}
