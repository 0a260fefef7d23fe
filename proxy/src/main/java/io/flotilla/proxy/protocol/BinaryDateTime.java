package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;

/**
 * A DATE, DATETIME or TIMESTAMP value in the binary protocol: a length byte (0, 4, 7 or 11) and as many fields.
 *
 * <p>Fields are kept raw (not a LocalDateTime) because MySQL allows zero dates like 0000-00-00 that java.time cannot
 * represent, and a proxy must pass them through unchanged.
 */
public record BinaryDateTime(int year, int month, int day, int hour, int minute, int second, int micros) {

  public BinaryDateTime {
    if (year < 0 || year > 0xFFFF || month < 0 || month > 0xFF || day < 0 || day > 0xFF || hour < 0 || hour > 0xFF
        || minute < 0 || minute > 0xFF || second < 0 || second > 0xFF || micros < 0) {
      throw new IllegalArgumentException("date-time field out of range");
    }
  }

  /** The date-time from its wire form; any length other than 0, 4, 7 or 11 is a protocol error. */
  public static BinaryDateTime decode(ByteBuf buf) {
    int length = Payload.readInt1(buf);
    if (length != 0 && length != 4 && length != 7 && length != 11) {
      throw new ProtocolException("binary date-time length " + length + " is not 0, 4, 7 or 11");
    }
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, micros = 0;
    if (length >= 4) {
      year = Payload.readInt2(buf);
      month = Payload.readInt1(buf);
      day = Payload.readInt1(buf);
    }
    if (length >= 7) {
      hour = Payload.readInt1(buf);
      minute = Payload.readInt1(buf);
      second = Payload.readInt1(buf);
    }
    if (length == 11) {
      micros = Payload.readInt4(buf);
      if (micros < 0) {
        throw new ProtocolException("binary date-time microseconds out of range");
      }
    }
    return new BinaryDateTime(year, month, day, hour, minute, second, micros);
  }

  /** Writes the shortest length that carries every non-zero field, as MySQL does. */
  public void encode(ByteBuf out) {
    boolean hasMicros = micros != 0;
    boolean hasTime = hasMicros || hour != 0 || minute != 0 || second != 0;
    boolean hasDate = hasTime || year != 0 || month != 0 || day != 0;
    Payload.writeInt1(out, hasMicros ? 11 : hasTime ? 7 : hasDate ? 4 : 0);
    if (hasDate) {
      Payload.writeInt2(out, year);
      Payload.writeInt1(out, month);
      Payload.writeInt1(out, day);
    }
    if (hasTime) {
      Payload.writeInt1(out, hour);
      Payload.writeInt1(out, minute);
      Payload.writeInt1(out, second);
    }
    if (hasMicros) {
      Payload.writeInt4(out, micros);
    }
  }

  /** Parses MySQL's text form, {@code YYYY-MM-DD[ HH:MM:SS[.ffffff]]} (a 'T' separator is accepted too). */
  public static BinaryDateTime parse(String text) {
    String s = text.trim();
    try {
      int year = Integer.parseInt(s.substring(0, s.indexOf('-')));
      int p = s.indexOf('-') + 1;
      int month = Integer.parseInt(s.substring(p, p + 2));
      int day = Integer.parseInt(s.substring(p + 3, p + 5));
      if (s.length() == p + 5) {
        return new BinaryDateTime(year, month, day, 0, 0, 0, 0);
      }
      BinaryTime t = BinaryTime.parse(s.substring(p + 6));
      return new BinaryDateTime(year, month, day, t.hours(), t.minutes(), t.seconds(), t.micros());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a MySQL date-time: " + text, e);
    }
  }

  /** The date part only, {@code YYYY-MM-DD}. */
  public String toDateString() {
    return String.format("%04d-%02d-%02d", year, month, day);
  }

  /** MySQL's text form with six fractional digits when there are microseconds. */
  @Override
  public String toString() {
    String base = String.format("%04d-%02d-%02d %02d:%02d:%02d", year, month, day, hour, minute, second);
    return micros == 0 ? base : base + String.format(".%06d", micros);
  }
}
