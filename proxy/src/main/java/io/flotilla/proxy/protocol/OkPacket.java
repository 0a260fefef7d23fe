package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;

/**
 * The OK packet ending a successful command (header 0x00), or a result set when CLIENT_DEPRECATE_EOF is on
 * (header 0xFE).
 *
 * <p>Assumes CLIENT_PROTOCOL_41 and no CLIENT_SESSION_TRACK: the info field is read as string&lt;EOF&gt;, so a proxy
 * using this class must not offer CLIENT_SESSION_TRACK to its peers.
 */
public record OkPacket(int header, long affectedRows, long lastInsertId, int status, int warnings, String info) {
  public static final int HEADER_OK = 0x00;
  /** The header used when this OK replaces the EOF that ends a result set (CLIENT_DEPRECATE_EOF). */
  public static final int HEADER_EOF = 0xFE;

  public OkPacket {
    if (header != HEADER_OK && header != HEADER_EOF) {
      throw new IllegalArgumentException("OK header must be 0x00 or 0xFE");
    }
    info = info == null ? "" : info;
  }

  /** A plain OK (header 0x00). */
  public static OkPacket of(long affectedRows, long lastInsertId, int status, int warnings, String info) {
    return new OkPacket(HEADER_OK, affectedRows, lastInsertId, status, warnings, info);
  }

  public static OkPacket decode(ByteBuf payload) {
    int header = Payload.readInt1(payload);
    if (header != HEADER_OK && header != HEADER_EOF) {
      throw new ProtocolException(String.format("not an OK packet: header 0x%02X", header));
    }
    long affected = Payload.readLenencInt(payload);
    long insertId = Payload.readLenencInt(payload);
    int status = Payload.readInt2(payload);
    int warnings = Payload.readInt2(payload);
    String info = Payload.readEofString(payload);
    return new OkPacket(header, affected, insertId, status, warnings, info);
  }

  public void encode(ByteBuf out) {
    Payload.writeInt1(out, header);
    Payload.writeLenencInt(out, affectedRows);
    Payload.writeLenencInt(out, lastInsertId);
    Payload.writeInt2(out, status);
    Payload.writeInt2(out, warnings);
    Payload.writeEofString(out, info);
  }
}
