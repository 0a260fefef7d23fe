package io.flotilla.proxy.server;

import io.flotilla.proxy.protocol.ColumnDefinition41;
import io.flotilla.proxy.protocol.ParamType;
import java.io.ByteArrayOutputStream;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One client-side prepared statement of a proxy session: the JDBC statement behind it and the protocol state the
 * client expects the server to keep (bound parameter types, long data, result columns once known).
 */
final class ServerStatement {
  final long id;
  /** The statement's SQL text as the client prepared it. */
  final String sql;
  /** Set when the statement cannot be forwarded as raw bytes (its parameters were counted unlike the server's). */
  boolean directUnfit;
  /** Database and SQL text: the key of the session's known result columns. */
  final String columnsKey;
  final PreparedStatement statement;
  final int paramCount;
  /** Whether to ask for generated keys after an update (INSERT/REPLACE), for the OK packet's last insert id. */
  final boolean insert;
  /** The types bound by the last execute that sent them; null until then. */
  List<ParamType> boundTypes;
  /** The result columns, once an execute (or an earlier prepare of the same SQL) has shown them; null until then. */
  List<ColumnDefinition41> columns;
  private final Map<Integer, ByteArrayOutputStream> longData = new HashMap<>();
  /** An error from COM_STMT_SEND_LONG_DATA (which has no response), reported by the next execute as MySQL does. */
  private SQLException deferredError;

  ServerStatement(long id, String sql, String columnsKey, PreparedStatement statement, int paramCount,
      boolean insert) {
    this.id = id;
    this.sql = sql;
    this.columnsKey = columnsKey;
    this.statement = statement;
    this.paramCount = paramCount;
    this.insert = insert;
  }

  /** Appends a chunk of a parameter's value; a bad parameter index becomes the next execute's error. */
  void appendLongData(int param, byte[] chunk) {
    if (param >= paramCount) {
      deferredError = new SQLException("Incorrect arguments to mysqld_stmt_send_long_data", "HY000", 1210);
      return;
    }
    longData.computeIfAbsent(param, p -> new ByteArrayOutputStream()).writeBytes(chunk);
  }

  /** Whether long data (or an error sending it) waits for the next execute. */
  boolean hasLongData() {
    return !longData.isEmpty() || deferredError != null;
  }

  boolean hasLongData(int param) {
    return longData.containsKey(param);
  }

  byte[] longData(int param) {
    return longData.get(param).toByteArray();
  }

  /** Throws (once) the error a SEND_LONG_DATA left for this execute. */
  void throwDeferredError() throws SQLException {
    SQLException e = deferredError;
    deferredError = null;
    if (e != null) {
      throw e;
    }
  }

  /** Forgets long data (after an execute, or on COM_STMT_RESET); bound types survive, as in MySQL. */
  void clearLongData() {
    longData.clear();
    deferredError = null;
  }
}
