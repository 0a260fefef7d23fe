package io.flotilla.replicator.failover;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The writes a returning node holds that the cluster lost at a failover: entries past the start of a newer epoch.
 *
 * @param node the node that holds them (usually the old leader)
 * @param epoch the epoch that superseded them
 * @param startLsn where that epoch's log starts: every lost entry has a higher LSN
 */
public record DivergenceReport(String node, long epoch, long startLsn, List<LostEntry> lost) {

    public DivergenceReport {
        lost = List.copyOf(lost);
    }

    public int count() {
        return lost.size();
    }

    public List<Long> lsns() {
        return lost.stream().map(LostEntry::lsn).toList();
    }

    /** LSNs as compact ranges, e.g. "101-104,107". */
    public String lsnRanges() {
        StringBuilder sb = new StringBuilder();
        List<Long> l = lsns();
        for (int i = 0; i < l.size(); i++) {
            int j = i;
            while (j + 1 < l.size() && l.get(j + 1) == l.get(j) + 1) {
                j++;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(l.get(i));
            if (j > i) {
                sb.append('-').append(l.get(j));
            }
            i = j;
        }
        return sb.toString();
    }

    /** A one-line summary for logs and status. */
    public String summary() {
        return node + " holds " + count() + " write(s) that never reached epoch " + epoch + " (LSNs " + lsnRanges()
                + " after start LSN " + startLsn + ")";
    }

    /** Every lost entry with its statements, one line per statement, for the operator to replay or discard. */
    public String details() {
        return lost.stream().map(e -> "  LSN " + e.lsn() + " (epoch " + e.epoch() + "): "
                        + String.join("; ", e.statements()))
                .collect(Collectors.joining("\n"));
    }
}
