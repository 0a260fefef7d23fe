package io.flotilla.replicator.sync;

import java.util.List;

/**
 * The replication-mode record of the leader's {@code flotilla.replication}: settings, the current synchronous
 * followers, and whether commits have fallen back to async.
 *
 * @param degradedSinceUs when commits fell back to async (µs since the epoch), 0 when they wait as configured
 * @param fallbacks how many times commits have fallen back to async since the cluster was created
 * @param version bumped by every change, for conditional updates from several writer processes
 */
public record SyncState(SyncSettings settings, List<String> syncSet, long degradedSinceUs, long fallbacks, long version) {

    public SyncState {
        syncSet = List.copyOf(syncSet);
    }

    /** Whether commits currently skip waiting because of a fallback to async. */
    public boolean degraded() {
        return degradedSinceUs != 0;
    }

    /**
     * One line for {@code flotilla status}, e.g. {@code mode sync, synchronous: n2 (1 acknowledgement), on timeout: async}
     * or, after a fallback, {@code mode sync (DEGRADED: async since 2026-…Z), …}.
     */
    public String describe() {
        if (!settings.waits()) {
            return "mode async (acknowledged after the leader commit)";
        }
        String degradedText = degraded()
                ? " (DEGRADED: async since " + java.time.Instant.ofEpochMilli(degradedSinceUs / 1000) + ")" : "";
        return "mode " + settings.mode() + degradedText + ", synchronous: " + String.join(",", syncSet) + " (" + settings.syncFollowers()
                + " acknowledgement" + (settings.syncFollowers() == 1 ? "" : "s") + " per commit), on timeout after "
                + settings.timeoutMs() + " ms: " + settings.onTimeout() + ", fallbacks so far: " + fallbacks;
    }
}
