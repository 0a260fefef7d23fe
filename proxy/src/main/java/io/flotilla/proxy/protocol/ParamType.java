package io.flotilla.proxy.protocol;

/** The type a client bound to one COM_STMT_EXECUTE parameter: a MYSQL_TYPE_* code and the unsigned flag. */
public record ParamType(int type, boolean unsigned) {
  public ParamType {
    if (type < 0 || type > 0xFF) {
      throw new IllegalArgumentException("parameter type out of range: " + type);
    }
  }
}
