package io.flotilla.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for servers started later (embedded nodes, the proxy), chosen below the kernel's ephemeral range.
 *
 * <p>A port from {@code new ServerSocket(0)} lies in the ephemeral range, which the kernel also hands out as the local
 * port of every outgoing connection. A process that opens many connections (a test suite, a benchmark) can therefore
 * take that port between the pick and the server's bind, and mariadbd fails with "Bind on TCP/IP port ... Address
 * already in use" (seen in CI). Ports below the range are never used for outgoing connections.
 */
public final class LoopbackPorts {
    /** Linux's ephemeral range ("low high"); elsewhere the usual default below is assumed. */
    static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** The lowest port handed out: above the well-known and most registered service ports. */
    static final int LOWEST = 10_000;
    private static final int DEFAULT_EPHEMERAL_LOW = 32_768;
    private static final int ATTEMPTS = 200;

    private LoopbackPorts() {
    }

    /** One free port. */
    public static int free() {
        return free(1).get(0);
    }

    /**
     * {@code count} distinct ports that were free on 127.0.0.1 just now (distinct, because servers started from one
     * call bind only later, so a second check would not see the first port taken).
     */
    public static List<Integer> free(int count) {
        int high = ephemeralLow() - 1;
        Set<Integer> ports = new LinkedHashSet<>();
        if (high - LOWEST < 100) {
            // The ephemeral range reaches down to the low ports: nothing is safe from it, use the kernel's pick.
            while (ports.size() < count) {
                ports.add(kernelPick());
            }
            return new ArrayList<>(ports);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; ports.size() < count; attempt++) {
            if (attempt == ATTEMPTS * count) {
                throw new IllegalStateException("no free loopback port between " + LOWEST + " and " + high + " after "
                        + attempt + " attempts");
            }
            int port = random.nextInt(LOWEST, high + 1);
            if (!ports.contains(port) && bindable(port)) {
                ports.add(port);
            }
        }
        return new ArrayList<>(ports);
    }

    /** The lower end of the ephemeral range. */
    static int ephemeralLow() {
        // A line reader, not Files.readString: procfs reports size 0, and JDK 17's readString then returned one byte.
        try (BufferedReader r = Files.newBufferedReader(EPHEMERAL_RANGE)) {
            String[] range = r.readLine().trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_LOW; // not Linux, or unreadable: the common default
        }
    }

    static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int kernelPick() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }
}
