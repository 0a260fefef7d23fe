package io.flotilla.proxy.protocol;

import io.netty.buffer.ByteBuf;

/**
 * A TIME value in the binary protocol: a length byte (0, 8 or 12), sign, days, hours, minutes, seconds, micros.
 *
 * <p>TIME is an interval, not a time of day: it may be negative and exceed 24 hours (-838:59:59 to 838:59:59).
 */
public record BinaryTime(boolean negative, long days, int hours, int minutes, int seconds, int micros) {

  public BinaryTime {
    if (days < 0 || days > 0xFFFFFFFFL || hours < 0 || hours > 0xFF || minutes < 0 || minutes > 0xFF
        || seconds < 0 || seconds > 0xFF || micros < 0) {
      throw new IllegalArgumentException("time field out of range");
    }
  }

  /** The time from its wire form; any length other than 0, 8 or 12 is a protocol error. */
  public static BinaryTime decode(ByteBuf buf) {
    int length = Payload.readInt1(buf);
    if (length == 0) {
      return new BinaryTime(false, 0, 0, 0, 0, 0);
    }
    if (length != 8 && length != 12) {
      throw new ProtocolException("binary time length " + length + " is not 0, 8 or 12");
    }
    int sign = Payload.readInt1(buf);
    if (sign > 1) {
      throw new ProtocolException("binary time sign byte " + sign + " is not 0 or 1");
    }
    long days = Integer.toUnsignedLong(Payload.readInt4(buf));
    int hours = Payload.readInt1(buf);
    int minutes = Payload.readInt1(buf);
    int seconds = Payload.readInt1(buf);
    int micros = length == 12 ? Payload.readInt4(buf) : 0;
    if (micros < 0) {
      throw new ProtocolException("binary time microseconds out of range");
    }
    return new BinaryTime(sign == 1, days, hours, minutes, seconds, micros);
  }

  /** Writes length 0 for a zero time, 8 without and 12 with microseconds. */
  public void encode(ByteBuf out) {
    boolean zero = days == 0 && hours == 0 && minutes == 0 && seconds == 0 && micros == 0;
    if (zero && !negative) {
      Payload.writeInt1(out, 0);
      return;
    }
    Payload.writeInt1(out, micros == 0 ? 8 : 12);
    Payload.writeInt1(out, negative ? 1 : 0);
    Payload.writeInt4(out, (int) days);
    Payload.writeInt1(out, hours);
    Payload.writeInt1(out, minutes);
    Payload.writeInt1(out, seconds);
    if (micros != 0) {
      Payload.writeInt4(out, micros);
    }
  }

  /** Parses MySQL's text form {@code [-][D ]H+:MM:SS[.f…]}; hours of 24 or more become days. */
  public static BinaryTime parse(String text) {
    String s = text.trim();
    try {
      boolean negative = s.startsWith("-");
      if (negative) {
        s = s.substring(1);
      }
      long extraDays = 0;
      int space = s.indexOf(' ');
      if (space > 0) {
        extraDays = Long.parseLong(s.substring(0, space));
        s = s.substring(space + 1);
      }
      String[] parts = s.split(":");
      if (parts.length != 3) {
        throw new IllegalArgumentException("expected H:MM:SS");
      }
      long totalHours = Long.parseLong(parts[0]) + extraDays * 24;
      int minutes = Integer.parseInt(parts[1]);
      String sec = parts[2];
      int micros = 0;
      int dot = sec.indexOf('.');
      if (dot >= 0) {
        String frac = (sec.substring(dot + 1) + "000000").substring(0, 6);
        micros = Integer.parseInt(frac);
        sec = sec.substring(0, dot);
      }
      return new BinaryTime(negative, totalHours / 24, (int) (totalHours % 24), minutes, Integer.parseInt(sec), micros);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a MySQL time: " + text, e);
    }
  }

  /** MySQL's text form, hours including the days, e.g. {@code -838:59:59} or {@code 12:00:00.500000}. */
  @Override
  public String toString() {
    String base = String.format("%s%02d:%02d:%02d", negative ? "-" : "", days * 24 + hours, minutes, seconds);
    return micros == 0 ? base : base + String.format(".%06d", micros);
  }
}
