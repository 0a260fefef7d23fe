package io.flotilla.replicator.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Which node leads at which epoch as this process knows it, and which nodes are kept outside the cluster for now. */
final class Leadership {

    /** Leader and epoch change together, so one volatile record keeps a reader from seeing one without the other. */
    private record Term(String leader, long epoch) {
    }

    private volatile Term term = new Term(null, 0);
    /** Nodes that are neither leader nor running followers: excluded until rebuilt, or waiting to be reconciled. */
    private final Set<String> outside = ConcurrentHashMap.newKeySet();

    String leader() {
        return term.leader();
    }

    long epoch() {
        return term.epoch();
    }

    /** Takes on a leader and epoch (the start-up record, or a promotion); returns whether the leader changed. */
    boolean set(String newLeader, long newEpoch) {
        boolean changed = !newLeader.equals(term.leader());
        term = new Term(newLeader, newEpoch);
        return changed;
    }

    /** The followers among {@code names}: neither the leader nor outside. */
    List<String> followers(Collection<String> names) {
        String leader = term.leader();
        return names.stream().filter(n -> !n.equals(leader) && !outside.contains(n)).toList();
    }

    boolean isOutside(String node) {
        return outside.contains(node);
    }

    /** A copy of the nodes outside now. */
    List<String> outside() {
        return List.copyOf(outside);
    }

    void putOutside(Collection<String> nodes) {
        outside.addAll(nodes);
    }

    /** Lets a node back in (it has been reconciled into the current epoch). */
    void admit(String node) {
        outside.remove(node);
    }

    /** After a promotion: every node of {@code names} is outside unless it leads or follows ({@code runFor}). */
    void keepOnly(Collection<String> names, Collection<String> runFor) {
        String leader = term.leader();
        outside.clear();
        names.stream().filter(n -> !n.equals(leader) && !runFor.contains(n)).forEach(outside::add);
    }
}
