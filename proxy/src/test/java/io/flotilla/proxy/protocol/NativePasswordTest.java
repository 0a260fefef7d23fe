package io.flotilla.proxy.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class NativePasswordTest {
  private static final byte[] SEED = "abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII); // 20-byte seed
  private static final byte[] PASSWORD = "p@ssw0rd".getBytes(StandardCharsets.UTF_8);

  @Test
  void scrambleMatchesTheDefinition() throws Exception {
    // Computed independently, step by step, from SHA1(pw) XOR SHA1(seed + SHA1(SHA1(pw))).
    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
    byte[] stage1 = sha1.digest(PASSWORD);
    byte[] stage2 = sha1.digest(stage1);
    sha1.update(SEED);
    sha1.update(stage2);
    byte[] mask = sha1.digest();
    byte[] expected = new byte[20];
    for (int i = 0; i < 20; i++) {
      expected[i] = (byte) (stage1[i] ^ mask[i]);
    }
    assertThat(NativePassword.scramble(PASSWORD, SEED)).isEqualTo(expected);
    assertThat(NativePassword.doubleSha1(PASSWORD)).isEqualTo(stage2);
  }

  @Test
  void knownDoubleSha1() {
    // MySQL's PASSWORD('password') is '*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19'.
    assertThat(io.netty.buffer.ByteBufUtil.hexDump(NativePassword.doubleSha1("password".getBytes())))
        .isEqualTo("2470c0c06dee42fd1618bb99005adca2ec9d1e19");
  }

  @Test
  void verifyAcceptsRightPasswordOnly() {
    byte[] stored = NativePassword.doubleSha1(PASSWORD);
    assertThat(NativePassword.verify(SEED, NativePassword.scramble(PASSWORD, SEED), stored)).isTrue();
    assertThat(NativePassword.verify(SEED, NativePassword.scramble("wrong".getBytes(), SEED), stored)).isFalse();
    byte[] otherSeed = "ABCDEFGHIJKLMNOPQRST".getBytes(StandardCharsets.US_ASCII);
    assertThat(NativePassword.verify(otherSeed, NativePassword.scramble(PASSWORD, SEED), stored)).isFalse();
    assertThat(NativePassword.verify(SEED, new byte[0], stored)).isFalse();
  }

  @Test
  void emptyPasswordGivesEmptyResponse() {
    assertThat(NativePassword.scramble(new byte[0], SEED)).isEmpty();
    assertThat(NativePassword.verify(SEED, new byte[0], NativePassword.doubleSha1(new byte[0]))).isTrue();
    assertThat(NativePassword.verify(SEED, NativePassword.scramble(PASSWORD, SEED), new byte[0])).isFalse();
  }
}
