package io.flotilla.proxy.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import javax.crypto.Cipher;

/**
 * The proxy's RSA key pair for caching_sha2_password full authentication without TLS, generated on first use;
 * decrypts with OAEP (MySQL 8.0.5+, MariaDB clients) or PKCS#1 v1.5 (Connector/J talking to a "5.x" server).
 */
final class RsaKeys {
    private volatile KeyPair pair;

    private KeyPair pair() {
        KeyPair p = pair;
        if (p == null) {
            synchronized (this) {
                p = pair;
                if (p == null) {
                    try {
                        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                        g.initialize(2048);
                        p = g.generateKeyPair();
                        pair = p;
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException("RSA is required of every JRE", e);
                    }
                }
            }
        }
        return p;
    }

    /** The public key as PEM (SubjectPublicKeyInfo), as MySQL servers send it. */
    byte[] publicKeyPem() {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair().getPublic().getEncoded());
        return ("-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The plaintext, or null when neither padding decrypts it. */
    byte[] decrypt(byte[] data) {
        for (String transformation : new String[] {"RSA/ECB/OAEPWithSHA-1AndMGF1Padding", "RSA/ECB/PKCS1Padding"}) {
            try {
                Cipher c = Cipher.getInstance(transformation);
                c.init(Cipher.DECRYPT_MODE, pair().getPrivate());
                return c.doFinal(data);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // try the other padding
            }
        }
        return null;
    }
}
