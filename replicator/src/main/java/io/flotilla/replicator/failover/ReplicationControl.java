package io.flotilla.replicator.failover;

import java.util.Collection;

/** What the failover manager needs from the process that runs the appliers (FlotillaCluster). */
public interface ReplicationControl {

    String leader();

    long epoch();

    /** Stops every applier (before a promotion reads positions). */
    void stopAppliers();

    /** Takes a new leader and epoch and runs appliers for exactly {@code followers}, all pointed at the new leader. */
    void adopt(String leader, long epoch, Collection<String> followers);

    /** Starts an applier for a node that has just been reconciled into the current epoch. */
    void startApplier(String node);
}
