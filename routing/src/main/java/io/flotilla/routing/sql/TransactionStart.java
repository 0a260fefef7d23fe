package io.flotilla.routing.sql;

/** Characteristics of a BEGIN / START TRANSACTION statement. */
public record TransactionStart(boolean readOnly, boolean consistentSnapshot) {

    /** A plain BEGIN with no characteristics. */
    public static final TransactionStart PLAIN = new TransactionStart(false, false);
}
