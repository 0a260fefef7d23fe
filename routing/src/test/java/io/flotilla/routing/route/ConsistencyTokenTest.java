package io.flotilla.routing.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Encoding, decoding and rejection of consistency tokens. */
class ConsistencyTokenTest {

    @Test
    void roundTrips() {
        for (ConsistencyToken t : new ConsistencyToken[] {
                new ConsistencyToken(0, 0, 0),
                new ConsistencyToken(7, 123_456, 123_999),
                new ConsistencyToken(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE)}) {
            String encoded = t.encode();
            assertThat(encoded).startsWith("ft1.").matches("[A-Za-z0-9._-]+");
            assertThat(ConsistencyToken.decode(encoded)).isEqualTo(t);
        }
    }

    @Test
    void encodedFormIsStable() {
        // a fixed point so that a layout change cannot go unnoticed by tokens already in cookies
        assertThat(new ConsistencyToken(1, 2, 3).encode()).hasSize(4 + 39);
        assertThat(ConsistencyToken.decode(new ConsistencyToken(1, 2, 3).encode()))
                .isEqualTo(new ConsistencyToken(1, 2, 3));
    }

    @Test
    void everySingleCharacterFlipIsRejected() {
        String good = new ConsistencyToken(4, 1000, 1200).encode();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < good.length(); i++) {
            char original = good.charAt(i);
            char replacement = alphabet.charAt((alphabet.indexOf(original) + 1 + alphabet.length()) % alphabet.length());
            String tampered = good.substring(0, i) + replacement + good.substring(i + 1);
            int at = i;
            assertThatThrownBy(() -> ConsistencyToken.decode(tampered))
                    .as("flip at %d", at)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void tamperedPayloadSaysCorrupted() {
        String good = new ConsistencyToken(4, 1000, 1200).encode();
        int i = good.length() / 2;
        char flipped = good.charAt(i) == 'A' ? 'B' : 'A';
        String tampered = good.substring(0, i) + flipped + good.substring(i + 1);
        assertThatThrownBy(() -> ConsistencyToken.decode(tampered)).hasMessageStartingWith("corrupted token");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"hello", "ft2.AAAA", "FT1.AQ", "ft1", "Bearer abc"})
    void garbageIsNotAToken(String text) {
        assertThatThrownBy(() -> ConsistencyToken.decode(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a Flotilla token");
    }

    @Test
    void truncatedIsReported() {
        String good = new ConsistencyToken(4, 1000, 1200).encode();
        for (int cut = 1; cut < good.length() - 4; cut++) {
            String truncated = good.substring(0, good.length() - cut);
            assertThatThrownBy(() -> ConsistencyToken.decode(truncated))
                    .as("cut %d", cut)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("truncated token");
        }
        assertThatThrownBy(() -> ConsistencyToken.decode("ft1.")).hasMessage("truncated token");
    }

    @Test
    void nonBase64IsCorrupted() {
        String good = new ConsistencyToken(4, 1000, 1200).encode();
        assertThatThrownBy(() -> ConsistencyToken.decode(good.substring(0, 10) + "!" + good.substring(11)))
                .hasMessage("corrupted token: not base64url");
    }

    @Test
    void unknownVersionIsNamed() {
        assertThatThrownBy(() -> ConsistencyToken.decode(frame(7, 29)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown token version 7");
    }

    @Test
    void validChecksumWithWrongLengthIsCorrupted() {
        assertThatThrownBy(() -> ConsistencyToken.decode(frame(1, 33))).hasMessageStartingWith("corrupted token");
    }

    @Test
    void tooLongInputIsRefusedBeforeDecoding() {
        assertThatThrownBy(() -> ConsistencyToken.decode("ft1." + "A".repeat(10_000))).hasMessage("not a Flotilla token");
    }

    @Test
    void negativeFieldsAreRejected() {
        assertThatThrownBy(() -> new ConsistencyToken(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A frame with a correct checksum, the given version byte and total length. */
    private static String frame(int version, int length) {
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put((byte) version).putLong(1).putLong(2).putLong(3);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, length - 4);
        b.putInt(length - 4, (int) crc.getValue());
        return "ft1." + Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }
}
