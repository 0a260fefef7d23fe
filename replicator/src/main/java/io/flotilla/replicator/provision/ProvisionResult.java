package io.flotilla.replicator.provision;

/**
 * The outcome of provisioning a node from a snapshot.
 *
 * @param lsn the snapshot position P the node's applier continues after
 * @param floor the bottom of the scan for in-flight entries
 * @param lateEntries entries below P applied after the copy (committed after the snapshot)
 * @param copy what the copy moved
 * @param attempts how many snapshots it took (DDL during a copy forces another)
 */
public record ProvisionResult(long lsn, long floor, int lateEntries, CopyStats copy, int attempts) {
}
