package io.flotilla.replicator.failover;

import java.util.List;

/**
 * The outcome of a promotion.
 *
 * @param leader the promoted node
 * @param epoch its new epoch
 * @param startLsn the last LSN of the previous epochs it holds; its own entries start after it
 * @param followers the nodes that took the new epoch and follow the new leader now
 * @param pending reachable-later nodes that must be reconciled before they follow (the old leader when it was down)
 * @param outcomes what reconciling the reachable old leader or lagging nodes found (lost writes, if any)
 */
public record PromotionResult(String leader, long epoch, long startLsn, String previousLeader, List<String> followers,
                              List<String> pending, List<Reconciler.Outcome> outcomes) {

    public PromotionResult {
        followers = List.copyOf(followers);
        pending = List.copyOf(pending);
        outcomes = List.copyOf(outcomes);
    }
}
