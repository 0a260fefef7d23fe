package io.flotilla.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {

    @Test
    void readsTheKernelsEphemeralRange() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(LoopbackPorts.EPHEMERAL_RANGE), "no " + LoopbackPorts.EPHEMERAL_RANGE);
        String low = Files.readAllLines(LoopbackPorts.EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0];

        assertThat(LoopbackPorts.ephemeralLow()).isEqualTo(Integer.parseInt(low));
    }

    @Test
    void portsAreDistinctFreeAndBelowTheEphemeralRange() {
        List<Integer> ports = LoopbackPorts.free(20);

        assertThat(ports).hasSize(20).doesNotHaveDuplicates();
        int ephemeralLow = LoopbackPorts.ephemeralLow();
        if (ephemeralLow - LoopbackPorts.LOWEST >= 100) {
            // Outgoing connections take their local ports from the ephemeral range: these are out of their way.
            assertThat(ports).allSatisfy(p -> assertThat(p).isBetween(LoopbackPorts.LOWEST, ephemeralLow - 1));
        }
        assertThat(ports).allSatisfy(p -> assertThat(LoopbackPorts.bindable(p)).as("port %d bindable", p).isTrue());
    }

    @Test
    void aListeningPortIsNotBindable() throws Exception {
        int port = LoopbackPorts.free();
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(LoopbackPorts.bindable(port)).isFalse();
        }
        assertThat(LoopbackPorts.bindable(port)).isTrue();
    }
}
