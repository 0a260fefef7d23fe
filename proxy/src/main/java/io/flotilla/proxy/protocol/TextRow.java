package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A row of a text-protocol result set: each value a string&lt;lenenc&gt;, or the single byte 0xFB for SQL NULL.
 *
 * <p>Values stay raw bytes (null for SQL NULL) because the text encoding depends on each column's charset.
 */
public record TextRow(List<byte[]> values) {
  public TextRow {
    values = Collections.unmodifiableList(new ArrayList<>(values));
  }

  /** Builds a row from UTF-8 strings; a null element is SQL NULL. */
  public static TextRow ofStrings(String... values) {
    List<byte[]> raw = new ArrayList<>(values.length);
    for (String v : values) {
      raw.add(v == null ? null : v.getBytes(StandardCharsets.UTF_8));
    }
    return new TextRow(raw);
  }

  /** Decodes exactly {@code columnCount} values; leftover bytes mean the column count is wrong. */
  public static TextRow decode(ByteBuf payload, int columnCount) {
    List<byte[]> values = new ArrayList<>(Math.min(columnCount, 4096));
    for (int i = 0; i < columnCount; i++) {
      if (Payload.peekNull(payload)) {
        payload.skipBytes(1);
        values.add(null);
      } else {
        values.add(Payload.readLenencBytes(payload));
      }
    }
    if (payload.isReadable()) {
      throw new ProtocolException(payload.readableBytes() + " bytes left after " + columnCount + " row values");
    }
    return new TextRow(values);
  }

  /** The value as UTF-8 text, or null for SQL NULL. */
  public String string(int column) {
    byte[] v = values.get(column);
    return v == null ? null : new String(v, StandardCharsets.UTF_8);
  }

  public void encode(ByteBuf out) {
    for (byte[] v : values) {
      if (v == null) {
        Payload.writeInt1(out, Payload.LENENC_NULL);
      } else {
        Payload.writeLenencBytes(out, v);
      }
    }
  }
}
