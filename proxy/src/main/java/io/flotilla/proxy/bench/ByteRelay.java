package io.flotilla.proxy.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bare TCP relay (two copying threads per connection, no protocol knowledge): the physical floor of one extra
 * hop that the proxy benchmark compares the proxy against.
 */
public final class ByteRelay implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    /** Starts relaying from a free loopback port to {@code target}. */
    public ByteRelay(InetSocketAddress target) {
        this.target = target;
        try {
            server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the relay's port", e);
        }
        acceptor = new Thread(this::acceptLoop, "byte-relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket backend = new Socket();
                backend.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                backend.connect(target);
                open.add(client);
                open.add(backend);
                pump(client, backend, "byte-relay-up");
                pump(backend, client, "byte-relay-down");
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("byte relay: " + e.getMessage());
                }
            }
        }
    }

    private void pump(Socket from, Socket to, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                }
            } catch (IOException ignored) {
                // The peer went away: the other direction ends too once both sockets close.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        open.forEach(this::closeQuietly);
    }
}
