package io.flotilla.proxy.protocol;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The caching_sha2_password fast path: response = SHA256(password) XOR SHA256(SHA256(SHA256(password)) + seed).
 *
 * <p>The server's cache holds SHA256(SHA256(password)); {@link #verify} recovers SHA256(password) from the response
 * and checks that hashing it once more gives the cached value.
 */
public final class CachingSha2Password {
  public static final String PLUGIN_NAME = "caching_sha2_password";
  /** What a client sends (after 0x04 without TLS) to ask for the server's RSA public key. */
  public static final int REQUEST_PUBLIC_KEY = 0x02;

  private CachingSha2Password() {}

  /** The client's fast-path response; an empty password gives an empty response. */
  public static byte[] scramble(byte[] password, byte[] seed) {
    if (password.length == 0) {
      return new byte[0];
    }
    byte[] stage1 = sha256(password);
    return xor(stage1, sha256(sha256(stage1), seed));
  }

  /** The value the server caches: SHA256(SHA256(password)). */
  public static byte[] doubleSha256(byte[] password) {
    return sha256(sha256(password));
  }

  /** Checks a fast-path response against a cached double hash in constant time. */
  public static boolean verify(byte[] seed, byte[] clientResponse, byte[] cachedDoubleSha256) {
    if (clientResponse.length != 32 || cachedDoubleSha256.length != 32) {
      return false;
    }
    byte[] stage1 = xor(clientResponse, sha256(cachedDoubleSha256, seed));
    return MessageDigest.isEqual(sha256(stage1), cachedDoubleSha256);
  }

  /** Undoes the XOR with the seed that clients apply to the password before RSA-encrypting it. */
  public static byte[] unxorSeed(byte[] xored, byte[] seed) {
    byte[] r = new byte[xored.length];
    for (int i = 0; i < xored.length; i++) {
      r[i] = (byte) (xored[i] ^ seed[i % seed.length]);
    }
    return r;
  }

  private static byte[] xor(byte[] a, byte[] b) {
    byte[] r = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = (byte) (a[i] ^ b[i]);
    }
    return r;
  }

  static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JRE", e);
    }
  }
}
