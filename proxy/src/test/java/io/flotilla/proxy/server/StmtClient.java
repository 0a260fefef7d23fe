package io.flotilla.proxy.server;

import io.flotilla.proxy.protocol.BinaryRow;
import io.flotilla.proxy.protocol.ColumnCount;
import io.flotilla.proxy.protocol.ColumnDefinition41;
import io.flotilla.proxy.protocol.ComStmtExecute;
import io.flotilla.proxy.protocol.ComStmtPrepare;
import io.flotilla.proxy.protocol.EofPacket;
import io.flotilla.proxy.protocol.ErrPacket;
import io.flotilla.proxy.protocol.OkPacket;
import io.flotilla.proxy.protocol.PacketSink;
import io.flotilla.proxy.protocol.ParamType;
import io.flotilla.proxy.protocol.StmtPrepareOk;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Test client for {@link PreparedStatements}: encodes commands as a MySQL client would, captures the payloads the
 * component writes, and decodes them back into prepare, OK, ERR and binary result-set responses.
 */
final class StmtClient implements PacketSink {
  final List<ByteBuf> sent = new ArrayList<>();
  final boolean deprecateEof;

  StmtClient(boolean deprecateEof) {
    this.deprecateEof = deprecateEof;
  }

  @Override
  public ByteBuf buffer() {
    return Unpooled.buffer();
  }

  @Override
  public void send(ByteBuf payload) {
    sent.add(payload);
  }

  /** A decoded prepare response: the OK packet and the definitions that followed it. */
  record Prepared(StmtPrepareOk ok, List<ColumnDefinition41> params, List<ColumnDefinition41> columns) {}

  /** A decoded execute response: exactly one of ok, err, or (columns, rows) is set. */
  record Result(OkPacket ok, ErrPacket err, List<ColumnDefinition41> columns, List<BinaryRow> rows, int packets) {}

  Prepared prepare(PreparedStatements ps, String sql) {
    sent.clear();
    ps.prepare(new ComStmtPrepare(sql), this);
    int i = 0;
    if (sent.get(0).getUnsignedByte(0) == ErrPacket.HEADER) {
      ErrPacket err = ErrPacket.decode(sent.get(0));
      throw new AssertionError("prepare failed: " + err);
    }
    StmtPrepareOk ok = StmtPrepareOk.decode(sent.get(i++));
    List<ColumnDefinition41> params = new ArrayList<>();
    for (int p = 0; p < ok.paramCount(); p++) {
      params.add(ColumnDefinition41.decode(sent.get(i++)));
    }
    if (ok.paramCount() > 0 && !deprecateEof) {
      EofPacket.decode(sent.get(i++));
    }
    List<ColumnDefinition41> columns = new ArrayList<>();
    for (int c = 0; c < ok.columnCount(); c++) {
      columns.add(ColumnDefinition41.decode(sent.get(i++)));
    }
    if (ok.columnCount() > 0 && !deprecateEof) {
      EofPacket.decode(sent.get(i++));
    }
    if (i != sent.size()) {
      throw new AssertionError((sent.size() - i) + " unexpected packets after the prepare response");
    }
    return new Prepared(ok, params, columns);
  }

  Result execute(PreparedStatements ps, long id, List<ParamType> types, List<Object> values, boolean bindTypes) {
    ByteBuf packet = Unpooled.buffer();
    new ComStmtExecute(id, 0, 1, bindTypes, types, values).encode(packet, i -> false);
    return executeRaw(ps, packet);
  }

  Result executeRaw(PreparedStatements ps, ByteBuf packet) {
    sent.clear();
    ps.execute(packet, this);
    return decodeResult();
  }

  Result decodeResult() {
    ByteBuf first = sent.get(0);
    int header = first.getUnsignedByte(0);
    if (header == ErrPacket.HEADER) {
      return new Result(null, ErrPacket.decode(first), null, null, sent.size());
    }
    if (header == OkPacket.HEADER_OK) {
      return new Result(OkPacket.decode(first), null, null, null, sent.size());
    }
    int n = (int) ColumnCount.decode(first).count();
    int i = 1;
    List<ColumnDefinition41> columns = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      columns.add(ColumnDefinition41.decode(sent.get(i++)));
    }
    if (!deprecateEof) {
      EofPacket.decode(sent.get(i++));
    }
    List<BinaryRow> rows = new ArrayList<>();
    while (sent.get(i).getUnsignedByte(0) == BinaryRow.HEADER) {
      rows.add(BinaryRow.decode(sent.get(i++), columns));
    }
    if (sent.get(i).getUnsignedByte(0) == ErrPacket.HEADER) {
      throw new AssertionError("error inside a result set: " + ErrPacket.decode(sent.get(i)));
    }
    if (deprecateEof) {
      OkPacket end = OkPacket.decode(sent.get(i++));
      if (end.header() != OkPacket.HEADER_EOF) {
        throw new AssertionError("result set must end with an 0xFE OK");
      }
    } else {
      EofPacket.decode(sent.get(i++));
    }
    if (i != sent.size()) {
      throw new AssertionError((sent.size() - i) + " unexpected packets after the result set");
    }
    return new Result(null, null, columns, rows, sent.size());
  }
}
