package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;

/** COM_SET_OPTION: 0x1B and int&lt;2&gt; option (0 = MULTI_STATEMENTS_ON, 1 = MULTI_STATEMENTS_OFF). */
public record ComSetOption(int option) {
  public static final int MULTI_STATEMENTS_ON = 0;
  public static final int MULTI_STATEMENTS_OFF = 1;

  public static ComSetOption decode(ByteBuf payload) {
    ComInitDb.expect(payload, Command.COM_SET_OPTION);
    int option = Payload.readInt2(payload);
    if (payload.isReadable()) {
      throw new ProtocolException("COM_SET_OPTION has " + payload.readableBytes() + " trailing bytes");
    }
    return new ComSetOption(option);
  }

  public void encode(ByteBuf out) {
    Payload.writeInt1(out, Command.COM_SET_OPTION.code());
    Payload.writeInt2(out, option);
  }
}
