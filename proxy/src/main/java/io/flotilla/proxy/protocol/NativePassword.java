package io.flotilla.proxy.protocol;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The mysql_native_password scheme: response = SHA1(password) XOR SHA1(seed + SHA1(SHA1(password))).
 *
 * <p>The server stores only SHA1(SHA1(password)), so {@link #verify} recovers SHA1(password) from the response
 * and checks that hashing it once more gives the stored value.
 */
public final class NativePassword {
  public static final String PLUGIN_NAME = "mysql_native_password";

  private NativePassword() {}

  /** The client's auth response; an empty password gives an empty response, as MySQL clients send. */
  public static byte[] scramble(byte[] password, byte[] seed) {
    if (password.length == 0) {
      return new byte[0];
    }
    byte[] stage1 = sha1(password);
    byte[] stage2 = sha1(stage1);
    return xor(stage1, sha1(seed, stage2));
  }

  /** What the server stores: SHA1(SHA1(password)), or empty for an empty password. */
  public static byte[] doubleSha1(byte[] password) {
    return password.length == 0 ? new byte[0] : sha1(sha1(password));
  }

  /** Checks a client's response against the stored double hash in constant time. */
  public static boolean verify(byte[] seed, byte[] clientResponse, byte[] storedDoubleSha1) {
    if (storedDoubleSha1.length == 0) {
      return clientResponse.length == 0; // account without a password
    }
    if (clientResponse.length != 20 || storedDoubleSha1.length != 20) {
      return false;
    }
    byte[] stage1 = xor(clientResponse, sha1(seed, storedDoubleSha1));
    return MessageDigest.isEqual(sha1(stage1), storedDoubleSha1);
  }

  private static byte[] xor(byte[] a, byte[] b) {
    byte[] r = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = (byte) (a[i] ^ b[i]);
    }
    return r;
  }

  private static byte[] sha1(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-1");
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JRE", e);
    }
  }
}
