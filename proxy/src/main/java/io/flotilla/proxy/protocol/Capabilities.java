package io.flotilla.proxy.protocol;

/**
 * The CLIENT_* capability flags and SERVER_STATUS_* flags of the MySQL protocol, with small bit-set helpers.
 *
 * <p>Plain int constants rather than an EnumSet because the wire carries them as one int&lt;4&gt; (or int&lt;2&gt;)
 * bit mask and unknown bits from newer clients must survive a round trip untouched.
 */
public final class Capabilities {
  public static final int CLIENT_LONG_PASSWORD = 0x1;
  public static final int CLIENT_FOUND_ROWS = 0x2;
  public static final int CLIENT_LONG_FLAG = 0x4;
  public static final int CLIENT_CONNECT_WITH_DB = 0x8;
  public static final int CLIENT_NO_SCHEMA = 0x10;
  public static final int CLIENT_COMPRESS = 0x20;
  public static final int CLIENT_ODBC = 0x40;
  public static final int CLIENT_LOCAL_FILES = 0x80;
  public static final int CLIENT_IGNORE_SPACE = 0x100;
  public static final int CLIENT_PROTOCOL_41 = 0x200;
  public static final int CLIENT_INTERACTIVE = 0x400;
  public static final int CLIENT_SSL = 0x800;
  public static final int CLIENT_IGNORE_SIGPIPE = 0x1000;
  public static final int CLIENT_TRANSACTIONS = 0x2000;
  public static final int CLIENT_RESERVED = 0x4000;
  public static final int CLIENT_SECURE_CONNECTION = 0x8000;
  public static final int CLIENT_MULTI_STATEMENTS = 0x10000;
  public static final int CLIENT_MULTI_RESULTS = 0x20000;
  public static final int CLIENT_PS_MULTI_RESULTS = 0x40000;
  public static final int CLIENT_PLUGIN_AUTH = 0x80000;
  public static final int CLIENT_CONNECT_ATTRS = 0x100000;
  public static final int CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA = 0x200000;
  public static final int CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS = 0x400000;
  public static final int CLIENT_SESSION_TRACK = 0x800000;
  public static final int CLIENT_DEPRECATE_EOF = 0x1000000;

  public static final int SERVER_STATUS_IN_TRANS = 0x1;
  public static final int SERVER_STATUS_AUTOCOMMIT = 0x2;
  public static final int SERVER_MORE_RESULTS_EXISTS = 0x8;
  public static final int SERVER_STATUS_NO_GOOD_INDEX_USED = 0x10;
  public static final int SERVER_STATUS_NO_INDEX_USED = 0x20;
  public static final int SERVER_STATUS_CURSOR_EXISTS = 0x40;
  public static final int SERVER_STATUS_LAST_ROW_SENT = 0x80;
  public static final int SERVER_STATUS_DB_DROPPED = 0x100;
  public static final int SERVER_STATUS_NO_BACKSLASH_ESCAPES = 0x200;
  public static final int SERVER_STATUS_METADATA_CHANGED = 0x400;
  public static final int SERVER_QUERY_WAS_SLOW = 0x800;
  public static final int SERVER_PS_OUT_PARAMS = 0x1000;
  public static final int SERVER_STATUS_IN_TRANS_READONLY = 0x2000;
  public static final int SERVER_SESSION_STATE_CHANGED = 0x4000;

  private Capabilities() {}

  /** True when every bit of {@code flag} is set in {@code flags}. */
  public static boolean has(int flags, int flag) {
    return (flags & flag) == flag;
  }
}
