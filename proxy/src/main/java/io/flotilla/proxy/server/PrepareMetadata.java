package io.flotilla.proxy.server;

import io.flotilla.proxy.protocol.ColumnDefinition41;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result columns of a statement before it runs, for COM_STMT_PREPARE: a server-side prepare (nothing executes)
 * on a node over a Connector/J connection with {@code useServerPrepStmts=true}; successes are cached by user, database
 * and SQL text and shared by every session of the proxy.
 *
 * <p>Clients need the columns at prepare: libmariadb (sysbench) decides there whether an execute leaves a result
 * set to read, and the session's own statement cannot tell (Flotilla's and Connector/J's prepares are client-side).
 * Every node has the same schema, so the first node that answers will do.
 */
public final class PrepareMetadata implements AutoCloseable {
  private static final int CACHE_SIZE = 4096;
  private static final int ER_PARSE_ERROR = 1064;
  /**
   * Server-side prepares only (Connector/J would otherwise fall back to a client-side statement, whose metadata it
   * gets by executing it), not cached by the driver (a closed statement must be closed on the node too).
   */
  private static final String OPTIONS = "useServerPrepStmts=true&emulateUnsupportedPstmts=false&cachePrepStmts=false"
      + "&useSSL=false"
      + "&allowPublicKeyRetrieval=true&characterEncoding=UTF-8&connectionCollation=utf8mb4_general_ci"
      + "&connectTimeout=3000";

  private final List<String> nodes;
  private final Map<String, String> users;
  private final Map<String, Connection> connections = new HashMap<>();
  private final Map<String, List<ColumnDefinition41>> cache =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<ColumnDefinition41>> eldest) {
          return size() > CACHE_SIZE;
        }
      };

  /** Nodes as {@code host:port}; users are the proxy's (user → password), the same accounts the sessions use. */
  public PrepareMetadata(List<String> nodes, Map<String, String> users) {
    this.nodes = List.copyOf(nodes);
    this.users = Map.copyOf(users);
  }

  /** For a proxy: the nodes of its {@code jdbc:flotilla://h:p[,h:p…]/db} URL and its users. */
  public static PrepareMetadata of(ProxyConfig config) {
    String url = config.jdbcUrl();
    String hosts = url.substring(url.indexOf("//") + 2, url.indexOf('/', url.indexOf("//") + 2));
    return new PrepareMetadata(List.of(hosts.split(",")), config.users());
  }

  /**
   * The columns of {@code sql} prepared in {@code database} as {@code user}: empty for a statement without a result
   * set, null when unknown (the node cannot prepare it, e.g. it names a session's temporary table).
   *
   * @throws SQLException a syntax error (1064), which no session state can cure: the client gets it at prepare, as
   *     from MySQL
   */
  public synchronized List<ColumnDefinition41> columns(String user, String database, String sql) throws SQLException {
    String key = user + '\u0000' + database + '\u0000' + sql;
    List<ColumnDefinition41> known = cache.get(key);
    if (known != null) {
      return known;
    }
    List<ColumnDefinition41> columns;
    try {
      columns = prepare(user, database, sql);
    } catch (SQLException e) {
      if (e.getErrorCode() == ER_PARSE_ERROR) {
        throw e;
      }
      if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
        drop(user); // the node went away: reconnect (possibly elsewhere) next time
      }
      return null; // not cached: the table may exist by the next prepare
    }
    if (columns != null) {
      cache.put(key, columns);
    }
    return columns;
  }

  private List<ColumnDefinition41> prepare(String user, String database, String sql) throws SQLException {
    Connection c = connection(user);
    if (c == null) {
      return null;
    }
    if (database != null && !database.equals(c.getCatalog())) {
      c.setCatalog(database);
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ResultSetMetaData md = ps.getMetaData();
      if (md == null || md.getColumnCount() == 0) {
        return List.of();
      }
      return Collections.unmodifiableList(new ArrayList<>(ResultColumns.of(md).definitions()));
    }
  }

  private Connection connection(String user) {
    Connection c = connections.get(user);
    if (c != null) {
      return c;
    }
    String password = users.get(user);
    for (String node : nodes) {
      try {
        c = DriverManager.getConnection("jdbc:mysql://" + node + "/?" + OPTIONS, user, password);
        connections.put(user, c);
        return c;
      } catch (SQLException e) {
        // try the next node
      }
    }
    return null;
  }

  private void drop(String user) {
    Connection c = connections.remove(user);
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // already broken
      }
    }
  }

  @Override
  public synchronized void close() {
    for (String user : List.copyOf(connections.keySet())) {
      drop(user);
    }
    cache.clear();
  }
}
