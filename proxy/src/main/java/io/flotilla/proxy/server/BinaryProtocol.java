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
  private final PreparedStatements statements;

  /** A session's handler; {@code metadata} (may be null) tells result columns at prepare. */
  public BinaryProtocol(ProxySession session, PrepareMetadata metadata) {
    PreparedStatements.ColumnProbe probe = metadata == null ? sql -> null
        : sql -> metadata.columns(session.user(), database(session), sql);
    this.statements = new PreparedStatements(session::connection, session.capabilities(), session::status, probe);
    statements.directReads(session.directReads());
  }

  /** The handler factory of a proxy, owning the proxy-wide {@link PrepareMetadata}; close it with the proxy. */
  public static Factory factory(ProxyConfig config) {
    return new Factory(PrepareMetadata.of(config));
  }

  /** Makes every session's handler over one shared {@link PrepareMetadata}. */
  public static final class Factory implements StatementCommands.Factory, AutoCloseable {
    private final PrepareMetadata metadata;

    Factory(PrepareMetadata metadata) {
      this.metadata = metadata;
    }

    @Override
    public StatementCommands create(ProxySession session) {
      return new BinaryProtocol(session, metadata);
    }

    @Override
    public void close() {
      metadata.close();
    }
  }

  private static String database(ProxySession session) {
    try {
      return session.connection().getCatalog();
    } catch (java.sql.SQLException e) {
      return null;
    }
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
