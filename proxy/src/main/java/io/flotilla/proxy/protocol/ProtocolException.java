package io.flotilla.proxy.protocol;

/** Thrown when bytes on the wire do not form a valid MySQL protocol packet. */
public final class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }
}
