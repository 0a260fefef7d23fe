package io.flotilla.proxy.server;

import io.flotilla.routing.config.ConfigType;
import io.flotilla.routing.config.PropertySpec;
import java.util.List;

/** The MySQL-protocol proxy's configuration keys (in the same properties file as the cluster keys). */
public enum ProxyProperty implements PropertySpec.Defined {
    LISTEN(PropertySpec.of("proxy.listen", ConfigType.HOST_PORT, null,
            "Where the MySQL-protocol proxy listens, e.g. 127.0.0.1:6033; `flotilla up` starts the proxy only when this is set.")),
    USERS(PropertySpec.of("proxy.users", ConfigType.STRING, null,
            "Who may log in, as user:password pairs, comma-separated (e.g. app:secret,ro:pw2); each logs in to the backends"
                    + " as the same database user with that password. Default: cluster.user with cluster.password.")),
    AUTH_PLUGIN(PropertySpec.choice("proxy.auth.default-plugin", "mysql_native_password",
            "The auth plugin offered in the handshake; a client asking for the other one gets an auth switch.",
            List.of("mysql_native_password", "caching_sha2_password"))),
    SHA2_CACHE(PropertySpec.choice("proxy.auth.sha2-cache", "preload",
            "caching_sha2_password's cache of SHA-256 hashes: preload (every configured user can use the fast path at once)"
                    + " or on-login (like MySQL: the first login of a user needs TLS or RSA full authentication).",
            List.of("preload", "on-login"))),
    RSA_KEY_RETRIEVAL(PropertySpec.of("proxy.auth.rsa-key-retrieval", ConfigType.BOOLEAN, "true",
            "Answer a caching_sha2_password client's public-key request without TLS with the proxy's RSA public key"
                    + " (generated on first use); false refuses full authentication without TLS.")),
    TLS_CERT(PropertySpec.of("proxy.tls.cert", ConfigType.PATH, null,
            "PEM certificate (chain) for TLS; with proxy.tls.key enables TLS (SSLRequest).")),
    TLS_KEY(PropertySpec.of("proxy.tls.key", ConfigType.PATH, null, "PEM PKCS#8 private key for proxy.tls.cert.")),
    TLS_KEYSTORE(PropertySpec.of("proxy.tls.keystore", ConfigType.PATH, null,
            "A PKCS12 or JKS keystore with the server key and certificate (instead of proxy.tls.cert/key).")),
    TLS_KEYSTORE_PASSWORD(PropertySpec.of("proxy.tls.keystore-password", ConfigType.STRING, "",
            "The keystore's (and key's) password.")),
    TLS_REQUIRED(PropertySpec.of("proxy.tls.required", ConfigType.BOOLEAN, "false",
            "Refuse clients that do not switch to TLS (error 3159).")),
    MAX_CONNECTIONS(PropertySpec.of("proxy.max-connections", ConfigType.INT, "1000",
            "The most client sessions at once; each runs its JDBC calls on its own thread. More are refused with error 1040.")),
    CONNECT_TIMEOUT_MS(PropertySpec.of("proxy.connect-timeout-ms", ConfigType.INT, "10000",
            "How long a client may take from connecting to being logged in (handshake, TLS, authentication), in milliseconds,"
                    + " like MySQL's connect_timeout; a client still not logged in then is disconnected.")),
    WAIT_TIMEOUT_MS(PropertySpec.of("proxy.wait-timeout-ms", ConfigType.INT, "28800000",
            "How long a logged-in client may stay idle (no command) before the proxy disconnects it, in milliseconds, like"
                    + " MySQL's wait_timeout (8 hours); a command that is still running is never cut off. Its backend"
                    + " connections go back to the pools, and an open transaction is rolled back.")),
    THREADING(PropertySpec.choice("proxy.threading", "session-thread",
            "session-thread: each session's own thread reads its socket, runs its JDBC calls and writes its answers (no"
                    + " hand-offs: lowest latency); event-loop: shared Netty event loops do the socket I/O and hand each packet to"
                    + " the session's thread (fewer threads blocked in socket reads, two hand-offs per command).",
            List.of("session-thread", "event-loop"))),
    IO_THREADS(PropertySpec.of("proxy.io-threads", ConfigType.INT, "0",
            "With proxy.threading=event-loop: Netty event-loop threads for socket I/O (0: Netty's default, twice the cores).")),
    DIRECT_READS(PropertySpec.of("proxy.direct-reads", ConfigType.BOOLEAN, "true",
            "Forward plain follower reads (autocommit SELECTs outside transactions, at consistency levels other than monotonic)"
                    + " over the session's own protocol connection to the chosen follower, relaying the follower's answer byte for"
                    + " byte; false runs every statement through the session's JDBC connection (decoded and re-encoded).")),
    SPIN_WAIT_US(PropertySpec.of("proxy.spin-wait-us", ConfigType.INT, "0",
            "How long a session that forwarded a read polls the follower's socket for the answer before it blocks, in"
                    + " microseconds (0: never polls; up to 1000), while no more forwarded reads are in flight than half the"
                    + " proxy's cores (at least one). Polling skips the wake-up of a blocked thread at the cost of a busy core:"
                    + " worth trying where the proxy has spare cores; on a 2-core machine it steadied latency but did not raise"
                    + " throughput (benchmarks.md).")),
    MAX_PACKET_SIZE(PropertySpec.of("proxy.max-packet-size", ConfigType.INT, "67108864",
            "The largest command payload a client may send (bytes, over several 16 MiB packets); larger gets error 1153.")),
    SERVER_VERSION(PropertySpec.of("proxy.server-version", ConfigType.STRING, "5.7.19-10.11.5-MariaDB-flotilla",
            "The server version in the handshake. Clients branch on it: MySQL Connector/J reads caching_sha2_password"
                    + " replies the pre-5.5.16 way under MariaDB's usual 5.5.5- prefix and asks for transaction_isolation (unknown to"
                    + " MariaDB 10.11) from 5.7.20 on, so the default says 5.7.19 to MySQL clients and MariaDB to MariaDB clients.")),
    DRIVER(PropertySpec.of("proxy.driver.", ConfigType.STRING, null,
            "A JDBC driver property for every proxy session, e.g. proxy.driver.consistency=monotonic or"
                    + " proxy.driver.pool.max-size=64 (see the driver properties below). The proxy's default pool.max-size is 100 per node,"
                    + " since every session holds its leader backend while it lives.").asPrefix());

    private final PropertySpec spec;

    ProxyProperty(PropertySpec spec) {
        this.spec = spec;
    }

    @Override
    public PropertySpec spec() {
        return spec;
    }
}
