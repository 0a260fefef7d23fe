package io.flotilla.replicator.cluster;

import io.flotilla.replicator.failover.ReplicationControl;
import io.flotilla.replicator.sync.SyncAckTracker;
import java.sql.SQLException;
import java.util.Collection;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Lets the failover manager stop and re-point this process's appliers. */
final class ApplierControl implements ReplicationControl {

    private static final Logger LOG = LoggerFactory.getLogger(ApplierControl.class);

    private final Leadership leadership;
    private final ApplierThreads appliers;
    private final Nodes nodes;
    private final Supplier<SyncAckTracker> tracker;

    /** @param tracker this process's acknowledgement tracker, or null (async, or not started yet) */
    ApplierControl(Leadership leadership, ApplierThreads appliers, Nodes nodes, Supplier<SyncAckTracker> tracker) {
        this.leadership = leadership;
        this.appliers = appliers;
        this.nodes = nodes;
        this.tracker = tracker;
    }

    @Override
    public String leader() {
        return leadership.leader();
    }

    @Override
    public long epoch() {
        return leadership.epoch();
    }

    @Override
    public void stopAppliers() {
        for (String f : appliers.running()) {
            try {
                appliers.kill(f);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void adopt(String newLeader, long newEpoch, Collection<String> runFor) {
        stopAppliers();
        boolean changed = leadership.set(newLeader, newEpoch);
        SyncAckTracker t = tracker.get();
        if (changed && t != null) {
            t.leaderChanged();
        }
        leadership.keepOnly(nodes.names(), runFor);
        for (String f : runFor) {
            startApplier(f);
        }
    }

    @Override
    public void startApplier(String node) {
        leadership.admit(node);
        try {
            appliers.restart(node);
        } catch (SQLException e) {
            LOG.warn("cannot start the applier of {}: {}", node, e.getMessage());
        }
    }
}
