package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;

/** COM_FIELD_LIST (deprecated but still sent by the mysql/mariadb CLI): 0x04, table string&lt;NUL&gt;, wildcard string&lt;EOF&gt;. */
public record ComFieldList(String table, String wildcard) {
  public static ComFieldList decode(ByteBuf payload) {
    ComInitDb.expect(payload, Command.COM_FIELD_LIST);
    String table = Payload.readNulString(payload);
    return new ComFieldList(table, Payload.readEofString(payload));
  }

  public void encode(ByteBuf out) {
    Payload.writeInt1(out, Command.COM_FIELD_LIST.code());
    Payload.writeNulString(out, table);
    Payload.writeEofString(out, wildcard);
  }
}
