package io.flotilla.proxy.server;

import io.flotilla.proxy.protocol.ColumnCount;
import io.flotilla.proxy.protocol.ColumnDefinition41;
import io.flotilla.proxy.protocol.ColumnType;
import io.flotilla.proxy.protocol.PacketSink;
import io.netty.buffer.ByteBuf;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The column definitions of a result set as the proxy sends them: exact MySQL types, collations, flags, lengths and
 * names from Connector/J's metadata ({@code com.mysql.cj.result.Field}) when the backend result came from it, else
 * a mapping from JDBC types.
 */
public record ResultColumns(List<ColumnDefinition41> definitions) {

  public ResultColumns {
    definitions = List.copyOf(definitions);
  }

  /** The columns of a backend result set. */
  public static ResultColumns of(ResultSetMetaData md) throws SQLException {
    if (md.isWrapperFor(com.mysql.cj.jdbc.result.ResultSetMetaData.class)) {
      com.mysql.cj.result.Field[] fields = md.unwrap(com.mysql.cj.jdbc.result.ResultSetMetaData.class).getFields();
      List<ColumnDefinition41> defs = new ArrayList<>(fields.length);
      for (com.mysql.cj.result.Field f : fields) {
        defs.add(fromField(f));
      }
      return new ResultColumns(defs);
    }
    int n = md.getColumnCount();
    List<ColumnDefinition41> defs = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      defs.add(fromJdbc(md, i));
    }
    return new ResultColumns(defs);
  }

  /** Text columns of the proxy's own result sets (utf8mb4, nullable). */
  public static ResultColumns text(String... names) {
    List<ColumnDefinition41> defs = new ArrayList<>(names.length);
    for (String name : names) {
      defs.add(new ColumnDefinition41("", "", "", name, "", ColumnType.UTF8MB4_GENERAL_CI, 1024, ColumnType.VAR_STRING, 0, 0x1F));
    }
    return new ResultColumns(defs);
  }

  static ColumnDefinition41 fromField(com.mysql.cj.result.Field f) {
    return new ColumnDefinition41(nn(f.getDatabaseName()), nn(f.getTableName()), nn(f.getOriginalTableName()),
        nn(f.getName()), nn(f.getOriginalName()), f.getCollationIndex(), f.getLength(), f.getMysqlTypeId(),
        f.getFlags() & 0xFFFF, f.getDecimals());
  }

  /** A best-effort mapping for metadata that is not Connector/J's (not used on the normal path). */
  static ColumnDefinition41 fromJdbc(ResultSetMetaData md, int i) throws SQLException {
    int jdbc = md.getColumnType(i);
    int type;
    boolean binary = true;
    switch (jdbc) {
      case Types.BIT, Types.BOOLEAN -> type = ColumnType.TINY;
      case Types.TINYINT -> type = ColumnType.TINY;
      case Types.SMALLINT -> type = ColumnType.SHORT;
      case Types.INTEGER -> type = ColumnType.LONG;
      case Types.BIGINT -> type = ColumnType.LONGLONG;
      case Types.REAL, Types.FLOAT -> type = ColumnType.FLOAT;
      case Types.DOUBLE -> type = ColumnType.DOUBLE;
      case Types.DECIMAL, Types.NUMERIC -> type = ColumnType.NEWDECIMAL;
      case Types.DATE -> type = ColumnType.DATE;
      case Types.TIME -> type = ColumnType.TIME;
      case Types.TIMESTAMP -> type = ColumnType.DATETIME;
      case Types.BINARY, Types.VARBINARY -> type = ColumnType.VAR_STRING;
      case Types.LONGVARBINARY, Types.BLOB -> type = ColumnType.BLOB;
      case Types.LONGVARCHAR, Types.CLOB -> {
        type = ColumnType.BLOB;
        binary = false;
      }
      default -> {
        type = ColumnType.VAR_STRING;
        binary = false;
      }
    }
    int flags = (md.isNullable(i) == ResultSetMetaData.columnNoNulls ? ColumnType.FLAG_NOT_NULL : 0)
        | (!md.isSigned(i) && isNumeric(type) ? ColumnType.FLAG_UNSIGNED : 0)
        | (binary ? ColumnType.FLAG_BINARY : 0);
    int charset = binary ? ColumnType.BINARY_COLLATION : ColumnType.UTF8MB4_GENERAL_CI;
    return new ColumnDefinition41(nn(md.getCatalogName(i)), nn(md.getTableName(i)), nn(md.getTableName(i)),
        nn(md.getColumnLabel(i)), nn(md.getColumnName(i)), charset, Math.max(0, md.getPrecision(i)), type, flags,
        Math.max(0, md.getScale(i)));
  }

  private static boolean isNumeric(int type) {
    return type == ColumnType.TINY || type == ColumnType.SHORT || type == ColumnType.LONG
        || type == ColumnType.LONGLONG || type == ColumnType.NEWDECIMAL || type == ColumnType.FLOAT
        || type == ColumnType.DOUBLE;
  }

  private static String nn(String s) {
    return s == null ? "" : s;
  }

  public int count() {
    return definitions.size();
  }

  /** Sends the column-count packet followed by one ColumnDefinition41 per column (no EOF; the caller decides). */
  public void send(PacketSink sink) {
    ByteBuf count = sink.buffer();
    new ColumnCount(definitions.size()).encode(count);
    sink.send(count);
    for (ColumnDefinition41 d : definitions) {
      ByteBuf b = sink.buffer();
      d.encode(b);
      sink.send(b);
    }
  }
}
