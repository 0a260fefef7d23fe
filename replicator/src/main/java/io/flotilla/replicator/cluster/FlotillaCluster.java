package io.flotilla.replicator.cluster;

import io.flotilla.embedded.EmbeddedNode;
import io.flotilla.replicator.apply.ApplierStatus;
import io.flotilla.replicator.config.ClusterConfig;
import io.flotilla.replicator.failover.DivergenceReport;
import io.flotilla.replicator.failover.FailoverManager;
import io.flotilla.replicator.failover.FailoverSettings;
import io.flotilla.replicator.failover.Metadata;
import io.flotilla.replicator.failover.PromotionResult;
import io.flotilla.replicator.failover.Rejoin;
import io.flotilla.replicator.log.AckWaiter;
import io.flotilla.replicator.log.LogEntry;
import io.flotilla.replicator.log.LogSchema;
import io.flotilla.replicator.log.LogWriter;
import io.flotilla.replicator.log.LoggedSession;
import io.flotilla.replicator.sync.SyncAckTracker;
import io.flotilla.replicator.sync.SyncSchema;
import io.flotilla.replicator.sync.SyncSettings;
import io.flotilla.replicator.sync.SyncState;
import io.flotilla.replicator.provision.CopyProgress;
import io.flotilla.replicator.provision.ProvisionResult;
import io.flotilla.routing.config.HostPort;
import io.flotilla.routing.sql.CachingAnalyzer;
import io.flotilla.routing.sql.LexicalAnalyzer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/** A running Flotilla cluster: its (embedded) nodes, the leader-side log writer and one applier per follower. */
public final class FlotillaCluster implements AutoCloseable {

    private final ClusterConfig config;
    private final Nodes nodes;
    private final EmbeddedNodes embedded;
    private final ApplierThreads appliers;
    private final List<Runnable> closeHooks = new CopyOnWriteArrayList<>();
    private final Membership membership;
    private final Leadership leadership = new Leadership();
    private LogWriter writer;
    /** Set under the cluster's lock in failoverManager(); read by close() and divergenceReports() on any thread. */
    private volatile FailoverManager failover;
    private volatile SyncAckTracker tracker;
    /** Set under the cluster's lock in startReplication; read by close() on any thread. */
    private volatile Maintenance maintenance;
    /** The maintenance thread, joined on close like the appliers: it may be adopting (starting) a node. */
    private volatile Thread maintenanceThread;

    public FlotillaCluster(ClusterConfig config) {
        this.config = config;
        this.nodes = new Nodes(config);
        this.embedded = new EmbeddedNodes(config, nodes);
        this.appliers = new ApplierThreads(config, nodes, leadership::leader);
        this.membership = new Membership(this, new FollowerProvisioning(config, nodes));
    }

    public ClusterConfig config() {
        return config;
    }

    public Nodes nodes() {
        return nodes;
    }

    public String leader() {
        return leadership.leader();
    }

    public long epoch() {
        return leadership.epoch();
    }

    /**
     * The follower names: configured ones in configuration order, then those added at run time (without nodes
     * excluded or waiting to be reconciled).
     */
    public List<String> followers() {
        return leadership.followers(nodes.names());
    }

    /** Starts embedded nodes when configured and prepares every node; returns this. */
    public FlotillaCluster start() throws SQLException {
        Bootstrap boot = new Bootstrap(config, nodes);
        if (config.embedded()) {
            for (String name : config.nodes().keySet()) {
                embedded.start(name);
                boot.createReplicationUser(name);
            }
        }
        // The highest epoch recorded on any node names the leader; a fresh cluster takes cluster.leader.
        StartingPoint at = StartingPoint.read(config, nodes, boot, membership);
        leadership.set(at.leader(), at.epoch());
        String leader = at.leader();
        // A node that missed a promotion (an old leader) must be reconciled before it follows; an excluded one rebuilt.
        leadership.putOutside(at.behind());
        try (Connection c = nodes.replicator(leader)) {
            leadership.putOutside(Metadata.excluded(c).keySet());
        }
        SyncSettings sync = config.sync();
        // The first k followers in configuration order start as the synchronous set; writers change it on the leader.
        List<String> syncSet = followers().subList(0, sync.syncFollowers());
        for (String name : config.nodes().keySet()) {
            try (Connection c = nodes.replicator(name)) {
                if (name.equals(leader)) {
                    Bootstrap.checkLeaderSettings(c, name);
                }
                SyncSchema.write(c, sync, syncSet);
                Bootstrap.setReadOnly(c, !name.equals(leader) || leadership.isOutside(name));
            }
        }
        if (!config.nodes().containsKey(leader)) {
            try (Connection c = nodes.replicator(leader)) {
                Bootstrap.checkLeaderSettings(c, leader);
                Bootstrap.setReadOnly(c, false);
            }
        }
        adoptListedMembers();
        AckWaiter acks = AckWaiter.NONE;
        if (sync.waits()) {
            tracker = new SyncAckTracker(readSyncState(), leadership::leader, this::followers, nodes::replicator, config.pollMinMicros());
            acks = tracker;
            SyncAckTracker t = tracker;
            appliers.onApplied((node, e) -> t.applied(node, e.lsn()));
        }
        writer = new LogWriter(new CachingAnalyzer(new LexicalAnalyzer(), 10_000), leadership::epoch, config.unsafePolicy(), this::sideConnection, acks);
        writer.onCommit(lsn -> appliers.wakeUp());
        return this;
    }

