package io.flotilla.proxy.server;

import io.flotilla.jdbc.FlotillaConnection;
import io.flotilla.proxy.protocol.Capabilities;
import io.flotilla.proxy.protocol.ColumnDefinition41;
import io.flotilla.proxy.protocol.ColumnType;
import io.flotilla.proxy.protocol.ComStmtClose;
import io.flotilla.proxy.protocol.ComStmtExecute;
import io.flotilla.proxy.protocol.ComStmtPrepare;
import io.flotilla.proxy.protocol.ComStmtReset;
import io.flotilla.proxy.protocol.ComStmtSendLongData;
import io.flotilla.proxy.protocol.EofPacket;
import io.flotilla.proxy.protocol.OkPacket;
import io.flotilla.proxy.protocol.PacketSink;
import io.flotilla.proxy.protocol.Payload;
import io.flotilla.proxy.protocol.StmtPrepareOk;
import io.flotilla.routing.sql.LexicalAnalyzer;
import io.flotilla.routing.sql.Placeholders;
import io.flotilla.routing.sql.StatementKind;
import io.netty.buffer.ByteBuf;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The prepared statements of one proxy session (COM_STMT_PREPARE, EXECUTE, SEND_LONG_DATA, RESET, CLOSE), each
 * backed by a JDBC PreparedStatement on the session's connection and answered in the binary protocol.
 *
 * <p>The backend prepare may be client-side (Connector/J's default, and Flotilla's driver), which knows neither the
 * parameter count nor the result columns: parameters are counted with the routing lexer, and result columns come
 * from an earlier execute of the same SQL in this session or else from a {@link ColumnProbe} (a server-side prepare
 * on a node, {@link PrepareMetadata}). If neither knows, the prepare announces zero columns, which is legal (MySQL
 * does it for SHOW): clients then take the columns from the execute's result set.
 */
public final class PreparedStatements implements AutoCloseable {
  /** MySQL's default max_prepared_stmt_count is per server; this bounds one session's memory instead. */
  static final int MAX_STATEMENTS = 16_382;
  private static final int ER_UNKNOWN_STMT_HANDLER = 1243;
  private static final int ER_MAX_PREPARED_STMT_COUNT_REACHED = 1461;
  private static final int KNOWN_COLUMNS_CACHE = 256;

