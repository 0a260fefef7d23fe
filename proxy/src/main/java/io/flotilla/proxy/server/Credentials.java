package io.flotilla.proxy.server;

import io.flotilla.proxy.protocol.CachingSha2Password;
import io.flotilla.proxy.protocol.NativePassword;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The proxy's accounts and the checks of both auth plugins; caching_sha2_password's cache of SHA256(SHA256(pw))
 * is filled at start-up ({@code proxy.auth.sha2-cache=preload}) or after a user's first full authentication.
 */
final class Credentials {
    private final Map<String, String> passwords;
    private final Map<String, byte[]> sha2Cache = new ConcurrentHashMap<>();

    Credentials(Map<String, String> passwords, boolean preload) {
        this.passwords = Map.copyOf(passwords);
        if (preload) {
            passwords.forEach((u, p) -> sha2Cache.put(u, CachingSha2Password.doubleSha256(utf8(p))));
        }
    }

    boolean known(String user) {
        return passwords.containsKey(user);
    }

    boolean emptyPassword(String user) {
        return passwords.getOrDefault(user, "x").isEmpty();
    }

    boolean verifyNative(String user, byte[] seed, byte[] response) {
        String pw = passwords.get(user);
        return pw != null && NativePassword.verify(seed, response, NativePassword.doubleSha1(utf8(pw)));
    }

    /** The cached hash for the fast path, or null when the user must authenticate fully first. */
    byte[] cachedSha2(String user) {
        return sha2Cache.get(user);
    }

    /** Checks a cleartext password (TLS or RSA full authentication) and caches its hash on success. */
    boolean verifyCleartext(String user, byte[] password) {
        String pw = passwords.get(user);
        if (pw == null || !MessageDigest.isEqual(utf8(pw), password)) {
            return false;
        }
        sha2Cache.put(user, CachingSha2Password.doubleSha256(password));
        return true;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
