package io.flotilla.proxy.server;

import io.flotilla.proxy.protocol.ComStmtClose;
import io.flotilla.proxy.protocol.ComStmtPrepare;
import io.flotilla.proxy.protocol.ComStmtReset;
import io.flotilla.proxy.protocol.ComStmtSendLongData;
import io.flotilla.proxy.protocol.Command;
import io.flotilla.proxy.protocol.PacketSink;
import io.netty.buffer.ByteBuf;

/** The session's COM_STMT_* handler: decodes each command and hands it to the session's {@link PreparedStatements}. */
public final class BinaryProtocol implements StatementCommands {
  /** Makes the handler of one session; the default of {@link ProxyServer}. */
  public static final StatementCommands.Factory FACTORY = BinaryProtocol::new;

  private final PreparedStatements statements;

  public BinaryProtocol(ProxySession session) {
    this.statements = new PreparedStatements(session::connection, session.capabilities(), session::status);
  }

  @Override
  public void handle(Command command, ByteBuf payload, ProxySession session, PacketSink sink) {
    // The dispatcher has consumed the command byte; the packet decoders read it again to check it.
    payload.readerIndex(payload.readerIndex() - 1);
    switch (command) {
      case COM_STMT_PREPARE -> statements.prepare(ComStmtPrepare.decode(payload), sink);
      case COM_STMT_EXECUTE -> statements.execute(payload, sink);
      case COM_STMT_SEND_LONG_DATA -> statements.sendLongData(ComStmtSendLongData.decode(payload));
      case COM_STMT_CLOSE -> statements.close(ComStmtClose.decode(payload));
      case COM_STMT_RESET -> statements.reset(ComStmtReset.decode(payload), sink);
      default -> throw new IllegalArgumentException("not a prepared-statement command: " + command);
    }
  }

  @Override
  public void reset() {
    statements.close();
  }

  @Override
  public void close() {
    statements.close();
  }
}
