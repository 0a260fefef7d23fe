package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * COM_STMT_EXECUTE: 0x17, statement id, cursor flags, iteration count, then for a statement with parameters the
 * NULL bitmap, the new-params-bound flag, the parameter types (when bound anew) and the non-NULL values.
 *
 * <p>The packet is not self-describing: decoding needs the statement's parameter count, the types bound by the
 * previous execute (a client re-executing with the same types sends none), and which parameters were sent as
 * COM_STMT_SEND_LONG_DATA (their values are absent here). A value is null both for SQL NULL and for long data.
 */
public record ComStmtExecute(long statementId, int flags, long iterationCount, boolean newParamsBound,
    List<ParamType> types, List<Object> values) {
  /** The statement id MariaDB clients use for "the statement prepared last on this connection" (pipelining). */
  public static final long LAST_PREPARED = 0xFFFFFFFFL;

  public ComStmtExecute {
    if (types.size() != values.size()) {
      throw new IllegalArgumentException(types.size() + " types for " + values.size() + " values");
    }
    types = List.copyOf(types);
    values = Collections.unmodifiableList(new ArrayList<>(values));
  }

  /**
   * Decodes the packet for a statement with {@code paramCount} parameters; {@code previousTypes} (null if none yet)
   * are used when the client does not bind types anew; {@code longData} tells which parameters arrived as long data.
   */
  public static ComStmtExecute decode(ByteBuf payload, int paramCount, List<ParamType> previousTypes,
      IntPredicate longData) {
    Command command = Command.fromByte(Payload.readInt1(payload));
    if (command != Command.COM_STMT_EXECUTE) {
      throw new ProtocolException("not a COM_STMT_EXECUTE packet: " + command);
    }
    long id = Integer.toUnsignedLong(Payload.readInt4(payload));
    int flags = Payload.readInt1(payload);
    long iterations = Integer.toUnsignedLong(Payload.readInt4(payload));
    if (paramCount == 0) {
      if (payload.isReadable()) {
        throw new ProtocolException(payload.readableBytes() + " bytes left after a parameterless COM_STMT_EXECUTE");
      }
      return new ComStmtExecute(id, flags, iterations, false, List.of(), List.of());
    }
    byte[] nulls = Payload.readFixBytes(payload, (paramCount + 7) / 8);
    int bound = Payload.readInt1(payload);
    if (bound > 1) {
      throw new ProtocolException("new-params-bound flag is " + bound + ", not 0 or 1");
    }
    List<ParamType> types;
    if (bound == 1) {
      Payload.need(payload, 2 * paramCount, "parameter types");
      types = new ArrayList<>(paramCount);
      for (int i = 0; i < paramCount; i++) {
        int type = Payload.readInt1(payload);
        int flag = Payload.readInt1(payload);
        types.add(new ParamType(type, (flag & BinaryTypes.PARAM_UNSIGNED) != 0));
      }
    } else if (previousTypes == null || previousTypes.size() != paramCount) {
      throw new ProtocolException("COM_STMT_EXECUTE sends no parameter types and none were bound before");
    } else {
      types = previousTypes;
    }
    List<Object> values = new ArrayList<>(paramCount);
    for (int i = 0; i < paramCount; i++) {
      boolean isNull = (nulls[i >> 3] & (1 << (i & 7))) != 0;
      if (isNull || longData.test(i)) {
        values.add(null);
      } else {
        ParamType t = types.get(i);
        values.add(BinaryValue.decode(payload, t.type(), t.unsigned()));
      }
    }
    if (payload.isReadable()) {
      throw new ProtocolException(payload.readableBytes() + " bytes left after " + paramCount + " parameters");
    }
    return new ComStmtExecute(id, flags, iterations, bound == 1, types, values);
  }

  /** Encodes the packet; parameters for which {@code longData} is true are left out of the values, as clients do. */
  public void encode(ByteBuf out, IntPredicate longData) {
    Payload.writeInt1(out, Command.COM_STMT_EXECUTE.code());
    Payload.writeInt4(out, (int) statementId);
    Payload.writeInt1(out, flags);
    Payload.writeInt4(out, (int) iterationCount);
    int n = values.size();
    if (n == 0) {
      return;
    }
    byte[] nulls = new byte[(n + 7) / 8];
    for (int i = 0; i < n; i++) {
      if (values.get(i) == null && !longData.test(i)) {
        nulls[i >> 3] |= (byte) (1 << (i & 7));
      }
    }
    out.writeBytes(nulls);
    Payload.writeInt1(out, newParamsBound ? 1 : 0);
    if (newParamsBound) {
      for (ParamType t : types) {
        Payload.writeInt1(out, t.type());
        Payload.writeInt1(out, t.unsigned() ? BinaryTypes.PARAM_UNSIGNED : 0);
      }
    }
    for (int i = 0; i < n; i++) {
      if (values.get(i) != null && !longData.test(i)) {
        BinaryValue.encode(out, types.get(i).type(), values.get(i));
      }
    }
  }
}
