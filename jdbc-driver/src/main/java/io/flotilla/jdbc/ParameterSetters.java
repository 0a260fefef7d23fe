package io.flotilla.jdbc;

import io.flotilla.jdbc.base.UnsupportedPreparedStatement;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** The parameters of a prepared statement, by index, kept in the forms the log can carry exactly. */
abstract class ParameterSetters extends UnsupportedPreparedStatement {

    private final List<Object> params = new ArrayList<>();

    /** Fails when the statement or its connection is closed. */
    abstract void checkOpen() throws SQLException;

    /** The current parameter values (live: copy them to keep them). */
    final List<Object> parameters() {
        return params;
    }

    private void set(int index, Object value) throws SQLException {
        checkOpen();
        if (index < 1) {
            throw new SQLException("parameter index " + index + " is out of range", "07009");
        }
        while (params.size() < index) {
            params.add(null);
        }
        params.set(index - 1, value);
    }

    @Override
    public void clearParameters() {
        params.clear();
    }

    @Override
    public void setNull(int i, int sqlType) throws SQLException {
        set(i, null);
    }

    @Override
    public void setNull(int i, int sqlType, String typeName) throws SQLException {
        set(i, null);
    }

    @Override
    public void setBoolean(int i, boolean v) throws SQLException {
        set(i, v);
    }

    @Override
    public void setByte(int i, byte v) throws SQLException {
        set(i, (long) v);
    }

    @Override
    public void setShort(int i, short v) throws SQLException {
        set(i, (long) v);
    }

    @Override
    public void setInt(int i, int v) throws SQLException {
        set(i, (long) v);
    }

    @Override
    public void setLong(int i, long v) throws SQLException {
        set(i, v);
    }

    @Override
    public void setFloat(int i, float v) throws SQLException {
        set(i, (double) v);
    }

    @Override
    public void setDouble(int i, double v) throws SQLException {
        set(i, v);
    }

    @Override
    public void setBigDecimal(int i, BigDecimal v) throws SQLException {
        set(i, v);
    }

    @Override
    public void setString(int i, String v) throws SQLException {
        set(i, v);
    }

    @Override
    public void setNString(int i, String v) throws SQLException {
        set(i, v);
    }

    @Override
    public void setBytes(int i, byte[] v) throws SQLException {
        set(i, v == null ? null : v.clone());
    }

    @Override
    public void setDate(int i, Date v) throws SQLException {
        set(i, v == null ? null : v.toString());
    }

    @Override
    public void setTime(int i, Time v) throws SQLException {
        set(i, v == null ? null : v.toString());
    }

    @Override
    public void setTimestamp(int i, Timestamp v) throws SQLException {
        set(i, v == null ? null : v.toString());
    }

    @Override
    public void setObject(int i, Object v) throws SQLException {
        set(i, normalize(v));
    }

    @Override
    public void setObject(int i, Object v, int targetSqlType) throws SQLException {
        set(i, normalize(v));
    }

    @Override
    public void setObject(int i, Object v, int targetSqlType, int scale) throws SQLException {
        set(i, normalize(v));
    }

    /** Values are kept in the forms the log can carry exactly; dates and times as their SQL text. */
    private static Object normalize(Object v) {
        if (v == null || v instanceof String || v instanceof Long || v instanceof Double || v instanceof BigDecimal
                || v instanceof Boolean) {
            return v;
        }
        if (v instanceof byte[] b) {
            return b.clone(); // the log entry is encoded at commit; the caller may reuse its array before then
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (v instanceof LocalDateTime t) {
            return t.toString().replace('T', ' ');
        }
        return v.toString();
    }

    @Override
    public void setAsciiStream(int i, InputStream x, int length) throws SQLException {
        throw new SQLFeatureNotSupportedException("streams are not supported by Flotilla yet; pass a String or byte[]");
    }

    @Override
    public void setCharacterStream(int i, Reader r, int length) throws SQLException {
        throw new SQLFeatureNotSupportedException("streams are not supported by Flotilla yet; pass a String or byte[]");
    }
}
