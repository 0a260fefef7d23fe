package io.flotilla.proxy.server;

import io.flotilla.routing.config.ConfigException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;

/** Builds the server's TLS context from proxy.tls.cert/key (PEM) or proxy.tls.keystore (PKCS12/JKS). */
final class TlsSupport {

    private TlsSupport() {
    }

    /** The context, or null when TLS is not configured. */
    static SslContext serverContext(ProxyConfig config) {
        try {
            if (config.tlsKeystore() != null) {
                String type = config.tlsKeystore().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
                KeyStore ks = KeyStore.getInstance(type);
                char[] pw = config.tlsKeystorePassword().toCharArray();
                try (InputStream in = Files.newInputStream(config.tlsKeystore())) {
                    ks.load(in, pw);
                }
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, pw);
                return SslContextBuilder.forServer(kmf).build();
            }
            if (config.tlsCert() != null) {
                return SslContextBuilder.forServer(config.tlsCert().toFile(), config.tlsKey().toFile()).build();
            }
            return null;
        } catch (Exception e) {
            // The message names the file, never the password.
            String key = config.tlsKeystore() != null ? ProxyProperty.TLS_KEYSTORE.key() : ProxyProperty.TLS_CERT.key();
            throw new ConfigException(key, "cannot load the TLS key and certificate: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
    }
}
