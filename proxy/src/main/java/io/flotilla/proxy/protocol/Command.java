package io.flotilla.proxy.protocol;

/** The first byte of a client command packet, naming the command. */
public enum Command {
  COM_QUIT(0x01),
  COM_INIT_DB(0x02),
  COM_QUERY(0x03),
  COM_FIELD_LIST(0x04),
  COM_STATISTICS(0x09),
  COM_PING(0x0E),
  COM_STMT_PREPARE(0x16),
  COM_STMT_EXECUTE(0x17),
  COM_STMT_SEND_LONG_DATA(0x18),
  COM_STMT_CLOSE(0x19),
  COM_STMT_RESET(0x1A),
  COM_SET_OPTION(0x1B),
  COM_RESET_CONNECTION(0x1F);

  private final int code;

  Command(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** Maps a command byte (signed or unsigned) to its command; an unknown byte is a protocol error. */
  public static Command fromByte(int b) {
    int u = b & 0xFF;
    for (Command c : values()) {
      if (c.code == u) {
        return c;
      }
    }
    throw new ProtocolException(String.format("unknown command byte 0x%02X", u));
  }
}
