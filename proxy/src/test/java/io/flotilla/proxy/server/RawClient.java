package io.flotilla.proxy.server;

import io.flotilla.proxy.protocol.Capabilities;
import io.flotilla.proxy.protocol.HandshakeResponse41;
import io.flotilla.proxy.protocol.HandshakeV10;
import io.flotilla.proxy.protocol.NativePassword;
import io.flotilla.proxy.protocol.PacketFramer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A minimal blocking MySQL protocol client for tests that need to control every byte (bad input, rare commands). */
final class RawClient implements AutoCloseable {
    static final int CAPS = Capabilities.CLIENT_LONG_PASSWORD | Capabilities.CLIENT_PROTOCOL_41
            | Capabilities.CLIENT_SECURE_CONNECTION | Capabilities.CLIENT_PLUGIN_AUTH | Capabilities.CLIENT_TRANSACTIONS
            | Capabilities.CLIENT_MULTI_RESULTS | Capabilities.CLIENT_CONNECT_WITH_DB;

    /** One packet as received. */
    record Packet(int sequenceId, byte[] payload) {
        int header() {
            return payload.length == 0 ? -1 : payload[0] & 0xFF;
        }

        boolean isErr() {
            return header() == 0xFF;
        }

        boolean isOk() {
            return header() == 0x00;
        }

        int errorCode() {
            return (payload[1] & 0xFF) | (payload[2] & 0xFF) << 8;
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    HandshakeV10 handshake;

    RawClient(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
        socket.setSoTimeout(20_000);
        socket.setTcpNoDelay(true);
    }

    /** Speaks over an already connected socket (its timeouts stay as they are). */
    RawClient(Socket socket) throws IOException {
        this.socket = socket;
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Connects and logs in with mysql_native_password; fails the test if the server does not answer OK. */
    static RawClient login(int port, String user, String password, int extraCaps) throws IOException {
        RawClient c = new RawClient(port);
        Packet ok = c.authenticate(user, password, extraCaps);
        if (!ok.isOk()) {
            throw new IllegalStateException("login failed: " + ok.text());
        }
        return c;
    }

    /** Reads the handshake, sends a native-password response, returns the server's answer. */
    Packet authenticate(String user, String password, int extraCaps) throws IOException {
        readHandshake();
        byte[] auth = NativePassword.scramble(password.getBytes(StandardCharsets.UTF_8), handshake.authPluginData());
        HandshakeResponse41 r = new HandshakeResponse41(CAPS | extraCaps, 1 << 24, 45, user, auth, "app",
                NativePassword.PLUGIN_NAME, Map.of());
        ByteBuf b = Unpooled.buffer();
        r.encode(b);
        send(1, bytes(b));
        return read();
    }

    HandshakeV10 readHandshake() throws IOException {
        Packet p = read();
        handshake = HandshakeV10.decode(Unpooled.wrappedBuffer(p.payload()));
        return handshake;
    }

    /** Sends one payload (split into 16 MiB packets as needed) starting at {@code sequenceId}. */
    void send(int sequenceId, byte[] payload) throws IOException {
        ByteBuf framed = Unpooled.buffer(payload.length + 8);
        PacketFramer.frame(Unpooled.wrappedBuffer(payload), sequenceId, framed);
        out.write(bytes(framed));
        out.flush();
    }

    /** Sends raw bytes (headers included), for malformed input. */
    void sendRaw(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    void command(int code, byte[] args) throws IOException {
        byte[] p = new byte[args.length + 1];
        p[0] = (byte) code;
        System.arraycopy(args, 0, p, 1, args.length);
        send(0, p);
    }

    void query(String sql) throws IOException {
        command(0x03, sql.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads one logical payload (joining 16 MiB packets). */
    Packet read() throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        int first = -1;
        while (true) {
            byte[] h = new byte[4];
            in.readFully(h);
            int len = (h[0] & 0xFF) | (h[1] & 0xFF) << 8 | (h[2] & 0xFF) << 16;
            if (first < 0) {
                first = h[3] & 0xFF;
            }
            byte[] body = new byte[len];
            in.readFully(body);
            payload.write(body);
            if (len < PacketFramer.MAX_PACKET_PAYLOAD) {
                return new Packet(first, payload.toByteArray());
            }
        }
    }

    /**
     * Reads one response: an OK/ERR alone, or a whole result set (count, definitions, [EOF], rows, EOF/0xFE OK).
     * Returns every packet of it.
     */
    java.util.List<Packet> readResponse(boolean deprecateEof) throws IOException {
        java.util.List<Packet> out = new java.util.ArrayList<>();
        Packet first = read();
        out.add(first);
        if (first.isOk() || first.isErr() || first.header() == 0xFE) {
            return out;
        }
        int columns = first.payload()[0] & 0xFF;
        for (int i = 0; i < columns; i++) {
            out.add(read());
        }
        if (!deprecateEof) {
            out.add(read()); // EOF after the definitions
        }
        while (true) {
            Packet p = read();
            out.add(p);
            // A row starts with 0xFE only when its first value is 16 MiB or longer, so a shorter 0xFE packet ends rows.
            if (p.isErr() || (p.header() == 0xFE && p.payload().length < (deprecateEof ? 0xFFFFFF : 9))) {
                return out;
            }
        }
    }

    /** The status flags of an OK (0x00 or 0xFE) or EOF packet. */
    static int status(Packet p) {
        byte[] b = p.payload();
        if (p.header() == 0xFE && b.length == 5) {
            return (b[3] & 0xFF) | (b[4] & 0xFF) << 8; // EOF: header, warnings(2), status(2)
        }
        io.netty.buffer.ByteBuf buf = Unpooled.wrappedBuffer(b);
        buf.skipBytes(1);
        io.flotilla.proxy.protocol.Payload.readLenencInt(buf);
        io.flotilla.proxy.protocol.Payload.readLenencInt(buf);
        return io.flotilla.proxy.protocol.Payload.readInt2(buf);
    }

    /** True when the server closed the connection (EOF on read) within the socket timeout. */
    boolean closedByServer() {
        try {
            while (true) {
                read();
            }
        } catch (EOFException | java.net.SocketException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static byte[] bytes(ByteBuf b) {
        byte[] a = new byte[b.readableBytes()];
        b.readBytes(a);
        return a;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
