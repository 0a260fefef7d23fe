package io.flotilla.proxy.server;

import io.flotilla.replicator.cluster.NodeStatus;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MySQL wire-protocol proxy: a Netty server whose every client session is backed by one Flotilla JDBC
 * connection. Socket I/O and packet framing run on the event loop; each session's handler runs on its own thread
 * (sessions block in JDBC calls, and one slow session must not hold up another).
 */
public final class ProxyServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyServer.class);

    private final ProxyConfig config;
    private final ServerContext context;
    private final Backends backends;
    /** Closed with the server when it holds resources (the binary protocol's metadata connections). */
    private final StatementCommands.Factory statements;
    /** Connect timeouts (proxy.connect-timeout-ms). */
    private final ScheduledThreadPoolExecutor timer;
    private final ThreadFactory sessionThreads = new DefaultThreadFactory("flotilla-proxy-session", true);
    private final AtomicLong connectionIds = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ChannelGroup channels = new DefaultChannelGroup("flotilla-proxy", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;

    /** A proxy with the binary protocol (prepared statements, {@link BinaryProtocol}). */
    public ProxyServer(ProxyConfig config, Supplier<List<NodeStatus>> nodes) {
        this(config, nodes, BinaryProtocol.factory(config));
    }

    /**
     * @param nodes the node rows of SHOW FLOTILLA STATUS (e.g. {@code FlotillaCluster::status})
     * @param statements makes each session's COM_STMT_* handler
     */
    public ProxyServer(ProxyConfig config, Supplier<List<NodeStatus>> nodes, StatementCommands.Factory statements) {
        this.config = config;
        this.statements = statements;
        this.backends = new Backends(config);
        this.timer = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("flotilla-proxy-timer", true));
        this.timer.setRemoveOnCancelPolicy(true);
        this.context = new ServerContext(config, TlsSupport.serverContext(config), backends, nodes, statements, timer);
    }

    /** Binds the listen address; returns once the proxy accepts connections. */
    public ProxyServer start() throws InterruptedException {
        boolean perSession = config.sessionThreads();
        if (perSession) {
            // Thread per session (Netty's blocking transport): the session's thread reads, runs JDBC and writes itself.
            boss = new io.netty.channel.oio.OioEventLoopGroup(1, new DefaultThreadFactory("flotilla-proxy-accept", true));
            workers = new io.netty.channel.oio.OioEventLoopGroup(0, sessionThreads);
        } else {
            boss = new NioEventLoopGroup(1, new DefaultThreadFactory("flotilla-proxy-accept", true));
            workers = new NioEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("flotilla-proxy-io", true));
        }
        ServerBootstrap b = new ServerBootstrap().group(boss, workers);
        if (perSession) {
            b.channelFactory((io.netty.channel.ChannelFactory<io.netty.channel.ServerChannel>) SessionSocketChannels.Server::new);
        } else {
            b.channel(NioServerSocketChannel.class);
        }
        b
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        ch.pipeline().addLast("packets", new PacketDecoder(config.maxPacketSize(), context.ssl()));
                        ClientSession session = new ClientSession(context, connectionIds.incrementAndGet());
                        if (perSession) {
                            ch.pipeline().addLast("session", session);
                        } else {
                            ch.pipeline().addLast(new DefaultEventExecutor(sessionThreads), "session", session);
                        }
                    }
                });
        try {
            serverChannel = b.bind(config.listen().host(), config.listen().port()).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
        LOG.info("flotilla proxy listening on {} ({})", serverChannel.localAddress(), config);
        return this;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Client sessions connected now (handshake onwards). */
    public int sessions() {
        return context.sessions();
    }

    /** Flotilla connections open for client sessions now; equals the authenticated sessions unless one leaked. */
    public int openBackendSessions() {
        return backends.openConnections();
    }

    /** Stops accepting, ends every session and closes the backends; later calls do nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        channels.forEach(SessionSocketChannels::closeFromAnyThread); // blocked session reads end only this way
        channels.close().awaitUninterruptibly();
        if (boss != null) {
            boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
        // Sessions close their Flotilla connections on their own threads as their channels go inactive; wait briefly.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (backends.openConnections() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        backends.close();
        if (statements instanceof AutoCloseable resources) {
            try {
                resources.close();
            } catch (Exception e) {
                LOG.warn("closing the prepared-statement handlers failed", e);
            }
        }
    }
}
