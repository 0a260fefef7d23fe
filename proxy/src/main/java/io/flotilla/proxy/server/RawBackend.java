package io.flotilla.proxy.server;

import io.flotilla.proxy.protocol.AuthSwitchRequest;
import io.flotilla.proxy.protocol.Capabilities;
import io.flotilla.proxy.protocol.ErrPacket;
import io.flotilla.proxy.protocol.HandshakeResponse41;
import io.flotilla.proxy.protocol.HandshakeV10;
import io.flotilla.proxy.protocol.NativePassword;
import io.flotilla.proxy.protocol.PacketFramer;
import io.flotilla.routing.config.HostPort;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One plain MySQL-protocol connection from the proxy to a follower, over which follower reads are forwarded byte for
 * byte: the command goes out as the client sent it (a prepared statement's id translated) and the response packets
 * go back to the client unchanged, which is what makes a forwarded read cost little more than a byte relay.
 *
 * <p>Blocking and single-threaded: it belongs to one client session, whose thread runs every exchange.
 */
final class RawBackend implements AutoCloseable {
    /** The answer to a prepare on this backend. */
    sealed interface PrepareResult permits Prepared, ErrPayload {}

    /** What a statement prepared on this backend is: its id here and its parameter count. */
    record Prepared(long id, int params) implements PrepareResult {}

    /** An ERR payload the server sent (the caller forwards it). */
    record ErrPayload(ByteBuf payload) implements PrepareResult {}

    /** The backend refused something the proxy needs (an auth plugin, a capability): read through JDBC instead. */
    static final class Unsuitable extends IOException {
        Unsuitable(String message) {
            super(message);
        }
    }

    private static final int CONNECT_TIMEOUT_MS = 2000;
    /** utf8mb4_general_ci: the character set the proxy's JDBC path answers in, so both paths answer alike. */
    private static final int CHARSET = 45;
    private static final int MAX_PREPARED = 256;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int capabilities;
    private final byte[] header = new byte[PacketFramer.HEADER_SIZE];
    private final Map<String, Prepared> prepared = new HashMap<>();
    /** Scratch for commands and for responses the proxy reads itself (handshake, prepare, INIT_DB). */
    private final ByteBuf scratch = Unpooled.buffer(256);
    /** The framed bytes of the command being sent (reused: a point select sends one per read). */
    private final ByteBuf framed = Unpooled.buffer(256);
    private String database;
    private int appliedSets;
    private boolean broken;

    private RawBackend(Socket socket, int capabilities) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = socket.getOutputStream();
        this.capabilities = capabilities;
    }

    /**
     * Connects and logs in with mysql_native_password as {@code user}, with {@code database} as default database.
     *
     * @param deprecateEof whether results must end with OK instead of EOF packets, as the client negotiated
     * @throws Unsuitable when the server needs another auth plugin or lacks a capability the client's results need
     */
    static RawBackend connect(HostPort address, String user, String password, String database, boolean deprecateEof)
            throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(address.host(), address.port()), CONNECT_TIMEOUT_MS);
            int caps = Capabilities.CLIENT_LONG_PASSWORD | Capabilities.CLIENT_LONG_FLAG | Capabilities.CLIENT_PROTOCOL_41
                    | Capabilities.CLIENT_TRANSACTIONS | Capabilities.CLIENT_SECURE_CONNECTION | Capabilities.CLIENT_MULTI_RESULTS
                    | Capabilities.CLIENT_PS_MULTI_RESULTS | Capabilities.CLIENT_PLUGIN_AUTH
                    | (deprecateEof ? Capabilities.CLIENT_DEPRECATE_EOF : 0)
                    | (database != null && !database.isEmpty() ? Capabilities.CLIENT_CONNECT_WITH_DB : 0);
            RawBackend b = new RawBackend(s, caps);
            b.login(user, password, database);
            return b;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void login(String user, String password, String db) throws IOException {
        HandshakeV10 hello = HandshakeV10.decode(readOwn());
        // Bit 0 is CLIENT_LONG_PASSWORD to MySQL but "not MariaDB" to MariaDB servers, which leave it unset.
        int needed = capabilities & ~Capabilities.CLIENT_LONG_PASSWORD;
        if ((hello.capabilities() & needed) != needed) {
            throw new Unsuitable("the backend lacks capabilities 0x" + Integer.toHexString(needed & ~hello.capabilities()));
        }
        byte[] pw = password == null ? new byte[0] : password.getBytes(StandardCharsets.UTF_8);
        String plugin = NativePassword.PLUGIN_NAME;
        byte[] auth = pw.length == 0 ? new byte[0] : NativePassword.scramble(pw, hello.authPluginData());
        scratch.clear();
        new HandshakeResponse41(capabilities, PacketFramer.MAX_PACKET_PAYLOAD, CHARSET, user, auth, db, plugin, Map.of())
                .encode(scratch);
        write(scratch, 1);
        ByteBuf reply = readOwn();
        int first = reply.getUnsignedByte(reply.readerIndex());
        if (first == AuthSwitchRequest.HEADER) {
            AuthSwitchRequest sw = AuthSwitchRequest.decode(reply);
            if (!NativePassword.PLUGIN_NAME.equals(sw.pluginName())) {
                throw new Unsuitable("the backend asks for auth plugin " + sw.pluginName());
            }
            scratch.clear();
            scratch.writeBytes(pw.length == 0 ? new byte[0] : NativePassword.scramble(pw, sw.pluginData()));
            write(scratch, 3);
            reply = readOwn();
            first = reply.getUnsignedByte(reply.readerIndex());
        }
        if (first != 0) {
            throw new Unsuitable("the backend refused the login: " + describe(reply));
        }
        database = db;
    }

    /** The default database this connection has now. */
    String database() {
        return database;
    }

    /** How many of the session's SET statements this connection has run. */
    int appliedSets() {
        return appliedSets;
    }

    boolean broken() {
        return broken;
    }

    /** Runs COM_INIT_DB; null on success, else the server's ERR payload (a copy). */
    ByteBuf initDb(String db) throws IOException {
        ByteBuf err = sessionCommand(0x02, db);
        if (err == null) {
            database = db;
        }
        return err;
    }

    /** Runs one of the session's SET statements (text protocol, OK expected); null on success, else the ERR payload. */
    ByteBuf applySet(String sql) throws IOException {
        ByteBuf err = sessionCommand(0x03, sql);
        if (err == null) {
            appliedSets++;
        }
        return err;
    }

    /** Sends a command with a text argument whose answer is an OK or an ERR. */
    private ByteBuf sessionCommand(int code, String text) throws IOException {
        scratch.clear();
        scratch.writeByte(code);
        scratch.writeCharSequence(text, StandardCharsets.UTF_8);
        return exchangeOk(scratch);
    }

    private ByteBuf exchangeOk(ByteBuf command) throws IOException {
        write(command, 0);
        ByteBuf reply = readOwn();
        int first = reply.getUnsignedByte(reply.readerIndex());
        if (first == 0) {
            return null;
        }
        if (first == ErrPacket.HEADER) {
            return reply.copy();
        }
        broken = true; // a result set where an OK belongs: this connection's state is no longer known
        throw new IOException("unexpected response 0x" + Integer.toHexString(first) + " to a session command");
    }

    /**
     * The statement prepared on this backend for {@code sql}, preparing it now if needed; an {@link ErrPayload} when
     * the server refused the prepare (its ERR goes to the client as the execute's answer).
     */
    PrepareResult prepare(String sql) throws IOException {
        Prepared p = prepared.get(sql);
        if (p != null) {
            return p;
        }
        if (prepared.size() >= MAX_PREPARED) {
            closeAllStatements();
        }
        scratch.clear();
        scratch.writeByte(0x16);
        scratch.writeCharSequence(sql, StandardCharsets.UTF_8);
        write(scratch, 0);
        ByteBuf reply = readOwn();
        if (reply.getUnsignedByte(reply.readerIndex()) == ErrPacket.HEADER) {
            return new ErrPayload(reply.copy());
        }
        reply.skipBytes(1);
        long id = Integer.toUnsignedLong(reply.readIntLE());
        int columns = reply.readUnsignedShortLE();
        int params = reply.readUnsignedShortLE();
        // Parameter and column definitions follow, each block closed by an EOF unless CLIENT_DEPRECATE_EOF.
        int eofs = (deprecateEof() ? 0 : (params > 0 ? 1 : 0) + (columns > 0 ? 1 : 0));
        for (int i = params + columns + eofs; i > 0; i--) {
            readOwn();
        }
        p = new Prepared(id, params);
        prepared.put(sql, p);
        return p;
    }

    private void closeAllStatements() throws IOException {
        for (Prepared p : prepared.values()) {
            scratch.clear();
            scratch.writeByte(0x19); // COM_STMT_CLOSE: no response
            scratch.writeIntLE((int) p.id());
            write(scratch, 0);
        }
        prepared.clear();
    }

    boolean deprecateEof() {
        return Capabilities.has(capabilities, Capabilities.CLIENT_DEPRECATE_EOF);
    }

    /** Sends one command payload (sequence id 0); its response follows through {@link #readPacket}. */
    void send(ByteBuf command) throws IOException {
        write(command, 0);
    }

    /** Whether a read would return data without blocking (buffered, or arrived on the socket). */
    boolean readable() throws IOException {
        return in.available() > 0;
    }

    /**
     * Reads the next packet, header included, onto the end of {@code target} and returns its payload length; the
     * payload starts 4 bytes after {@code target}'s writer index before the call.
     */
    int readPacket(ByteBuf target) throws IOException {
        readFully(header, 4);
        int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
        target.ensureWritable(PacketFramer.HEADER_SIZE + length);
        target.writeBytes(header);
        for (int left = length; left > 0; ) {
            int n = target.writeBytes(in, left);
            if (n < 0) {
                throw eof();
            }
            left -= n;
        }
        return length;
    }

    /** Marks the connection unusable (a response was not read to its end): it is closed, not reused. */
    void markBroken() {
        broken = true;
    }

    private ByteBuf readOwn() throws IOException {
        scratch.clear();
        int length = readPacket(scratch);
        if (length >= PacketFramer.MAX_PACKET_PAYLOAD) {
            broken = true;
            throw new IOException("unexpected multi-packet payload in a session command's response");
        }
        return scratch.skipBytes(PacketFramer.HEADER_SIZE);
    }

    private void write(ByteBuf payload, int sequenceId) throws IOException {
        framed.clear();
        PacketFramer.frame(payload, sequenceId, framed);
        out.write(framed.array(), framed.arrayOffset() + framed.readerIndex(), framed.readableBytes());
        out.flush();
    }

    private void readFully(byte[] b, int n) throws IOException {
        for (int off = 0; off < n; ) {
            int r = in.read(b, off, n - off);
            if (r < 0) {
                throw eof();
            }
            off += r;
        }
    }

    private EOFException eof() {
        broken = true;
        return new EOFException("the backend closed the connection");
    }

    private static String describe(ByteBuf reply) {
        if (reply.getUnsignedByte(reply.readerIndex()) == ErrPacket.HEADER) {
            ErrPacket e = ErrPacket.decode(reply);
            return e.errorCode() + " (" + e.sqlState() + ") " + e.message();
        }
        return "packet 0x" + Integer.toHexString(reply.getUnsignedByte(reply.readerIndex()));
    }

    @Override
    public void close() {
        broken = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }
}
