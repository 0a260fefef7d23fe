package io.flotilla.jdbc;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.util.Set;

/**
 * A backend's socket: a socket channel's blocking socket, which also keeps a plain socket's indifference to a thread
 * interrupt that is already pending when a read, write or connect starts.
 *
 * <p>The JDK's plain socket turns non-blocking for good at its first read with a timeout (HikariCP sets a network
 * timeout while it checks a connection), after which every read is read (EAGAIN), poll, read. A channel's socket
 * returns to blocking mode after each timed operation, so an untimed read is one system call; a timed one (a
 * {@code socketTimeout} or {@code setNetworkTimeout}) switches modes around the call and costs a few more. A channel, however, is
 * closed when its thread is interrupted: an application that restores a caught interrupt and then runs a statement
 * would lose the backend connection. The streams therefore clear a pending interrupt for the call and set it again
 * afterwards; an interrupt that arrives during a blocked read still closes the connection (Connector/J reports 08S01
 * and the pool evicts it), as with a cancelled network read.
 */
final class BackendSocket extends Socket {

    private final Socket socket;

    BackendSocket() throws IOException {
        super((SocketImpl) null);
        this.socket = SocketChannel.open().socket();
    }

    /** Sets a held-back interrupt again after the call (no lambda: reads and writes are the hot path). */
    private static void restore(boolean interrupted) {
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        connect(endpoint, 0);
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            socket.connect(endpoint, timeout);
        } finally {
            restore(interrupted);
        }
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return new FilterInputStream(socket.getInputStream()) {
            @Override
            public int read() throws IOException {
                boolean interrupted = Thread.interrupted();
                try {
                    return in.read();
                } finally {
                    restore(interrupted);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                boolean interrupted = Thread.interrupted();
                try {
                    return in.read(b, off, len);
                } finally {
                    restore(interrupted);
                }
            }

            @Override
            public long skip(long n) throws IOException {
                boolean interrupted = Thread.interrupted();
                try {
                    return in.skip(n);
                } finally {
                    restore(interrupted);
                }
            }
        };
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return new FilterOutputStream(socket.getOutputStream()) {
            @Override
            public void write(int b) throws IOException {
                boolean interrupted = Thread.interrupted();
                try {
                    out.write(b);
                } finally {
                    restore(interrupted);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                boolean interrupted = Thread.interrupted();
                try {
                    out.write(b, off, len);
                } finally {
                    restore(interrupted);
                }
            }
        };
    }

    // Everything else is the channel socket's own behaviour.

    @Override
    public void bind(SocketAddress bindpoint) throws IOException {
        socket.bind(bindpoint);
    }

    @Override
    public InetAddress getInetAddress() {
        return socket.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return socket.getLocalAddress();
    }

    @Override
    public int getPort() {
        return socket.getPort();
    }

    @Override
    public int getLocalPort() {
        return socket.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return socket.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return socket.getLocalSocketAddress();
    }

    @Override
    public SocketChannel getChannel() {
        return socket.getChannel();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        socket.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return socket.getTcpNoDelay();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        socket.setSoLinger(on, linger);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return socket.getSoLinger();
    }

    @Override
    public void sendUrgentData(int data) throws IOException {
        socket.sendUrgentData(data);
    }

    @Override
    public void setOOBInline(boolean on) throws SocketException {
        socket.setOOBInline(on);
    }

    @Override
    public boolean getOOBInline() throws SocketException {
        return socket.getOOBInline();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        socket.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return socket.getSoTimeout();
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        socket.setSendBufferSize(size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return socket.getSendBufferSize();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        socket.setReceiveBufferSize(size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return socket.getReceiveBufferSize();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        socket.setKeepAlive(on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return socket.getKeepAlive();
    }

    @Override
    public void setTrafficClass(int tc) throws SocketException {
        socket.setTrafficClass(tc);
    }

    @Override
    public int getTrafficClass() throws SocketException {
        return socket.getTrafficClass();
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        socket.setReuseAddress(on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return socket.getReuseAddress();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    @Override
    public void shutdownInput() throws IOException {
        socket.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public String toString() {
        return socket.toString();
    }

    @Override
    public boolean isConnected() {
        return socket.isConnected();
    }

    @Override
    public boolean isBound() {
        return socket.isBound();
    }

    @Override
    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public boolean isInputShutdown() {
        return socket.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return socket.isOutputShutdown();
    }

    @Override
    public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        socket.setPerformancePreferences(connectionTime, latency, bandwidth);
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
        socket.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return socket.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return socket.supportedOptions();
    }
}
