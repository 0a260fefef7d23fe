package io.flotilla.proxy.server;

/** The connection phase of one client session; {@link ClientSession} switches over it for every packet. */
enum Phase {
    /** HandshakeV10 sent; expecting a HandshakeResponse41 or an SSLRequest. */
    HANDSHAKE_SENT,
    /** SSLRequest accepted and TLS started; expecting the HandshakeResponse41 over TLS. */
    TLS_STARTED,
    /** AuthSwitchRequest sent; expecting the auth data of the plugin we asked for. */
    AUTH_SWITCH_SENT,
    /** caching_sha2_password asked for full authentication (0x04); expecting the password (TLS) or a key request. */
    SHA2_FULL_AUTH,
    /** The RSA public key was sent; expecting the RSA-encrypted password. */
    SHA2_RSA_KEY_SENT,
    /** Authenticated and backed by a Flotilla connection; expecting commands. */
    COMMAND,
    /** The connection is closing; everything more is ignored. */
    CLOSED
}
