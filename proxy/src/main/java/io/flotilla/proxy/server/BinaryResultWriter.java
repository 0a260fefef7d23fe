package io.flotilla.proxy.server;

import io.flotilla.proxy.protocol.BinaryDateTime;
import io.flotilla.proxy.protocol.BinaryRow;
import io.flotilla.proxy.protocol.BinaryTime;
import io.flotilla.proxy.protocol.BinaryTypes;
import io.flotilla.proxy.protocol.ColumnDefinition41;
import io.flotilla.proxy.protocol.ColumnType;
import io.flotilla.proxy.protocol.EofPacket;
import io.flotilla.proxy.protocol.OkPacket;
import io.flotilla.proxy.protocol.PacketSink;
import io.netty.buffer.ByteBuf;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a JDBC ResultSet as a binary-protocol result set: column count, definitions, [EOF], binary rows, EOF or OK.
 *
 * <p>Each value is read with the getter that matches the type in its column definition, because that type is what
 * the client will decode the bytes as. Temporal values are read as text and re-encoded field by field, so zero dates,
 * negative TIMEs and microseconds survive and no time zone is applied.
 */
final class BinaryResultWriter {
  private BinaryResultWriter() {}

  /** Sends the whole result set; returns its column definitions (for later prepares of the same SQL). */
  static List<ColumnDefinition41> write(ResultSet rs, PacketSink sink, boolean deprecateEof, int status)
      throws SQLException {
    ResultColumns columns = ResultColumns.of(rs.getMetaData());
    List<ColumnDefinition41> defs = columns.definitions();
    // Read the first row before sending anything: an error there must become a clean ERR packet, not a half result.
    boolean more = rs.next();
    List<Object> values = new ArrayList<>(defs.size());
    if (more) {
      readRow(rs, defs, values);
    }
    columns.send(sink);
    if (!deprecateEof) {
      send(sink, new EofPacket(0, status)::encode);
    }
    while (more) {
      ByteBuf row = sink.buffer();
      BinaryRow.encode(row, defs, values);
      sink.send(row);
      more = rs.next();
      if (more) {
        readRow(rs, defs, values);
      }
    }
    if (deprecateEof) {
      send(sink, new OkPacket(OkPacket.HEADER_EOF, 0, 0, status, 0, "")::encode);
    } else {
      send(sink, new EofPacket(0, status)::encode);
    }
    return defs;
  }

  private static void readRow(ResultSet rs, List<ColumnDefinition41> defs, List<Object> values) throws SQLException {
    values.clear();
    for (int i = 0; i < defs.size(); i++) {
      values.add(read(rs, i + 1, defs.get(i)));
    }
  }

  /** One value in the Java form BinaryValue encodes for the column's type, or null for SQL NULL. */
  static Object read(ResultSet rs, int index, ColumnDefinition41 column) throws SQLException {
    int type = column.type();
    Object v;
    if (type == ColumnType.LONGLONG && (column.flags() & ColumnType.FLAG_UNSIGNED) != 0) {
      String s = rs.getString(index); // getLong would reject values above Long.MAX_VALUE
      v = s == null ? null : new BigInteger(s);
    } else if (BinaryTypes.isInteger(type)) {
      v = rs.getLong(index);
    } else if (type == ColumnType.FLOAT) {
      v = rs.getFloat(index);
    } else if (type == ColumnType.DOUBLE) {
      v = rs.getDouble(index);
    } else if (BinaryTypes.isDateTime(type)) {
      String s = rs.getString(index);
      v = s == null ? null : BinaryDateTime.parse(s);
    } else if (BinaryTypes.isTime(type)) {
      String s = rs.getString(index);
      v = s == null ? null : BinaryTime.parse(s);
    } else if (type == ColumnType.NULL) {
      return null;
    } else {
      v = rs.getBytes(index); // strings and decimals as the server's own bytes, in the column's charset
    }
    return rs.wasNull() ? null : v;
  }

  private static void send(PacketSink sink, java.util.function.Consumer<ByteBuf> encoder) {
    ByteBuf b = sink.buffer();
    encoder.accept(b);
    sink.send(b);
  }
}
