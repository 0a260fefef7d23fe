package io.flotilla.proxy.server;

import io.flotilla.embedded.LoopbackPorts;
import io.flotilla.replicator.cluster.FlotillaCluster;
import java.util.Map;
import java.util.Properties;

/** Starts a proxy in front of a test cluster on a free loopback port. */
final class ProxyHarness {

    private ProxyHarness() {
    }

    static ProxyServer start(FlotillaCluster cluster, Map<String, String> proxyProps) throws Exception {
        Properties p = new Properties();
        p.setProperty("proxy.listen", "127.0.0.1:" + LoopbackPorts.free());
        proxyProps.forEach(p::setProperty);
        return new ProxyServer(ProxyConfig.from(p, cluster.config(), null), cluster::status).start();
    }

    /** A Connector/J URL to the proxy (text protocol, no TLS unless {@code extra} asks). */
    static String mysqlUrl(ProxyServer proxy, String extra) {
        return "jdbc:mysql://127.0.0.1:" + proxy.port() + "/app?useSSL=false&allowPublicKeyRetrieval=true" + extra;
    }
}
