package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;

/** One column of a result set's metadata in the Protocol::ColumnDefinition41 layout. */
public record ColumnDefinition41(
    String schema,
    String table,
    String orgTable,
    String name,
    String orgName,
    int charset,
    long columnLength,
    int type,
    int flags,
    int decimals) {
  /** The catalog is always "def" in MySQL; kept as a constant rather than a field. */
  public static final String CATALOG = "def";
  /** Length of the fixed-size tail, sent as an int&lt;lenenc&gt; marker. */
  public static final int FIXED_LENGTH = 0x0C;

  public static ColumnDefinition41 decode(ByteBuf payload) {
    Payload.readLenencString(payload); // catalog, always "def"; tolerated if not, since nothing depends on it
    String schema = Payload.readLenencString(payload);
    String table = Payload.readLenencString(payload);
    String orgTable = Payload.readLenencString(payload);
    String name = Payload.readLenencString(payload);
    String orgName = Payload.readLenencString(payload);
    long fixed = Payload.readLenencInt(payload);
    if (fixed != FIXED_LENGTH) {
      throw new ProtocolException("column definition fixed-length marker is " + fixed + ", expected 12");
    }
    int charset = Payload.readInt2(payload);
    long length = Integer.toUnsignedLong(Payload.readInt4(payload));
    int type = Payload.readInt1(payload);
    int flags = Payload.readInt2(payload);
    int decimals = Payload.readInt1(payload);
    Payload.skip(payload, 2, "column definition filler");
    return new ColumnDefinition41(schema, table, orgTable, name, orgName, charset, length, type, flags, decimals);
  }

  public void encode(ByteBuf out) {
    Payload.writeLenencString(out, CATALOG);
    Payload.writeLenencString(out, schema);
    Payload.writeLenencString(out, table);
    Payload.writeLenencString(out, orgTable);
    Payload.writeLenencString(out, name);
    Payload.writeLenencString(out, orgName);
    Payload.writeLenencInt(out, FIXED_LENGTH);
    Payload.writeInt2(out, charset);
    Payload.writeInt4(out, (int) columnLength);
    Payload.writeInt1(out, type);
    Payload.writeInt2(out, flags);
    Payload.writeInt1(out, decimals);
    Payload.writeInt2(out, 0);
  }
}
