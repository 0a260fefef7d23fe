package io.flotilla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The backend socket over a loopback connection: timed reads, blocking mode afterwards, pending interrupts. */
class BackendSocketTest {

    private ServerSocket server;
    private BackendSocket client;
    private Socket peer;

    @BeforeEach
    void connect() throws Exception {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = new BackendSocket();
        client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 2_000);
        peer = server.accept();
    }

    @AfterEach
    void close() throws Exception {
        Thread.interrupted();
        client.close();
        peer.close();
        server.close();
    }

    @Test
    void aTimedReadTimesOutAndLeavesTheSocketBlocking() throws Exception {
        client.setSoTimeout(100);
        InputStream in = client.getInputStream();
        assertThatThrownBy(() -> in.read(new byte[4])).isInstanceOf(SocketTimeoutException.class);
        // The point of the class: after a timed read the socket is blocking again, so the next read is one system call.
        assertThat(client.getChannel().isBlocking()).isTrue();
        client.setSoTimeout(0);
        peer.getOutputStream().write(new byte[] {1, 2, 3});
        byte[] got = new byte[3];
        assertThat(in.readNBytes(got, 0, 3)).isEqualTo(3);
        assertThat(got).containsExactly(1, 2, 3);
    }

    @Test
    void aPendingInterruptNeitherBreaksTheConnectionNorIsLost() throws Exception {
        peer.getOutputStream().write(new byte[] {7, 8});
        Thread.currentThread().interrupt();
        byte[] got = new byte[2];
        assertThat(client.getInputStream().readNBytes(got, 0, 2)).isEqualTo(2);
        OutputStream out = client.getOutputStream();
        out.write(new byte[] {9});
        out.flush();
        assertThat(Thread.interrupted()).as("the interrupt is still pending after the calls").isTrue();
        assertThat(got).containsExactly(7, 8);
        assertThat(peer.getInputStream().read()).isEqualTo(9);
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void closingFromAnotherThreadEndsABlockedRead() throws Exception {
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(100);
                client.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        closer.start();
        assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(java.io.IOException.class);
        closer.join();
        assertThat(client.isClosed()).isTrue();
    }
}