    /** The leader's replication-mode record: mode, synchronous set, fallback state (works from another process too). */
    public SyncState readSyncState() throws SQLException {
        String leader = leader();
        try (Connection c = nodes.replicator(leader)) {
            return SyncSchema.read(c).orElseThrow(() -> new SQLException("leader " + leader + " has no flotilla.replication record", "HY000"));
        }
    }

    /** This process's acknowledgement tracker (semi-sync and sync only). */
    public Optional<SyncAckTracker> syncTracker() {
        return Optional.ofNullable(tracker);
    }

    private Connection sideConnection() {
        try {
            return nodes.app(leader());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a second leader connection for a DDL: " + e.getMessage(), e);
        }
    }

    /** The members listed on the leader that this process does not know yet are registered (and started if embedded). */
    private void adoptListedMembers() throws SQLException {
        membership.adoptListed();
    }

    /** Takes on a follower another process added: registers it, starts it if embedded, and starts its applier. */
    void adopt(String name, HostPort address) throws SQLException {
        membership.adopt(name, address);
    }

    FollowerProvisioning provisioning() {
        return membership.provisioning();
    }

    boolean isProvisioning(String name) {
        return membership.isProvisioning(name);
    }

    /**
     * Adds a follower while writes continue: for an embedded cluster starts a new embedded node on that port,
     * otherwise expects an empty MariaDB there that the replicator user can reach; copies a leader snapshot to it,
     * starts its applier from the snapshot position, and lists it as provisioning until it has caught up (then
     * active: see {@link #awaitActive}).
     */
    public ProvisionResult addFollower(String name, HostPort address,
            CopyProgress progress) throws SQLException {
        return membership.add(name, address, progress);
    }

    /**
     * Wipes the application schemas of an existing follower and provisions it again from a leader snapshot; drivers
     * stop reading from it until it has caught up. An excluded node is rejoined as by {@link #rebuildExcluded}.
     */
    public ProvisionResult rebuildFollower(String name,
            CopyProgress progress) throws SQLException, InterruptedException {
        return membership.rebuild(name, progress);
    }

    /**
     * Brings an excluded node (a returned old leader holding lost writes) back as a follower: archives its lost writes
     * in flotilla.lost_writes, rebuilds it from a leader snapshot, lifts its exclusion and starts its applier; drivers
     * read from it once it has caught up. {@link #rebuildFollower} does the same for an excluded node.
     */
    public Rejoin.Result rebuildExcluded(String name, CopyProgress progress) throws SQLException {
        return membership.rejoin(name, progress);
    }

    /** Waits until the node is listed as active on the leader (caught up after provisioning); false on timeout. */
    public boolean awaitActive(String name, long timeoutMs) throws SQLException, InterruptedException {
        return membership.awaitActive(name, timeoutMs);
    }

    /** Runs one log purge now (normally every log.purge-interval-ms); returns the entries deleted on the leader. */
    public long purgeLog() throws SQLException {
        return new Maintenance(this).purge();
    }

    void startEmbedded(String name) {
        embedded.start(name);
    }

    boolean hasEmbedded(String name) {
        return embedded.has(name);
    }

    /** Stops (cleanly) and forgets an embedded node this process started. */
    void stopEmbedded(String name) {
        embedded.stop(name);
    }

    /** The embedded node of that name (fault tests kill and restart it). */
    public EmbeddedNode embeddedNode(String name) {
        return embedded.get(name);
    }

    /** The shared leader-side writer. */
    public LogWriter writer() {
        return writer;
    }

    /** Opens an application session on the leader whose writes are logged. */
    public LoggedSession openSession() throws SQLException {
        return new LoggedSession(writer, nodes.app(leader()));
    }

    /** Starts one applier thread per follower. */
    public void startReplication() throws SQLException {
        startReplication(followers());
    }

