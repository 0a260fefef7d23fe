package io.flotilla.proxy.server;

import io.flotilla.jdbc.FlotillaConnection;
import io.flotilla.proxy.protocol.AuthMoreData;
import io.flotilla.proxy.protocol.AuthSwitchRequest;
import io.flotilla.proxy.protocol.CachingSha2Password;
import io.flotilla.proxy.protocol.Capabilities;
import io.flotilla.proxy.protocol.ErrPacket;
import io.flotilla.proxy.protocol.HandshakeResponse41;
import io.flotilla.proxy.protocol.HandshakeV10;
import io.flotilla.proxy.protocol.NativePassword;
import io.flotilla.proxy.protocol.ProtocolException;
import io.flotilla.proxy.protocol.SslRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: the connection-phase state machine ({@link Phase}: handshake, optional TLS, auth with
 * mysql_native_password or caching_sha2_password, auth switch) and then the command phase. Runs on the session's
 * own executor thread, never the event loop, because opening and using the Flotilla connection blocks.
 */
final class ClientSession extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** utf8mb4_general_ci: the handshake's server character set. */
    private static final int CHARSET = 45;

    private final ServerContext server;
    private final long connectionId;
    private Phase phase = Phase.HANDSHAKE_SENT;
    private SessionSink sink;
    private byte[] seed;
    private HandshakeResponse41 response;
    private String authPlugin;
    private CommandDispatcher dispatcher;
    private boolean counted;
    /** Set once, by whichever comes first: authentication or the connect timeout (which then disconnects). */
    private final AtomicBoolean loggedIn = new AtomicBoolean();
    private Future<?> connectDeadline;
    private IdleTimeout idle;

    ClientSession(ServerContext server, long connectionId) {
        this.server = server;
        this.connectionId = connectionId;
    }

    static int serverCapabilities(boolean tls) {
        int caps = Capabilities.CLIENT_LONG_PASSWORD | Capabilities.CLIENT_FOUND_ROWS | Capabilities.CLIENT_LONG_FLAG
                | Capabilities.CLIENT_CONNECT_WITH_DB | Capabilities.CLIENT_IGNORE_SPACE | Capabilities.CLIENT_PROTOCOL_41
                | Capabilities.CLIENT_INTERACTIVE | Capabilities.CLIENT_IGNORE_SIGPIPE | Capabilities.CLIENT_TRANSACTIONS
                | Capabilities.CLIENT_RESERVED | Capabilities.CLIENT_SECURE_CONNECTION | Capabilities.CLIENT_MULTI_STATEMENTS
                | Capabilities.CLIENT_MULTI_RESULTS | Capabilities.CLIENT_PS_MULTI_RESULTS | Capabilities.CLIENT_PLUGIN_AUTH
                | Capabilities.CLIENT_CONNECT_ATTRS | Capabilities.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA
                | Capabilities.CLIENT_DEPRECATE_EOF;
        return tls ? caps | Capabilities.CLIENT_SSL : caps;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        sink = new SessionSink(ctx.channel());
        if (!server.admit()) {
            fail(ServerErrors.err(ServerErrors.ER_CON_COUNT_ERROR, "08004", "Too many connections (proxy.max-connections="
                    + server.config().maxConnections() + ")"));
            return;
        }
        counted = true;
        connectDeadline = server.atConnectDeadline(this::connectTimedOut);
        seed = newSeed();
        authPlugin = server.config().defaultPlugin();
        ByteBuf b = sink.buffer();
        new HandshakeV10(server.config().serverVersion(), (int) connectionId, seed, serverCapabilities(server.ssl() != null),
                CHARSET, Capabilities.SERVER_STATUS_AUTOCOMMIT, authPlugin).encode(b);
        sink.send(b);
        sink.flush();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PacketDecoder.Inbound.Bad bad) {
            fail(bad.error());
            return;
        }
        PacketDecoder.Inbound.Packet packet = (PacketDecoder.Inbound.Packet) msg;
        ByteBuf payload = packet.payload();
        try {
            if (phase == Phase.CLOSED) {
                return;
            }
            int expected = phase == Phase.COMMAND ? 0 : sink.sequenceId();
            if (packet.sequenceId() != expected) {
                fail(ServerErrors.err(ServerErrors.ER_NET_PACKETS_OUT_OF_ORDER, "08S01",
                        "Got packets out of order (expected sequence id " + expected + ", got " + packet.sequenceId() + ")"));
                return;
            }
            sink.sequenceId(packet.sequenceId() + 1);
            handle(payload);
        } catch (ProtocolException e) {
            fail(ServerErrors.err(phase == Phase.COMMAND ? ServerErrors.ER_MALFORMED_PACKET : ServerErrors.ER_HANDSHAKE_ERROR,
                    "08S01", (phase == Phase.COMMAND ? "Malformed communication packet: " : "Bad handshake: ") + e.getMessage()));
        } catch (TextResults.ClientGone e) {
            close();
        } catch (RuntimeException e) {
            LOG.warn("session {}: unexpected error in phase {}: {}", connectionId, phase, e.toString());
            fail(ServerErrors.err(ServerErrors.ER_UNKNOWN_ERROR, "HY000", "Internal proxy error: " + e));
        } finally {
            payload.release();
        }
    }

    private void handle(ByteBuf payload) {
        switch (phase) {
            case HANDSHAKE_SENT, TLS_STARTED -> handshakeResponse(payload);
            case AUTH_SWITCH_SENT -> verify(authPlugin, ByteBufUtil.getBytes(payload));
            case SHA2_FULL_AUTH -> fullAuth(ByteBufUtil.getBytes(payload));
            case SHA2_RSA_KEY_SENT -> rsaPassword(ByteBufUtil.getBytes(payload));
            case COMMAND -> {
                if (!idle.commandStarted()) {
                    return; // disconnected for idleness just now: the socket is closing
                }
                try {
                    if (!dispatcher.dispatch(payload)) {
                        close();
                    }
                } finally {
                    idle.commandEnded();
                }
            }
            case CLOSED -> {
                // already closing: ignore
            }
        }
    }

    private void handshakeResponse(ByteBuf payload) {
        if (phase == Phase.HANDSHAKE_SENT && SslRequest.isSslRequest(payload)) {
            SslRequest.decode(payload);
            if (server.ssl() == null) {
                fail(ServerErrors.err(ServerErrors.ER_HANDSHAKE_ERROR, "08S01", "Bad handshake: TLS is not configured (proxy.tls.*)"));
                return;
            }
            // The decoder already put the SslHandler in front of itself; the response comes over TLS.
            phase = Phase.TLS_STARTED;
            return;
        }
        response = HandshakeResponse41.decode(payload);
        if (server.config().tlsRequired() && !tls()) {
            fail(ServerErrors.err(ServerErrors.ER_SECURE_TRANSPORT_REQUIRED, "HY000",
                    "Connections using insecure transport are prohibited while proxy.tls.required=true"));
            return;
        }
        if (!server.credentials().known(response.username())) {
            denied();
            return;
        }
        boolean pluginAuth = Capabilities.has(response.capabilities(), Capabilities.CLIENT_PLUGIN_AUTH);
        String clientPlugin = response.authPluginName();
        if (!pluginAuth) {
            authPlugin = NativePassword.PLUGIN_NAME; // a client without plugin auth can only scramble the native way
        } else if (clientPlugin == null || !clientPlugin.equals(authPlugin)) {
            // The account's plugin decides, as in MySQL: ask the client to authenticate again with it.
            seed = newSeed();
            ByteBuf b = sink.buffer();
            new AuthSwitchRequest(authPlugin, seed).encode(b);
            sink.send(b);
            sink.flush();
            phase = Phase.AUTH_SWITCH_SENT;
            return;
        }
        verify(authPlugin, response.authResponse());
    }

    private void verify(String plugin, byte[] data) {
        String user = response.username();
        if (plugin.equals(NativePassword.PLUGIN_NAME)) {
            if (server.credentials().verifyNative(user, seed, data)) {
                authenticated();
            } else {
                denied();
            }
            return;
        }
        if (data.length == 0 || (data.length == 1 && data[0] == 0)) {
            if (server.credentials().emptyPassword(user)) {
                authenticated();
            } else {
                denied();
            }
            return;
        }
        byte[] cached = server.credentials().cachedSha2(user);
        if (cached != null) {
            if (CachingSha2Password.verify(seed, data, cached)) {
                send(AuthMoreData.of(AuthMoreData.FAST_AUTH_SUCCESS));
                authenticated();
            } else {
                denied();
            }
            return;
        }
        send(AuthMoreData.of(AuthMoreData.PERFORM_FULL_AUTHENTICATION));
        sink.flush();
        phase = Phase.SHA2_FULL_AUTH;
    }

    private void fullAuth(byte[] data) {
        if (tls()) {
            checkCleartext(stripNul(data)); // safe: the channel is encrypted
        } else if (data.length == 1 && data[0] == CachingSha2Password.REQUEST_PUBLIC_KEY) {
            if (!server.config().rsaKeyRetrieval()) {
                fail(ServerErrors.err(ServerErrors.ER_ACCESS_DENIED, "28000", "Access denied for user '" + response.username()
                        + "': caching_sha2_password full authentication needs TLS here (proxy.auth.rsa-key-retrieval=false)"));
                return;
            }
            send(new AuthMoreData(server.rsa().publicKeyPem()));
            sink.flush();
            phase = Phase.SHA2_RSA_KEY_SENT;
        } else {
            rsaPassword(data); // a client that already had the public key sends the encrypted password at once
        }
    }

    private void rsaPassword(byte[] encrypted) {
        byte[] plain = server.rsa().decrypt(encrypted);
        if (plain == null) {
            denied();
            return;
        }
        checkCleartext(stripNul(CachingSha2Password.unxorSeed(plain, seed)));
    }

    private void checkCleartext(byte[] password) {
        if (server.credentials().verifyCleartext(response.username(), password)) {
            authenticated();
        } else {
            denied();
        }
    }

    private void authenticated() {
        FlotillaConnection conn;
        try {
            conn = server.backends().open(response.username(), response.database());
        } catch (SQLException e) {
            fail(ServerErrors.of(e));
            return;
        }
        if (!loggedIn.compareAndSet(false, true)) {
            server.backends().close(conn); // the connect timeout fired first: its close is ending this connection
            return;
        }
        if (connectDeadline != null) {
            connectDeadline.cancel(false);
        }
        int caps = response.capabilities() & serverCapabilities(tls());
        ProxySession session = new ProxySession(connectionId, response.username(), caps, conn);
        if (server.config().directReads()) {
            session.directReads(new DirectReads(session, sink, server.config().users().get(response.username()), server.spinWait()));
        }
        dispatcher = new CommandDispatcher(session, sink, server.backends(), server.statusReport(),
                server.statements().create(session), server::statistics);
        phase = Phase.COMMAND;
        idle = new IdleTimeout(server, server.config().waitTimeoutMs(), this::idleTimedOut);
        idle.start();
        sink.ok(0, 0, session.status(), "");
        sink.flush();
    }

    /** Runs on the proxy's timer thread: disconnects a client that has not logged in within proxy.connect-timeout-ms. */
    private void connectTimedOut() {
        if (loggedIn.compareAndSet(false, true)) {
            LOG.debug("session {}: not logged in within proxy.connect-timeout-ms, disconnecting", connectionId);
            SessionSocketChannels.closeFromAnyThread(sink.channel());
        }
    }

    /** Runs on the proxy's timer thread: disconnects a client idle for proxy.wait-timeout-ms. */
    private void idleTimedOut() {
        LOG.debug("session {}: idle for proxy.wait-timeout-ms, disconnecting", connectionId);
        SessionSocketChannels.closeFromAnyThread(sink.channel());
    }

    private void denied() {
        boolean usingPassword = response.authResponse().length > 0;
        fail(ServerErrors.err(ServerErrors.ER_ACCESS_DENIED, "28000", "Access denied for user '" + response.username() + "'@'"
                + clientHost() + "' (using password: " + (usingPassword ? "YES" : "NO") + ")"));
    }

    private String clientHost() {
        return sink == null ? "?" : server.hostOf(sink);
    }

    private void send(AuthMoreData more) {
        ByteBuf b = sink.buffer();
        more.encode(b);
        sink.send(b);
    }

    /** Sends an error and closes the connection (the session cannot continue). */
    private void fail(ErrPacket err) {
        if (phase != Phase.CLOSED && sink.open()) {
            sink.err(err);
            sink.flush();
        }
        close();
    }

    private void close() {
        phase = Phase.CLOSED;
        sink.close();
    }

    private boolean tls() {
        return sink.channel().pipeline().get(SslHandler.class) != null;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        phase = Phase.CLOSED;
        release();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // The pipeline's last event for this handler: release (if channelInactive never came) and end the thread.
        phase = Phase.CLOSED;
        try {
            release();
        } finally {
            if (ctx.executor() instanceof io.netty.util.concurrent.DefaultEventExecutor own) {
                own.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS); // event-loop threading only
            }
        }
    }

    private void release() {
        if (connectDeadline != null) {
            connectDeadline.cancel(false);
        }
        if (idle != null) {
            idle.stop();
        }
        if (dispatcher != null) {
            dispatcher.close();
            dispatcher = null;
        }
        if (counted) {
            counted = false;
            server.leave();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // I/O errors (connection reset) are the client's business; never log payloads, they may hold passwords.
        LOG.debug("session {}: {}", connectionId, cause.toString());
        close();
    }

    private static byte[] stripNul(byte[] b) {
        int end = b.length;
        while (end > 0 && b[end - 1] == 0) {
            end--;
        }
        return end == b.length ? b : Arrays.copyOf(end == 0 ? b : b, end);
    }

    private static byte[] newSeed() {
        byte[] s = new byte[20];
        for (int i = 0; i < s.length; i++) {
            s[i] = (byte) (1 + RANDOM.nextInt(127)); // printable-ish, never NUL: clients NUL-terminate the seed
        }
        return s;
    }

    static String host(java.net.SocketAddress address) {
        return address instanceof InetSocketAddress a ? a.getHostString() : String.valueOf(address);
    }
}
