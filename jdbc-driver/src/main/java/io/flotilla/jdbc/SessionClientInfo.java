package io.flotilla.jdbc;

import java.sql.ClientInfoStatus;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * A connection's client info: the properties the application set, and the consistency token under
 * {@link FlotillaConnection#TOKEN_KEY}.
 */
final class SessionClientInfo {

    private final SessionConsistency consistency;
    private final Properties values = new Properties();

    SessionClientInfo(SessionConsistency consistency) {
        this.consistency = consistency;
    }

    /** Sets (null: removes) one property; the token key merges a token into the session's position instead. */
    void set(String name, String value) throws SQLClientInfoException {
        if (FlotillaConnection.TOKEN_KEY.equals(name)) {
            try {
                consistency.require(value);
            } catch (SQLException e) {
                throw new SQLClientInfoException(e.getMessage(), e.getSQLState(),
                        Map.of(name, ClientInfoStatus.REASON_VALUE_INVALID), e);
            }
            return;
        }
        if (value == null) {
            values.remove(name);
        } else {
            values.setProperty(name, value);
        }
    }

    void setAll(Properties props) throws SQLClientInfoException {
        for (String k : props.stringPropertyNames()) {
            set(k, props.getProperty(k));
        }
    }

    /** One property; the token key reads the session's current position. */
    String get(String name) {
        return FlotillaConnection.TOKEN_KEY.equals(name) ? consistency.token() : values.getProperty(name);
    }

    /** A copy of every property, with the current token. */
    Properties all() {
        Properties p = new Properties();
        p.putAll(values);
        p.setProperty(FlotillaConnection.TOKEN_KEY, consistency.token());
        return p;
    }
}
