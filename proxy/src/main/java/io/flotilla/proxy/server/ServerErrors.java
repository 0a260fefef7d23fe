package io.flotilla.proxy.server;

import io.flotilla.proxy.protocol.ErrPacket;
import java.sql.SQLException;

/** The MySQL error codes and SQLSTATEs the proxy itself reports, and the mapping of backend SQLExceptions. */
final class ServerErrors {
    static final int ER_CON_COUNT_ERROR = 1040;
    static final int ER_HANDSHAKE_ERROR = 1043;
    static final int ER_ACCESS_DENIED = 1045;
    static final int ER_UNKNOWN_COM_ERROR = 1047;
    static final int ER_PARSE_ERROR = 1064;
    static final int ER_UNKNOWN_ERROR = 1105;
    static final int ER_NET_PACKET_TOO_LARGE = 1153;
    static final int ER_NET_PACKETS_OUT_OF_ORDER = 1156;
    static final int ER_WRONG_VALUE_FOR_VAR = 1231;
    static final int ER_MALFORMED_PACKET = 1835;
    static final int ER_SECURE_TRANSPORT_REQUIRED = 3159;

    private ServerErrors() {
    }

    static ErrPacket err(int code, String state, String message) {
        return new ErrPacket(code, state, message);
    }

    /**
     * A backend (or driver) error as the client should see it: the server's error code and SQLSTATE unchanged; a
     * driver-made error without a code becomes 1105 (unknown error) with its SQLSTATE, or HY000.
     */
    static ErrPacket of(SQLException e) {
        String state = e.getSQLState();
        if (state == null || state.length() != 5 || !state.chars().allMatch(ch -> ch < 0x80)) {
            state = ErrPacket.GENERAL_ERROR_STATE;
        }
        int code = e.getErrorCode() > 0 && e.getErrorCode() <= 0xFFFF ? e.getErrorCode() : ER_UNKNOWN_ERROR;
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ErrPacket(code, state, message);
    }
}
