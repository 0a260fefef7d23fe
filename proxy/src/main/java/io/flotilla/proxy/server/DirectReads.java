package io.flotilla.proxy.server;

import io.flotilla.jdbc.DirectRead;
import io.flotilla.jdbc.FlotillaConnection;
import io.flotilla.proxy.protocol.PacketFramer;
import io.flotilla.proxy.protocol.ParamType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's forwarded follower reads: when the session's routing sends a plain read to a follower
 * ({@link FlotillaConnection#directRead}), the command goes over this session's own {@link RawBackend} to that
 * follower and the response packets go to the client unchanged, instead of through JDBC and a re-encoding.
 *
 * <p>Anything else (writes, transactions, monotonic reads, long data, a backend that refuses a raw login) returns
 * false and takes the JDBC path; so does a read whose backend failed before any of its answer reached the client.
 */
final class DirectReads implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DirectReads.class);
    private static final int COM_QUERY = 0x03;
    private static final int COM_STMT_EXECUTE = 0x17;
    private static final int EXECUTE_HEADER = 10; // command, statement id, flags, iteration count

    private final ProxySession session;
    private final SessionSink sink;
    private final String password;
    private final Map<String, RawBackend> backends = new HashMap<>(4);
    /** Followers that refused a raw login (auth plugin, capabilities): this session reads them through JDBC. */
    private final Set<String> unsuitable = new HashSet<>(2);
    private final ByteBuf command = Unpooled.buffer(256);
    private final SpinWait spinWait;

    DirectReads(ProxySession session, SessionSink sink, String password, SpinWait spinWait) {
        this.session = session;
        this.sink = sink;
        this.password = password;
        this.spinWait = spinWait;
    }

    /** COM_QUERY with one statement: true when it was forwarded and answered. */
    boolean query(String sql) throws SQLException {
        DirectRead read = session.connection().directRead(sql);
        if (read == null) {
            return false;
        }
        RawBackend b = backend(read);
        if (b == null) {
            return false;
        }
        command.clear();
        command.writeByte(COM_QUERY);
        command.writeCharSequence(sql, StandardCharsets.UTF_8);
        return forward(read, b, command);
    }

    /**
     * COM_STMT_EXECUTE of {@code stmt} ({@code payload} from its command byte, not consumed): true when it was
     * forwarded and answered. The execute is re-addressed to the statement as prepared on the backend, with the
     * parameter types always bound (the backend statement may be new although the client's is not).
     */
    boolean execute(ServerStatement stmt, ByteBuf payload) throws SQLException {
        if (stmt.hasLongData() || !wellFormed(stmt, payload)) {
            return false; // the JDBC path assembles long data, and reports malformed packets
        }
        DirectRead read = session.connection().directRead(stmt.sql);
        if (read == null) {
            return false;
        }
        RawBackend b = backend(read);
        if (b == null) {
            return false;
        }
        RawBackend.PrepareResult result;
        try {
            result = b.prepare(stmt.sql);
        } catch (IOException e) {
            dropBackend(read, b, e);
            return false;
        }
        if (result instanceof RawBackend.ErrPayload err) {
            // The follower refused the statement: that error is the execute's answer, as it would be from JDBC.
            sendErr(err.payload());
            read.completed();
            return true;
        }
        RawBackend.Prepared prepared = (RawBackend.Prepared) result;
        if (prepared.params() != stmt.paramCount) {
            read.abandon(); // the lexer counted differently from the server: let JDBC bind it
            stmt.directUnfit = true;
            return false;
        }
        command.clear();
        command.writeByte(COM_STMT_EXECUTE);
        command.writeIntLE((int) prepared.id());
        command.writeByte(0); // no cursor: the proxy answers every execute with all rows, as its JDBC path does
        command.writeIntLE(1);
        int n = stmt.paramCount;
        if (n > 0) {
            int i = payload.readerIndex() + EXECUTE_HEADER;
            int nulls = (n + 7) / 8;
            command.writeBytes(payload, i, nulls);
            i += nulls;
            boolean bound = payload.getByte(i++) == 1;
            command.writeByte(1);
            if (bound) {
                command.writeBytes(payload, i, 2 * n);
                stmt.boundTypes = types(payload, i, n); // a later execute without types may take the JDBC path
                i += 2 * n;
            } else {
                for (ParamType t : stmt.boundTypes) {
                    command.writeByte(t.type());
                    command.writeByte(t.unsigned() ? 0x80 : 0);
                }
            }
            command.writeBytes(payload, i, payload.writerIndex() - i);
        }
        return forward(read, b, command);
    }

    /** Whether the execute packet has the parts forwarding needs (the JDBC path reports anything else). */
    private static boolean wellFormed(ServerStatement stmt, ByteBuf payload) {
        int n = stmt.paramCount;
        if (stmt.directUnfit || payload.readableBytes() < EXECUTE_HEADER) {
            return false;
        }
        if (n == 0) {
            return payload.readableBytes() == EXECUTE_HEADER;
        }
        int flagAt = payload.readerIndex() + EXECUTE_HEADER + (n + 7) / 8;
        if (payload.writerIndex() <= flagAt) {
            return false;
        }
        int bound = payload.getByte(flagAt);
        if (bound == 1) {
            return payload.writerIndex() >= flagAt + 1 + 2 * n;
        }
        return bound == 0 && stmt.boundTypes != null && stmt.boundTypes.size() == n;
    }

    private static List<ParamType> types(ByteBuf payload, int at, int n) {
        List<ParamType> types = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            types.add(new ParamType(payload.getUnsignedByte(at + 2 * k), (payload.getByte(at + 2 * k + 1) & 0x80) != 0));
        }
        return types;
    }

    /** The session's backend to the read's follower, connected and in the session's state; null: read via JDBC. */
    private RawBackend backend(DirectRead read) {
        String node = read.node();
        if (unsuitable.contains(node)) {
            read.abandon();
            return null;
        }
        RawBackend b = backends.get(node);
        try {
            if (b == null) {
                b = RawBackend.connect(read.address(), session.user(), password, read.catalog(), session.deprecateEof());
                backends.put(node, b);
            }
            if (!sameState(b, read)) {
                read.abandon();
                return null;
            }
            return b;
        } catch (RawBackend.Unsuitable e) {
            LOG.info("session {}: reads on {} go through JDBC: {}", session.connectionId(), node, e.getMessage());
            unsuitable.add(node);
            read.abandon();
            return null;
        } catch (IOException e) {
            if (b != null) {
                dropBackend(read, b, e);
            } else {
                LOG.debug("session {}: cannot connect to {}: {}", session.connectionId(), node, e.toString());
                read.failed();
            }
            return null;
        }
    }

    /** Brings the backend to the session's database and SET statements; false when the server refused one. */
    private boolean sameState(RawBackend b, DirectRead read) throws IOException {
        String db = read.catalog();
        if (db != null && !db.equals(b.database()) && b.initDb(db) != null) {
            return false; // JDBC reports the database problem its own way
        }
        List<String> sets = read.sessionSets();
        if (b.appliedSets() > sets.size()) {
            return false; // cannot happen within one connection; be safe across a reset
        }
        while (b.appliedSets() < sets.size()) {
            if (b.applySet(sets.get(b.appliedSets())) != null) {
                close(read.node()); // half the session's state: never use it again
                return false;
            }
        }
        return true;
    }

    /**
     * Sends the command and relays the whole response. A backend failure before any of the response was flushed to
     * the client undoes what was buffered and returns false (the read is repeated through JDBC elsewhere); after that,
     * the client connection cannot be repaired and is closed.
     */
    private boolean forward(DirectRead read, RawBackend b, ByteBuf cmd) {
        int mark = sink.framedMark();
        long flushes = sink.flushes();
        spinWait.enter();
        try {
            b.send(cmd);
            spinWait.await(b::readable);
            relay(b);
            read.completed();
            return true;
        } catch (IOException e) {
            dropBackend(read, b, e);
            if (sink.flushes() == flushes) {
                sink.framedReset(mark);
                return false;
            }
            throw new TextResults.ClientGone();
        } finally {
            spinWait.exit();
        }
    }

    /** Copies response packets to the client until the response (every result of it) has ended. */
    private void relay(RawBackend b) throws IOException {
        ResponseEnd response = new ResponseEnd(b.deprecateEof());
        while (true) {
            ByteBuf out = sink.framedOut();
            int start = out.writerIndex();
            int length = b.readPacket(out);
            boolean last;
            try {
                last = response.last(out, start + PacketFramer.HEADER_SIZE, length);
            } catch (IllegalStateException e) {
                b.markBroken();
                throw new IOException(e.getMessage(), e);
            }
            sink.framedAppended(out.getUnsignedByte(start + 3) + 1);
            if (last) {
                return;
            }
        }
    }

    private void sendErr(ByteBuf err) {
        try {
            ByteBuf b = sink.buffer();
            b.writeBytes(err);
            sink.send(b);
        } finally {
            err.release();
        }
    }

    private void dropBackend(DirectRead read, RawBackend b, IOException e) {
        LOG.debug("session {}: forwarding to {} failed: {}", session.connectionId(), read.node(), e.toString());
        b.close();
        backends.remove(read.node());
        read.failed();
    }

    private void close(String node) {
        RawBackend b = backends.remove(node);
        if (b != null) {
            b.close();
        }
    }

    /** Closes every backend (session end, or COM_RESET_CONNECTION: the fresh session has none of their state). */
    @Override
    public void close() {
        backends.values().forEach(RawBackend::close);
        backends.clear();
        unsuitable.clear();
    }
}