  private final Supplier<? extends Connection> connection;
  private final int clientCapabilities;
  private final IntSupplier serverStatus;
  private final ColumnProbe probe;
  private final LexicalAnalyzer analyzer = new LexicalAnalyzer();
  private final Map<Long, ServerStatement> statements = new HashMap<>();
  /** Result columns seen per database and SQL text in this session, so a re-prepare announces them at once. */
  private final Map<String, List<ColumnDefinition41>> knownColumns =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<ColumnDefinition41>> eldest) {
          return size() > KNOWN_COLUMNS_CACHE;
        }
      };
  /** Forwards follower reads as raw protocol bytes when set (the proxy server sets it; tests may not). */
  private DirectReads direct;
  private long nextId = 1;
  private long lastPrepared = -1;

  /**
   * @param connection the session's current connection (a FlotillaConnection in the proxy; asked on every prepare
   *     because COM_RESET_CONNECTION replaces it, after dropping every statement through {@link #close()})
   * @param clientCapabilities the capability flags agreed in the handshake (CLIENT_DEPRECATE_EOF matters here)
   * @param serverStatus the SERVER_STATUS_* flags to put in OK and EOF packets (autocommit, in transaction)
   */
  public PreparedStatements(Supplier<? extends Connection> connection, int clientCapabilities,
      IntSupplier serverStatus) {
    this(connection, clientCapabilities, serverStatus, sql -> null);
  }

  /** As above, with {@code probe} telling a statement's result columns at prepare, before it ever ran. */
  public PreparedStatements(Supplier<? extends Connection> connection, int clientCapabilities,
      IntSupplier serverStatus, ColumnProbe probe) {
    this.connection = connection;
    this.clientCapabilities = clientCapabilities;
    this.serverStatus = serverStatus;
    this.probe = probe;
  }

  /** Lets plain follower reads bypass JDBC (see {@link DirectReads}). */
  void directReads(DirectReads reads) {
    this.direct = reads;
  }

  /** Tells the result columns of a statement before it runs (empty: none), or null when it cannot. */
  @FunctionalInterface
  public interface ColumnProbe {
    /** @throws SQLException an error the client should get at prepare (e.g. a syntax error) */
    List<ColumnDefinition41> columns(String sql) throws SQLException;
  }

  /** COM_STMT_PREPARE: answers the prepare OK, parameter definitions and (known) column definitions, or ERR. */
  public void prepare(ComStmtPrepare command, PacketSink sink) {
    String sql = command.sql();
    try {
      if (statements.size() >= MAX_STATEMENTS) {
        throw new SQLException("Can't create more than max_prepared_stmt_count statements (current value: "
            + MAX_STATEMENTS + ")", "42000", ER_MAX_PREPARED_STMT_COUNT_REACHED);
      }
      Connection c = connection.get();
      String columnsKey = c.getCatalog() + '\u0000' + sql; // the same text means other tables in another database
      List<ColumnDefinition41> columns = knownColumns.get(columnsKey);
      if (columns == null) {
        columns = probe.columns(sql); // before the JDBC prepare: a syntax error ends the prepare here
      }
      StatementKind kind = analyzer.analyze(sql).kind();
      boolean insert = kind == StatementKind.INSERT || kind == StatementKind.REPLACE;
      // Flotilla reports insert ids itself; asking for keys would cost it an extra leader query per insert.
      PreparedStatement ps = insert && !(c instanceof FlotillaConnection)
          ? c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS) : c.prepareStatement(sql);
      ServerStatement stmt = new ServerStatement(allocateId(), sql, columnsKey, ps, Placeholders.count(sql),
          insert);
      stmt.columns = columns;
      statements.put(stmt.id, stmt);
      lastPrepared = stmt.id;
      writePrepareOk(stmt, sink);
    } catch (SQLException e) {
      lastPrepared = -1; // a pipelined execute with id -1 must now fail, not run an older statement
      writeError(e, sink);
    }
  }

  /** COM_STMT_EXECUTE (the raw payload: decoding needs the statement's parameter count and bound types). */
  public void execute(ByteBuf payload, PacketSink sink) {
    ServerStatement stmt = lookup(peekStatementId(payload));
    if (stmt == null) {
      writeError(unknown(peekStatementId(payload), "mysqld_stmt_execute"), sink);
      return;
    }
    if (direct != null) {
      try {
        if (direct.execute(stmt, payload)) {
          return;
        }
      } catch (SQLException e) {
        writeError(e, sink);
        return;
      }
    }
    ComStmtExecute exec = ComStmtExecute.decode(payload, stmt.paramCount, stmt.boundTypes, stmt::hasLongData);
    try {
      stmt.throwDeferredError();
      if (stmt.paramCount > 0) {
        stmt.boundTypes = exec.types();
      }
      ParameterBinder.bind(stmt.statement, stmt, exec.types(), exec.values());
      if (stmt.statement.execute()) {
        try (ResultSet rs = stmt.statement.getResultSet()) {
          stmt.columns = BinaryResultWriter.write(rs, sink, deprecateEof(), serverStatus.getAsInt());
          knownColumns.put(stmt.columnsKey, stmt.columns);
        }
      } else {
        long updated = Math.max(0, stmt.statement.getLargeUpdateCount());
        long insertId = lastInsertId(stmt, updated);
        send(sink, OkPacket.of(updated, insertId, serverStatus.getAsInt(), 0, "")::encode);
      }
    } catch (SQLException e) {
      writeError(e, sink);
    } finally {
      stmt.clearLongData();
    }
  }

  /** COM_STMT_SEND_LONG_DATA: buffers the chunk; never answered, so problems surface at the next execute. */
  public void sendLongData(ComStmtSendLongData command) {
    ServerStatement stmt = lookup(command.statementId());
    if (stmt != null) {
      stmt.appendLongData(command.paramId(), command.data());
    }
  }

  /** COM_STMT_RESET: drops buffered long data and answers OK (or ERR 1243 for an unknown statement). */
  public void reset(ComStmtReset command, PacketSink sink) {
    ServerStatement stmt = lookup(command.statementId());
    if (stmt == null) {
      writeError(unknown(command.statementId(), "mysqld_stmt_reset"), sink);
      return;
    }
    stmt.clearLongData();
    send(sink, OkPacket.of(0, 0, serverStatus.getAsInt(), 0, "")::encode);
  }

  /** COM_STMT_CLOSE: closes the JDBC statement; never answered, and an unknown id is ignored as MySQL does. */
  public void close(ComStmtClose command) {
    ServerStatement stmt = statements.remove(command.statementId());
    if (stmt != null) {
      closeQuietly(stmt);
    }
  }

  /** The number of open statements (for tests and status). */
  public int size() {
    return statements.size();
  }

  /** Closes every statement; called when the session ends (the connection itself belongs to the session). */
  @Override
  public void close() {
    for (ServerStatement stmt : statements.values()) {
      closeQuietly(stmt);
    }
    statements.clear();
    knownColumns.clear();
  }

  private void writePrepareOk(ServerStatement stmt, PacketSink sink) {
    List<ColumnDefinition41> columns = stmt.columns == null ? List.of() : stmt.columns;
    send(sink, new StmtPrepareOk(stmt.id, columns.size(), stmt.paramCount, 0)::encode);
    if (stmt.paramCount > 0) {
      // MySQL describes parameters vaguely too: a binary "?" column; clients use only the count.
      ColumnDefinition41 param = new ColumnDefinition41("", "", "", "?", "", ColumnType.BINARY_COLLATION, 0,
          ColumnType.VAR_STRING, ColumnType.FLAG_BINARY, 0);
      for (int i = 0; i < stmt.paramCount; i++) {
        send(sink, param::encode);
      }
      endDefinitions(sink);
    }
    if (!columns.isEmpty()) {
      for (ColumnDefinition41 c : columns) {
        send(sink, c::encode);
      }
      endDefinitions(sink);
    }
  }

  private void endDefinitions(PacketSink sink) {
    if (!deprecateEof()) {
      send(sink, new EofPacket(0, serverStatus.getAsInt())::encode);
    }
  }

  private boolean deprecateEof() {
    return Capabilities.has(clientCapabilities, Capabilities.CLIENT_DEPRECATE_EOF);
  }

  private ServerStatement lookup(long id) {
    return statements.get(id == ComStmtExecute.LAST_PREPARED ? lastPrepared : id);
  }

  private long allocateId() {
    long id = nextId;
    do {
      nextId = nextId >= ComStmtExecute.LAST_PREPARED - 1 ? 1 : nextId + 1; // never 0 or 0xFFFFFFFF
    } while (statements.containsKey(nextId));
    return id;
  }

  private static long peekStatementId(ByteBuf payload) {
    Payload.need(payload, 5, "COM_STMT_EXECUTE statement id");
    return Integer.toUnsignedLong(payload.getIntLE(payload.readerIndex() + 1));
  }

  /** The OK packet's last insert id: Flotilla's connection has it from the write; other drivers are asked for keys. */
  private long lastInsertId(ServerStatement stmt, long updated) throws SQLException {
    if (connection.get() instanceof FlotillaConnection f) {
      return f.lastGeneratedId();
    }
    if (!stmt.insert || updated == 0) {
      return 0;
    }
    try (ResultSet keys = stmt.statement.getGeneratedKeys()) {
      return keys != null && keys.next() ? keys.getLong(1) : 0;
    }
  }

  private static SQLException unknown(long id, String command) {
    return new SQLException("Unknown prepared statement handler (" + id + ") given to " + command, "HY000",
        ER_UNKNOWN_STMT_HANDLER);
  }

  private static void writeError(SQLException e, PacketSink sink) {
    send(sink, ServerErrors.of(e)::encode); // the backend's code and SQLSTATE unchanged
  }

  private static void closeQuietly(ServerStatement stmt) {
    try {
      stmt.statement.close();
    } catch (SQLException ignored) {
      // Closing a statement of a broken connection: nothing left to release that closing the session won't.
    }
  }

  private static void send(PacketSink sink, java.util.function.Consumer<ByteBuf> encoder) {
    ByteBuf b = sink.buffer();
    encoder.accept(b);
    sink.send(b);
  }
}
