package io.flotilla.jdbc;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The JDBC session settings a connection keeps for every backend it uses: autocommit, isolation, read-only, database
 * and SET statements.
 */
final class SessionState {

    private final List<String> sessionSets = new ArrayList<>();
    /** Read on every forwarded proxy read: one view, not a new wrapper per call. */
    private final List<String> sessionSetsView = Collections.unmodifiableList(sessionSets);
    private boolean autocommit = true;
    private boolean readOnly;
    private int isolation = Connection.TRANSACTION_REPEATABLE_READ;
    /** The backends' own network timeout (Connector/J's socketTimeout), which a pooled backend already has. */
    private final int poolNetworkTimeout;
    private int networkTimeout;
    private String catalog;
    private int catalogChanges;

    SessionState(String catalog, int poolNetworkTimeout) {
        this.catalog = catalog;
        this.poolNetworkTimeout = poolNetworkTimeout;
        this.networkTimeout = poolNetworkTimeout;
    }

    /** The application's autocommit as last set or read back from the leader session (which also sees it set as SQL). */
    boolean autocommit() {
        return autocommit;
    }

    void autocommit(boolean on) {
        autocommit = on;
    }

    boolean readOnly() {
        return readOnly;
    }

    void readOnly(boolean ro) {
        readOnly = ro;
    }

    /** The backends' network timeout in ms (0: none): Connector/J's socketTimeout until the application sets one. */
    int networkTimeout() {
        return networkTimeout;
    }

    void networkTimeout(int millis) {
        networkTimeout = millis;
    }

    /** Whether the application set a network timeout other than the one pooled backends already have. */
    boolean networkTimeoutDiffersFromPool() {
        return networkTimeout != poolNetworkTimeout;
    }

    int isolation() {
        return isolation;
    }

    void isolation(int level) {
        isolation = level;
    }

    String catalog() {
        return catalog;
    }

    /** The session's database is now {@code c}; a different one counts as a change. */
    void catalog(String c) {
        if (!c.equals(catalog)) {
            catalogChanges++;
        }
        catalog = c;
    }

    /** Counts database changes, so statements know when the backend statements they keep were prepared elsewhere. */
    int catalogChanges() {
        return catalogChanges;
    }

    /** The SET statements this session ran, in order. */
    List<String> sessionSets() {
        return sessionSetsView;
    }

    void addSet(String sql) {
        sessionSets.add(sql);
    }
}
