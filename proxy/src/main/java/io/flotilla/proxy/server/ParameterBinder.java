package io.flotilla.proxy.server;

import io.flotilla.proxy.protocol.BinaryDateTime;
import io.flotilla.proxy.protocol.BinaryTime;
import io.flotilla.proxy.protocol.BinaryTypes;
import io.flotilla.proxy.protocol.ColumnType;
import io.flotilla.proxy.protocol.ParamType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Binds decoded COM_STMT_EXECUTE parameters to a JDBC PreparedStatement with the setter that matches each MySQL
 * type, so the value reaches the backend (and Flotilla's log) as the same SQL value the client meant.
 *
 * <p>Dates and times are bound as their MySQL text: it is exact (microseconds, zero dates, negative or 100+ hour
 * TIMEs) and independent of JVM and session time zones, which java.sql.Timestamp is not.
 */
final class ParameterBinder {
  private ParameterBinder() {}

  static void bind(PreparedStatement ps, ServerStatement stmt, List<ParamType> types, List<Object> values)
      throws SQLException {
    ps.clearParameters();
    for (int i = 0; i < values.size(); i++) {
      int index = i + 1;
      if (stmt.hasLongData(i)) {
        bindBytesOrText(ps, index, types.get(i).type(), stmt.longData(i));
        continue;
      }
      Object v = values.get(i);
      if (v == null) {
        ps.setNull(index, Types.NULL);
        continue;
      }
      int type = types.get(i).type();
      if (BinaryTypes.isInteger(type)) {
        if (v instanceof BigInteger big) {
          ps.setBigDecimal(index, new BigDecimal(big)); // BIGINT UNSIGNED above Long.MAX_VALUE
        } else {
          ps.setLong(index, (Long) v);
        }
      } else if (type == ColumnType.FLOAT) {
        ps.setFloat(index, (Float) v);
      } else if (type == ColumnType.DOUBLE) {
        ps.setDouble(index, (Double) v);
      } else if (type == ColumnType.DECIMAL || type == ColumnType.NEWDECIMAL) {
        bindDecimal(ps, index, (byte[]) v);
      } else if (v instanceof BinaryDateTime dt) {
        ps.setString(index, type == ColumnType.DATE ? dt.toDateString() : dt.toString());
      } else if (v instanceof BinaryTime t) {
        ps.setString(index, t.toString());
      } else if (v instanceof byte[] bytes) {
        bindBytesOrText(ps, index, type, bytes);
      } else {
        throw new SQLException("unsupported parameter type " + type, "HY000", 1210);
      }
    }
  }

  /**
   * Blob-typed parameters stay bytes. String-typed ones are text when they are valid UTF-8 (the proxy talks utf8mb4
   * to clients), so comparisons keep the column's collation; anything else is bytes, since clients (Connector/J's
   * setBytes among them) also send binary data as a string type and the server never decodes it either.
   */
  private static void bindBytesOrText(PreparedStatement ps, int index, int type, byte[] bytes) throws SQLException {
    boolean binary = type == ColumnType.TINY_BLOB || type == ColumnType.MEDIUM_BLOB || type == ColumnType.LONG_BLOB
        || type == ColumnType.BLOB || type == ColumnType.GEOMETRY || type == ColumnType.BIT;
    String text = binary ? null : utf8(bytes);
    if (text == null) {
      ps.setBytes(index, bytes);
    } else {
      ps.setString(index, text);
    }
  }

  /** The bytes as text if they are well-formed UTF-8, else null. */
  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static void bindDecimal(PreparedStatement ps, int index, byte[] text) throws SQLException {
    String s = new String(text, StandardCharsets.US_ASCII);
    try {
      ps.setBigDecimal(index, new BigDecimal(s));
    } catch (NumberFormatException e) {
      ps.setString(index, s); // let the server judge (and report) a malformed decimal, as it would unproxied
    }
  }
}
