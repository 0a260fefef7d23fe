package io.flotilla.routing.route;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.CRC32;

/**
 * A session's position in portable form, so that a client can carry read-your-writes across connections
 * (an HTTP cookie, a header, a message property).
 *
 * <p>The encoded form is {@code "ft1."} followed by unpadded base64url of: a version byte, the epoch, the write
 * LSN and the seen LSN (big-endian longs), and a CRC32 of everything before it. The CRC catches truncation and
 * accidental corruption; it is not a signature. A client that forges a token can only make its own reads wait
 * or go to the leader, never read something it could not read anyway.
 */
public record ConsistencyToken(long epoch, long writeLsn, long seenLsn) {

    /** The marker that every encoded token starts with. */
    public static final String PREFIX = "ft1.";
    /** The payload layout this class writes. */
    static final int VERSION = 1;
    private static final int PAYLOAD_BYTES = 1 + 3 * Long.BYTES;
    private static final int FRAME_BYTES = PAYLOAD_BYTES + Integer.BYTES;
    private static final int ENCODED_FRAME_CHARS = (FRAME_BYTES * 4 + 2) / 3;
    /** Far above any real token; refusing longer input keeps a hostile cookie from costing a big allocation. */
    private static final int MAX_ENCODED_CHARS = 256;

    public ConsistencyToken {
        if (epoch < 0 || writeLsn < 0 || seenLsn < 0) {
            throw new IllegalArgumentException("token fields must not be negative: epoch=" + epoch
                    + " writeLsn=" + writeLsn + " seenLsn=" + seenLsn);
        }
    }

    /** The opaque, URL- and cookie-safe form ({@code [A-Za-z0-9._-]} only). */
    public String encode() {
        ByteBuffer frame = ByteBuffer.allocate(FRAME_BYTES);
        frame.put((byte) VERSION).putLong(epoch).putLong(writeLsn).putLong(seenLsn);
        frame.putInt((int) crc(frame.array(), PAYLOAD_BYTES));
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(frame.array());
    }

    /**
     * Parses the output of {@link #encode()}.
     *
     * @throws IllegalArgumentException saying whether the text is not a token at all, truncated, corrupted,
     *                                  or of an unknown version
     */
    public static ConsistencyToken decode(String text) {
        if (text == null || !text.startsWith(PREFIX) || text.length() > MAX_ENCODED_CHARS) {
            throw new IllegalArgumentException("not a Flotilla token");
        }
        String body64 = text.substring(PREFIX.length());
        byte[] frame;
        try {
            frame = Base64.getUrlDecoder().decode(body64);
        } catch (IllegalArgumentException e) {
            // a cut-off token often leaves an impossible base64 length; say so rather than "corrupted"
            throw new IllegalArgumentException(body64.length() < ENCODED_FRAME_CHARS
                    ? "truncated token" : "corrupted token: not base64url", e);
        }
        if (frame.length < 1 + Integer.BYTES) {
            throw new IllegalArgumentException("truncated token");
        }
        int body = frame.length - Integer.BYTES;
        ByteBuffer in = ByteBuffer.wrap(frame);
        // the check covers the version byte too, so a flipped character is reported as corruption, not as a version
        if ((int) crc(frame, body) != in.getInt(body)) {
            throw new IllegalArgumentException(frame[0] == VERSION && frame.length < FRAME_BYTES
                    ? "truncated token" : "corrupted token");
        }
        // the decoder ignores the spare low bits of the last character; insisting on the canonical form keeps
        // "one token, one text" and makes every changed character detectable
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(frame).equals(body64)) {
            throw new IllegalArgumentException("corrupted token: not canonical base64url");
        }
        int version = frame[0] & 0xff;
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown token version " + version);
        }
        if (frame.length != FRAME_BYTES) {
            throw new IllegalArgumentException("corrupted token: " + frame.length + " bytes for version " + VERSION);
        }
        in.position(1);
        long epoch = in.getLong();
        long write = in.getLong();
        long seen = in.getLong();
        if (epoch < 0 || write < 0 || seen < 0) {
            throw new IllegalArgumentException("corrupted token: negative position");
        }
        return new ConsistencyToken(epoch, write, seen);
    }

    private static long crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }
}
