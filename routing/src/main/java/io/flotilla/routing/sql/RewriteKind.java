package io.flotilla.routing.sql;

/** Nondeterministic calls that the replicator replaces with literals before logging. */
public enum RewriteKind { UUID, UUID_SHORT, SYSDATE, LAST_INSERT_ID }
