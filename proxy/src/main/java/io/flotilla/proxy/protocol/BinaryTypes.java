package io.flotilla.proxy.protocol;

/**
 * How the binary protocol lays out each {@link ColumnType}: which types are a string&lt;lenenc&gt;, a binary
 * date-time or an integer, plus the server-internal type codes a peer may still send.
 */
public final class BinaryTypes {
  /** Server-internal codes that never should, but might, reach the wire; read like DATE, TIMESTAMP, DATETIME, TIME. */
  public static final int NEWDATE = 0x0E;
  public static final int TIMESTAMP2 = 0x11;
  public static final int DATETIME2 = 0x12;
  public static final int TIME2 = 0x13;
  /** Second byte of a COM_STMT_EXECUTE parameter type: the value is unsigned. */
  public static final int PARAM_UNSIGNED = 0x80;

  private BinaryTypes() {}

  /** True for the types whose binary value is a string&lt;lenenc&gt; (strings, blobs, decimals, JSON, BIT, ...). */
  public static boolean isLenenc(int type) {
    return switch (type) {
      case ColumnType.DECIMAL, ColumnType.NEWDECIMAL, ColumnType.VARCHAR, ColumnType.BIT, ColumnType.JSON,
          ColumnType.ENUM, ColumnType.SET, ColumnType.TINY_BLOB, ColumnType.MEDIUM_BLOB, ColumnType.LONG_BLOB,
          ColumnType.BLOB, ColumnType.VAR_STRING, ColumnType.STRING, ColumnType.GEOMETRY -> true;
      default -> false;
    };
  }

  /** True for DATE, DATETIME and TIMESTAMP (and their internal variants), encoded as a binary date-time. */
  public static boolean isDateTime(int type) {
    return type == ColumnType.DATE || type == ColumnType.DATETIME || type == ColumnType.TIMESTAMP || type == NEWDATE
        || type == DATETIME2 || type == TIMESTAMP2;
  }

  /** True for TIME and its internal variant. */
  public static boolean isTime(int type) {
    return type == ColumnType.TIME || type == TIME2;
  }

  /** True for the integer types (TINY, SHORT, INT24, LONG, LONGLONG, YEAR). */
  public static boolean isInteger(int type) {
    return type == ColumnType.TINY || type == ColumnType.SHORT || type == ColumnType.INT24 || type == ColumnType.LONG
        || type == ColumnType.LONGLONG || type == ColumnType.YEAR;
  }
}
