package io.flotilla.replicator.cluster;

import io.flotilla.embedded.EmbeddedNode;
import io.flotilla.replicator.apply.Applier;
import io.flotilla.replicator.apply.ApplierStatus;
import io.flotilla.replicator.config.ClusterConfig;
import io.flotilla.replicator.failover.DivergenceReport;
import io.flotilla.replicator.failover.FailoverManager;
import io.flotilla.replicator.failover.FailoverSettings;
import io.flotilla.replicator.failover.Metadata;
import io.flotilla.replicator.failover.PromotionResult;
import io.flotilla.replicator.failover.Rejoin;
import io.flotilla.replicator.failover.ReplicationControl;
import io.flotilla.replicator.log.AckWaiter;
import io.flotilla.replicator.log.LogEntry;
import io.flotilla.replicator.log.LogSchema;
import io.flotilla.replicator.log.LogWriter;
import io.flotilla.replicator.log.LoggedSession;
import io.flotilla.replicator.log.SessionSettings;
import io.flotilla.replicator.sync.SyncAckTracker;
import io.flotilla.replicator.sync.SyncSchema;
import io.flotilla.replicator.sync.SyncSettings;
import io.flotilla.replicator.sync.SyncState;
import io.flotilla.replicator.provision.CopyProgress;
import io.flotilla.replicator.provision.ProvisionResult;
import io.flotilla.routing.config.HostPort;
import io.flotilla.routing.sql.CachingAnalyzer;
import io.flotilla.routing.sql.LexicalAnalyzer;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running Flotilla cluster: its (embedded) nodes, the leader-side log writer and one applier per follower. */
public final class FlotillaCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlotillaCluster.class);

    private final ClusterConfig config;
    private final Nodes nodes;
    private final Map<String, EmbeddedNode> embedded = new LinkedHashMap<>();
    private final Map<String, Applier> appliers = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<String, LogEntry>> applyListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> closeHooks = new CopyOnWriteArrayList<>();
    private final Membership membership;
    private volatile String leader;
    private volatile long epoch;
    /** Nodes that are neither leader nor running followers: excluded until rebuilt, or waiting to be reconciled. */
    private final java.util.Set<String> outside = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private LogWriter writer;
    private FailoverManager failover;
    private SyncAckTracker tracker;
    private Maintenance maintenance;

    public FlotillaCluster(ClusterConfig config) {
        this.config = config;
        this.nodes = new Nodes(config);
        this.membership = new Membership(this, new FollowerProvisioning(config, nodes));
    }

    public ClusterConfig config() {
        return config;
    }

    public Nodes nodes() {
        return nodes;
    }

    public String leader() {
        return leader;
    }

    public long epoch() {
        return epoch;
    }

    /**
     * The follower names: configured ones in configuration order, then those added at run time (without nodes
     * excluded or waiting to be reconciled).
     */
    public List<String> followers() {
        return nodes.names().stream().filter(n -> !n.equals(leader) && !outside.contains(n)).toList();
    }

    /** Starts embedded nodes when configured and prepares every node; returns this. */
    public FlotillaCluster start() throws SQLException {
        Bootstrap boot = new Bootstrap(config, nodes);
        if (config.embedded()) {
            for (String name : config.nodes().keySet()) {
                startEmbedded(name);
                boot.createReplicationUser(name);
            }
        }
        // The highest epoch recorded on any node names the leader; a fresh cluster takes cluster.leader.
        long bestEpoch = 0;
        String bestLeader = config.initialLeader();
        // A new cluster gets one id on every node; nodes that already have one keep it.
        String clusterId = java.util.UUID.randomUUID().toString();
        Map<String, Long> epochs = new LinkedHashMap<>();
        for (String name : config.nodes().keySet()) {
            boot.prepare(name, config.initialLeader(), clusterId);
            try (Connection c = nodes.replicator(name)) {
                Object[] rec = Bootstrap.clusterRecord(c);
                epochs.put(name, (Long) rec[0]);
                if ((Long) rec[0] > bestEpoch) {
                    bestEpoch = (Long) rec[0];
                    bestLeader = (String) rec[1];
                }
            }
        }
        // A follower added at run time is listed on the configured nodes, not in the file, and may have been promoted
        // since: its cluster record counts too, and it must be reachable before the leader is used.
        for (var m : membership.startListedAtBoot().entrySet()) {
            epochs.put(m.getKey(), (Long) m.getValue()[0]);
            if ((Long) m.getValue()[0] > bestEpoch) {
                bestEpoch = (Long) m.getValue()[0];
                bestLeader = (String) m.getValue()[1];
            }
        }
        leader = bestLeader;
        epoch = bestEpoch;
        // A node that missed a promotion (an old leader) must be reconciled before it follows; an excluded one rebuilt.
        epochs.forEach((n, e) -> {
            if (e < epoch) {
                outside.add(n);
            }
        });
        try (Connection c = nodes.replicator(leader)) {
            outside.addAll(Metadata.excluded(c).keySet());
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
                Bootstrap.setReadOnly(c, !name.equals(leader) || outside.contains(name));
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
            tracker = new SyncAckTracker(readSyncState(), () -> leader, this::followers, nodes::replicator, config.pollMinMicros());
            acks = tracker;
            SyncAckTracker t = tracker;
            onApplied((node, e) -> t.applied(node, e.lsn()));
        }
        writer = new LogWriter(new CachingAnalyzer(new LexicalAnalyzer(), 10_000), () -> epoch, config.unsafePolicy(), this::sideConnection, acks);
        writer.onCommit(lsn -> appliers.values().forEach(Applier::wakeUp));
        return this;
    }

    /** The leader's replication-mode record: mode, synchronous set, fallback state (works from another process too). */
    public SyncState readSyncState() throws SQLException {
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
            return nodes.app(leader);
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
        // Every node starts read-only (a restarted old leader must take no write before it is reconciled); start()
        // opens the leader once the epochs are known.
        EmbeddedNode n = new EmbeddedNode(name, nodes.address(name).port(), FollowerProvisioning.embeddedDir(config, name), List.of("--read-only"),
                EmbeddedNode.localRootInitSql());
        try {
            n.start();
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("cannot start embedded node " + name + ": " + e.getMessage(), e);
        }
        embedded.put(name, n);
    }

    boolean hasEmbedded(String name) {
        return embedded.containsKey(name);
    }

    /** Stops (cleanly) and forgets an embedded node this process started. */
    void stopEmbedded(String name) {
        EmbeddedNode n = embedded.remove(name);
        if (n != null) {
            n.close();
        }
    }

    /** The embedded node of that name (fault tests kill and restart it). */
    public EmbeddedNode embeddedNode(String name) {
        EmbeddedNode n = embedded.get(name);
        if (n == null) {
            throw new IllegalArgumentException("no embedded node " + name);
        }
        return n;
    }

    /** The shared leader-side writer. */
    public LogWriter writer() {
        return writer;
    }

    /** Opens an application session on the leader whose writes are logged. */
    public LoggedSession openSession() throws SQLException {
        return new LoggedSession(writer, nodes.app(leader));
    }

    /** Starts one applier thread per follower. */
    public void startReplication() throws SQLException {
        startReplication(followers());
    }

    /** Starts applier threads for the named followers only (the others can follow with {@link #restartApplier}). */
    public void startReplication(List<String> which) throws SQLException {
        SessionSettings defaults = leaderDefaults();
        for (String f : which) {
            startApplier(f, defaults);
        }
        synchronized (this) {
            if (maintenance == null) {
                maintenance = new Maintenance(this);
                Thread t = new Thread(maintenance, "flotilla-maintenance");
                t.setDaemon(true);
                t.start();
                // Joined on close like the appliers: it may be adopting (starting) a node.
                threads.add(t);
            }
        }
    }

    private void startApplier(String f, SessionSettings defaults) {
        // The leader is looked up at each (re)connect: after a promotion a restarted applier follows the new one.
        Applier a = new Applier(f, () -> nodes.replicator(leader), nodes.replicatorFactory(f), config.applyDelay(f),
                config.batchSize(), config.pollMs(), tracker == null ? 0 : config.pollMinMicros(), defaults, (node, e) -> applyListeners.forEach(l -> l.accept(node, e)));
        Thread t = new Thread(a, "flotilla-applier-" + f);
        t.setDaemon(true);
        t.start();
        appliers.put(f, a);
        threads.add(t);
    }

    /** Kills the applier of one follower mid-flight: its follower connection is aborted, as a SIGKILL would. */
    public void killApplier(String follower) throws InterruptedException {
        Applier a = appliers.remove(follower);
        if (a != null) {
            a.kill();
            for (Thread t : threads) {
                if (t.getName().equals("flotilla-applier-" + follower)) {
                    t.join(10_000);
                }
            }
        }
    }

    /** Starts a fresh applier for a follower; it resumes from the position stored in the follower. */
    public void restartApplier(String follower) throws SQLException {
        SessionSettings defaults = leaderDefaults();
        startApplier(follower, defaults);
    }

    private SessionSettings leaderDefaults() throws SQLException {
        try (Connection c = nodes.replicator(leader)) {
            return SessionSettings.serverDefaults(c);
        }
    }

    /** The failover manager (created on first use; {@link #startFailoverManager()} starts its heartbeats). */
    public synchronized FailoverManager failoverManager() {
        if (failover == null) {
            List<String> stale = new ArrayList<>();
            List<String> excluded = new ArrayList<>();
            for (String n : outside) {
                (isExcluded(n) ? excluded : stale).add(n);
            }
            failover = new FailoverManager(config, nodes, FailoverSettings.from(config.raw()), new Control(), stale, excluded);
        }
        return failover;
    }

    private boolean isExcluded(String node) {
        try (Connection c = nodes.replicator(leader)) {
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

    /** Lets the failover manager stop and re-point this process's appliers. */
    private final class Control implements ReplicationControl {
        @Override
        public String leader() {
            return leader;
        }

        @Override
        public long epoch() {
            return epoch;
        }

        @Override
        public void stopAppliers() {
            for (String f : List.copyOf(appliers.keySet())) {
                try {
                    killApplier(f);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void adopt(String newLeader, long newEpoch, java.util.Collection<String> runFor) {
            stopAppliers();
            boolean changed = !newLeader.equals(leader);
            leader = newLeader;
            epoch = newEpoch;
            if (changed && tracker != null) {
                tracker.leaderChanged();
            }
            outside.clear();
            nodes.names().stream().filter(n -> !n.equals(newLeader) && !runFor.contains(n)).forEach(outside::add);
            for (String f : runFor) {
                startApplier(f);
            }
        }

        @Override
        public void startApplier(String node) {
            outside.remove(node);
            try {
                restartApplier(node);
            } catch (SQLException e) {
                LOG.warn("cannot start the applier of {}: {}", node, e.getMessage());
            }
        }
    }

    /** Runs after {@link #close()} has stopped the appliers and nodes (e.g. to remove a temporary data directory). */
    public void onClose(Runnable hook) {
        closeHooks.add(hook);
    }

    /** Called after every entry a follower applies (node, entry). */
    public void onApplied(BiConsumer<String, LogEntry> listener) {
        applyListeners.add(listener);
    }

    public Map<String, ApplierStatus> applierStatus() {
        Map<String, ApplierStatus> out = new LinkedHashMap<>();
        appliers.forEach((k, v) -> out.put(k, v.status()));
        return out;
    }

    /** The newest committed LSN on the leader. */
    public long leaderHead() throws SQLException {
        try (Connection c = nodes.replicator(leader)) {
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
        appliers.values().forEach(Applier::stop);
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        appliers.clear();
        for (EmbeddedNode n : embedded.values()) {
            try {
                n.close();
            } catch (RuntimeException e) {
                LOG.warn("stopping {}: {}", n.name(), e.getMessage());
            }
        }
        embedded.clear();
        closeHooks.forEach(Runnable::run);
        closeHooks.clear();
    }

    /** Runs a checksum query per table of the application database on a node: table → checksum. */
    public Map<String, Long> checksums(String node) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = nodes.replicator(node)) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name")) {
                ps.setString(1, config.database());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                for (String t : tables) {
                    try (ResultSet rs = st.executeQuery("CHECKSUM TABLE `" + config.database() + "`.`" + t + "` EXTENDED")) {
                        rs.next();
                        out.put(t, rs.getLong(2));
                    }
                }
            }
        }
        return out;
    }
}
