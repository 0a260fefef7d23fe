package io.flotilla.proxy.protocol;

/**
 * The MYSQL_TYPE_* column/parameter type codes and the column-definition flags the binary protocol depends on.
 *
 * <p>Plain int constants because the wire carries the type as one byte and unknown codes must pass through.
 */
public final class FieldType {
  public static final int DECIMAL = 0x00;
  public static final int TINY = 0x01;
  public static final int SHORT = 0x02;
  public static final int LONG = 0x03;
  public static final int FLOAT = 0x04;
  public static final int DOUBLE = 0x05;
  public static final int NULL = 0x06;
  public static final int TIMESTAMP = 0x07;
  public static final int LONGLONG = 0x08;
  public static final int INT24 = 0x09;
  public static final int DATE = 0x0A;
  public static final int TIME = 0x0B;
  public static final int DATETIME = 0x0C;
  public static final int YEAR = 0x0D;
  public static final int NEWDATE = 0x0E;
  public static final int VARCHAR = 0x0F;
  public static final int BIT = 0x10;
  public static final int TIMESTAMP2 = 0x11;
  public static final int DATETIME2 = 0x12;
  public static final int TIME2 = 0x13;
  public static final int JSON = 0xF5;
  public static final int NEWDECIMAL = 0xF6;
  public static final int ENUM = 0xF7;
  public static final int SET = 0xF8;
  public static final int TINY_BLOB = 0xF9;
  public static final int MEDIUM_BLOB = 0xFA;
  public static final int LONG_BLOB = 0xFB;
  public static final int BLOB = 0xFC;
  public static final int VAR_STRING = 0xFD;
  public static final int STRING = 0xFE;
  public static final int GEOMETRY = 0xFF;

  /** Column flag: the column is NOT NULL. */
  public static final int NOT_NULL_FLAG = 0x1;
  /** Column flag: the integer column is UNSIGNED (also the 0x80 byte of a parameter type, shifted). */
  public static final int UNSIGNED_FLAG = 0x20;
  /** Column flag: binary collation / binary string. */
  public static final int BINARY_FLAG = 0x80;
  /** Second byte of a COM_STMT_EXECUTE parameter type: the value is unsigned. */
  public static final int PARAM_UNSIGNED = 0x80;

  private FieldType() {}

  /** True for the types whose binary value is a string&lt;lenenc&gt; (strings, blobs, decimals, JSON, BIT, ...). */
  public static boolean isLenenc(int type) {
    return switch (type) {
      case DECIMAL, NEWDECIMAL, VARCHAR, BIT, JSON, ENUM, SET, TINY_BLOB, MEDIUM_BLOB, LONG_BLOB, BLOB, VAR_STRING,
          STRING, GEOMETRY -> true;
      default -> false;
    };
  }

  /** True for DATE, DATETIME and TIMESTAMP (and their internal variants), encoded as a binary date-time. */
  public static boolean isDateTime(int type) {
    return type == DATE || type == DATETIME || type == TIMESTAMP || type == NEWDATE || type == DATETIME2
        || type == TIMESTAMP2;
  }

  /** True for the integer types (TINY, SHORT, INT24, LONG, LONGLONG, YEAR). */
  public static boolean isInteger(int type) {
    return type == TINY || type == SHORT || type == INT24 || type == LONG || type == LONGLONG || type == YEAR;
  }
}
