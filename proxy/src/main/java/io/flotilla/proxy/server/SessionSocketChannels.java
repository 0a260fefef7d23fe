package io.flotilla.proxy.server;

import io.netty.channel.Channel;
import io.netty.channel.socket.oio.OioServerSocketChannel;
import io.netty.channel.socket.oio.OioSocketChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;

/**
 * Netty's blocking (thread-per-session) socket channels, reading a client's command with one blocking read.
 *
 * <p>Netty's own blocking channel asks the socket how many bytes are available (an ioctl), reads a single byte when
 * none are, then asks and reads again: four system calls where one does. On a point select that round trip is a
 * fifth of the proxy's per-query CPU (measured with async-profiler at 16 sessions). It also reads with a one-second
 * socket timeout (so its loop can notice tasks and shutdown), which the JDK implements as a non-blocking read, a
 * poll() and a second read. A session's loop gets no tasks from other threads, so its reads block without a timeout;
 * {@link Session#abort()} closes the socket to end one, and the connect timeout ({@code proxy.connect-timeout-ms})
 * stands in for Netty's TLS handshake timeout, which a blocked loop would never run.
 */
@SuppressWarnings("deprecation") // the blocking transport is what thread-per-session uses
final class SessionSocketChannels {
    /** Bytes a read may fill at once: a command packet of a typical client fits, a bigger one takes more reads. */
    static final int READ_CHUNK = 8192;

    private SessionSocketChannels() {
    }

    /**
     * Closes a client channel from any thread: a blocking session's socket directly (its loop is blocked in a read
     * and would never run a queued close; the failed read makes the loop close the channel), others as usual.
     */
    static void closeFromAnyThread(Channel channel) {
        if (channel instanceof Session session) {
            session.abort();
        } else {
            channel.close();
        }
    }

    /** The listening channel: accepts connections as {@link Session} channels. */
    static final class Server extends OioServerSocketChannel {
        private final ServerSocket socket;

        Server() {
            this(newServerSocket());
        }

        private Server(ServerSocket socket) {
            super(socket);
            this.socket = socket;
        }

        private static ServerSocket newServerSocket() {
            try {
                return new ServerSocket();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a server socket", e);
            }
        }

        @Override
        protected int doReadMessages(List<Object> buf) throws Exception {
            if (socket.isClosed()) {
                return -1;
            }
            Socket s;
            try {
                s = socket.accept();
            } catch (SocketTimeoutException e) {
                return 0; // the accept loop polls with a timeout so the channel can close
            }
            try {
                buf.add(new Session(this, s));
                return 1;
            } catch (RuntimeException e) {
                s.close();
                throw e;
            }
        }
    }

    /** One client connection: reads whatever has arrived, up to {@link #READ_CHUNK} bytes, in one blocking read. */
    static final class Session extends OioSocketChannel {
        private final Socket socket;

        Session(Channel parent, Socket socket) {
            super(parent, socket);
            this.socket = socket;
            try {
                // Before the first read: a socket that ever read with a timeout stays non-blocking for good (JDK).
                socket.setSoTimeout(0);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot configure a client socket", e);
            }
        }

        /** Closes the socket from any thread: the session's blocked read fails and its own loop closes the channel. */
        private void abort() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing is all that was asked; a failure leaves nothing to do.
            }
        }

        @Override
        protected int available() {
            // Netty reads min(available(), room) bytes; a blocking read of that many returns what has arrived.
            return READ_CHUNK;
        }
    }
}
