package io.flotilla.replicator.apply;

import io.flotilla.replicator.log.EntryCodec;
import io.flotilla.replicator.log.LogEntry;
import io.flotilla.replicator.log.LoggedStatement;
import io.flotilla.replicator.log.SessionSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Builds the multi-statement SQL that applies log entries on one follower connection, sending USE and SET only when
 * the follower session's schema or settings have to change.
 */
final class ApplyScript {

    private final SessionSettings defaults;
    private String currentSchema;
    private SessionSettings currentSettings;

    /** @param defaults the server default session settings (statements without settings run under these) */
    ApplyScript(SessionSettings defaults) {
        this.defaults = defaults;
    }

    /** Forgets what the session is set to (new connection, or a failure left it unknown): USE/SET go again. */
    void forgetSession() {
        currentSchema = null;
        currentSettings = null;
    }

    /** Appends one logged statement with the session context it ran in on the leader. */
    void appendStatement(StringBuilder sql, List<Object> params, LoggedStatement s) {
        if (s.schema() != null && !s.schema().equals(currentSchema)) {
            sql.append("USE `").append(s.schema().replace("`", "``")).append("`;\n");
            currentSchema = s.schema();
        }
        SessionSettings want = s.session() != null ? s.session() : defaults;
        if (!want.equals(currentSettings)) {
            sql.append("SET SESSION sql_mode=?, time_zone=?, collation_connection=?;\n");
            params.add(want.sqlMode());
            params.add(want.timeZone());
            params.add(want.collation());
            currentSettings = want;
        }
        sql.append("SET TIMESTAMP=").append(s.timestampMicros() / 1_000_000L).append('.')
                .append(String.format("%06d", s.timestampMicros() % 1_000_000L));
        if (s.hasRandSeeds()) {
            sql.append(", rand_seed1=").append(s.randSeed1()).append(", rand_seed2=").append(s.randSeed2());
        }
        if (s.insertId() != 0) {
            sql.append(", insert_id=").append(s.insertId());
        }
        // A newline before ';' ends any trailing "-- comment" in the logged text.
        sql.append(";\n").append(s.sql()).append("\n;\n");
        for (int i = 0; i < s.params().size(); i++) {
            params.add(s.param(i));
        }
    }

    /** Appends the insert of the follower's copy of an entry (a promoted follower serves the log from it). */
    static void appendLogCopy(StringBuilder sql, List<Object> params, LogEntry e) {
        sql.append("INSERT INTO flotilla.log (lsn, epoch, created_us, last_iid, entry) VALUES (?, ?, ?, NULL, ?)");
        params.add(e.lsn());
        params.add(e.epoch());
        params.add(e.createdMicros());
        params.add(EntryCodec.encode(e.statements()));
    }

    /** Runs a built script in one round trip. */
    static void execute(Connection f, String sql, List<Object> params) throws SQLException {
        try (PreparedStatement ps = f.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            boolean rs = ps.execute();
            // Drain every result so that an error in a later statement of the batch surfaces here.
            while (rs || ps.getUpdateCount() != -1) {
                rs = ps.getMoreResults();
            }
        }
    }
}