    /** Starts applier threads for the named followers only (the others can follow with {@link #restartApplier}). */
    public void startReplication(List<String> which) throws SQLException {
        appliers.startAll(which);
        synchronized (this) {
            if (maintenance == null) {
                maintenance = new Maintenance(this);
                maintenanceThread = new Thread(maintenance, "flotilla-maintenance");
                maintenanceThread.setDaemon(true);
                maintenanceThread.start();
            }
        }
    }

    /** Kills the applier of one follower mid-flight: its follower connection is aborted, as a SIGKILL would. */
    public void killApplier(String follower) throws InterruptedException {
        appliers.kill(follower);
    }

    /** Starts a fresh applier for a follower; it resumes from the position stored in the follower. */
    public void restartApplier(String follower) throws SQLException {
        appliers.restart(follower);
    }

    /** The failover manager (created on first use; {@link #startFailoverManager()} starts its heartbeats). */
    public synchronized FailoverManager failoverManager() {
        if (failover == null) {
            List<String> stale = new ArrayList<>();
            List<String> excluded = new ArrayList<>();
            for (String n : leadership.outside()) {
                (isExcluded(n) ? excluded : stale).add(n);
            }
            failover = new FailoverManager(config, nodes, FailoverSettings.from(config.raw()), new ApplierControl(leadership, appliers, nodes, () -> tracker), stale, excluded);
        }
        return failover;
    }

    private boolean isExcluded(String node) {
        try (Connection c = nodes.replicator(leader())) {
            return Metadata.excluded(c).containsKey(node);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Starts heartbeats and automatic failover (what {@code flotilla up} runs). */
    public void startFailoverManager() {
        failoverManager().start();
    }

    /** Promotes the follower with the highest applied LSN now, with a new epoch (manual failover). */
    public PromotionResult failover() throws SQLException {
        return failoverManager().failover();
    }

    /** Hands leadership to {@code target} with no data loss; waits up to {@code timeoutMs} for drain and catch-up. */
    public PromotionResult switchover(String target, long timeoutMs) throws SQLException, InterruptedException {
        return failoverManager().switchover(target, timeoutMs);
    }

    /** Writes found on returned old leaders that never reached the new leader. */
    public List<DivergenceReport> divergenceReports() {
        return failover == null ? List.of() : failover.divergenceReports();
    }

    /** Runs after {@link #close()} has stopped the appliers and nodes (e.g. to remove a temporary data directory). */
    public void onClose(Runnable hook) {
        closeHooks.add(hook);
    }

    /** Called after every entry a follower applies (node, entry). */
    public void onApplied(BiConsumer<String, LogEntry> listener) {
        appliers.onApplied(listener);
    }

    public Map<String, ApplierStatus> applierStatus() {
        return appliers.status();
    }

    /** The newest committed LSN on the leader. */
    public long leaderHead() throws SQLException {
        try (Connection c = nodes.replicator(leader())) {
            return LogSchema.head(c);
        }
    }

    /** Waits until every follower's applied position reaches the leader's head; false on timeout. */
    public boolean awaitCaughtUp(long timeoutMs) throws SQLException, InterruptedException {
        long head = leaderHead();
        long deadline = System.currentTimeMillis() + timeoutMs;
        for (String f : followers()) {
            while (appliedLsn(f) < head) {
                if (System.currentTimeMillis() > deadline) {
                    return false;
                }
                Thread.sleep(5);
            }
        }
        return true;
    }

    /** A follower's applied LSN as stored in its own database. */
    public long appliedLsn(String node) throws SQLException {
        try (Connection c = nodes.replicator(node)) {
            return LogSchema.appliedLsn(c);
        }
    }

    /** The status of every node, read from the databases (works from another process too). */
    public List<NodeStatus> status() {
        return ClusterStatus.read(nodes);
    }

    @Override
    public void close() {
        if (failover != null) {
            failover.close();
        }
        if (maintenance != null) {
            maintenance.stop();
        }
        if (tracker != null) {
            // Commits still waiting get an explicit "committed but not acknowledged" instead of hanging.
            tracker.close();
        }
        if (maintenanceThread != null) {
            // First: a maintenance pass may be adopting a node, which starts an applier that stopAll must then see.
            ApplierThreads.join(maintenanceThread);
        }
        appliers.stopAll();
        appliers.joinAll();
        embedded.closeAll();
        closeHooks.forEach(Runnable::run);
        closeHooks.clear();
    }

    /** Runs a checksum query per table of the application database on a node: table → checksum. */
    public Map<String, Long> checksums(String node) throws SQLException {
        return TableChecksums.of(nodes, node, config.database());
    }
}
