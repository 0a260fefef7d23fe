package io.flotilla.jdbc.base;

/** Generated from java.sql.PreparedStatement: every method unsupported until a subclass overrides it with behaviour. */
@SuppressWarnings({"deprecation", "RedundantThrows"})
public abstract class UnsupportedPreparedStatement implements java.sql.PreparedStatement {

    @Override
    public java.sql.ResultSet executeQuery() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.executeQuery is not supported by Flotilla");
    }

    @Override
    public int executeUpdate() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.executeUpdate is not supported by Flotilla");
    }

    @Override
    public void setNull(int a0, int a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setNull is not supported by Flotilla");
    }

    @Override
    public void setBoolean(int a0, boolean a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setBoolean is not supported by Flotilla");
    }

    @Override
    public void setByte(int a0, byte a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setByte is not supported by Flotilla");
    }

    @Override
    public void setShort(int a0, short a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setShort is not supported by Flotilla");
    }

    @Override
    public void setInt(int a0, int a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setInt is not supported by Flotilla");
    }

    @Override
    public void setLong(int a0, long a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setLong is not supported by Flotilla");
    }

    @Override
    public void setFloat(int a0, float a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setFloat is not supported by Flotilla");
    }

    @Override
    public void setDouble(int a0, double a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setDouble is not supported by Flotilla");
    }

    @Override
    public void setBigDecimal(int a0, java.math.BigDecimal a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setBigDecimal is not supported by Flotilla");
    }

    @Override
    public void setString(int a0, java.lang.String a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setString is not supported by Flotilla");
    }

    @Override
    public void setBytes(int a0, byte[] a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setBytes is not supported by Flotilla");
    }

    @Override
    public void setDate(int a0, java.sql.Date a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setDate is not supported by Flotilla");
    }

    @Override
    public void setTime(int a0, java.sql.Time a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setTime is not supported by Flotilla");
    }

    @Override
    public void setTimestamp(int a0, java.sql.Timestamp a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setTimestamp is not supported by Flotilla");
    }

    @Override
    public void setAsciiStream(int a0, java.io.InputStream a1, int a2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setAsciiStream is not supported by Flotilla");
    }

    @Override
    public void setUnicodeStream(int a0, java.io.InputStream a1, int a2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setUnicodeStream is not supported by Flotilla");
    }

    @Override
    public void setBinaryStream(int a0, java.io.InputStream a1, int a2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setBinaryStream is not supported by Flotilla");
    }

    @Override
    public void clearParameters() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.clearParameters is not supported by Flotilla");
    }

    @Override
    public void setObject(int a0, java.lang.Object a1, int a2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setObject is not supported by Flotilla");
    }

    @Override
    public void setObject(int a0, java.lang.Object a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setObject is not supported by Flotilla");
    }

    @Override
    public boolean execute() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.execute is not supported by Flotilla");
    }

    @Override
    public void addBatch() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.addBatch is not supported by Flotilla");
    }

    @Override
    public void setCharacterStream(int a0, java.io.Reader a1, int a2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setCharacterStream is not supported by Flotilla");
    }

    @Override
    public void setRef(int a0, java.sql.Ref a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setRef is not supported by Flotilla");
    }

    @Override
    public void setBlob(int a0, java.sql.Blob a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setBlob is not supported by Flotilla");
    }

    @Override
    public void setClob(int a0, java.sql.Clob a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setClob is not supported by Flotilla");
    }

    @Override
    public void setArray(int a0, java.sql.Array a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setArray is not supported by Flotilla");
    }

    @Override
    public java.sql.ResultSetMetaData getMetaData() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.getMetaData is not supported by Flotilla");
    }

    @Override
    public void setDate(int a0, java.sql.Date a1, java.util.Calendar a2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setDate is not supported by Flotilla");
    }

    @Override
    public void setTime(int a0, java.sql.Time a1, java.util.Calendar a2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setTime is not supported by Flotilla");
    }

    @Override
    public void setTimestamp(int a0, java.sql.Timestamp a1, java.util.Calendar a2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setTimestamp is not supported by Flotilla");
    }

    @Override
    public void setNull(int a0, int a1, java.lang.String a2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setNull is not supported by Flotilla");
    }

    @Override
    public void setURL(int a0, java.net.URL a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setURL is not supported by Flotilla");
    }

    @Override
    public java.sql.ParameterMetaData getParameterMetaData() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.getParameterMetaData is not supported by Flotilla");
    }

    @Override
    public void setRowId(int a0, java.sql.RowId a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setRowId is not supported by Flotilla");
    }

    @Override
    public void setNString(int a0, java.lang.String a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setNString is not supported by Flotilla");
    }

    @Override
    public void setNCharacterStream(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setNCharacterStream is not supported by Flotilla");
    }

    @Override
    public void setNClob(int a0, java.sql.NClob a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setNClob is not supported by Flotilla");
    }

    @Override
    public void setClob(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setClob is not supported by Flotilla");
    }

    @Override
    public void setBlob(int a0, java.io.InputStream a1, long a2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setBlob is not supported by Flotilla");
    }

    @Override
    public void setNClob(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setNClob is not supported by Flotilla");
    }

    @Override
    public void setSQLXML(int a0, java.sql.SQLXML a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setSQLXML is not supported by Flotilla");
    }

    @Override
    public void setObject(int a0, java.lang.Object a1, int a2, int a3) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setObject is not supported by Flotilla");
    }

    @Override
    public void setAsciiStream(int a0, java.io.InputStream a1, long a2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setAsciiStream is not supported by Flotilla");
    }

    @Override
    public void setBinaryStream(int a0, java.io.InputStream a1, long a2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setBinaryStream is not supported by Flotilla");
    }

    @Override
    public void setCharacterStream(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setCharacterStream is not supported by Flotilla");
    }

    @Override
    public void setAsciiStream(int a0, java.io.InputStream a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setAsciiStream is not supported by Flotilla");
    }

    @Override
    public void setBinaryStream(int a0, java.io.InputStream a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setBinaryStream is not supported by Flotilla");
    }

    @Override
    public void setCharacterStream(int a0, java.io.Reader a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setCharacterStream is not supported by Flotilla");
    }

    @Override
    public void setNCharacterStream(int a0, java.io.Reader a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setNCharacterStream is not supported by Flotilla");
    }

    @Override
    public void setClob(int a0, java.io.Reader a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setClob is not supported by Flotilla");
    }

    @Override
    public void setBlob(int a0, java.io.InputStream a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setBlob is not supported by Flotilla");
    }

    @Override
    public void setNClob(int a0, java.io.Reader a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setNClob is not supported by Flotilla");
    }

    @Override
    public java.sql.ResultSet executeQuery(java.lang.String a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.executeQuery is not supported by Flotilla");
    }

    @Override
    public int executeUpdate(java.lang.String a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.executeUpdate is not supported by Flotilla");
    }

    @Override
    public void close() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.close is not supported by Flotilla");
    }

    @Override
    public int getMaxFieldSize() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.getMaxFieldSize is not supported by Flotilla");
    }

    @Override
    public void setMaxFieldSize(int a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setMaxFieldSize is not supported by Flotilla");
    }

    @Override
    public int getMaxRows() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.getMaxRows is not supported by Flotilla");
    }

    @Override
    public void setMaxRows(int a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setMaxRows is not supported by Flotilla");
    }

    @Override
    public void setEscapeProcessing(boolean a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setEscapeProcessing is not supported by Flotilla");
    }

    @Override
    public int getQueryTimeout() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.getQueryTimeout is not supported by Flotilla");
    }

    @Override
    public void setQueryTimeout(int a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setQueryTimeout is not supported by Flotilla");
    }

    @Override
    public void cancel() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.cancel is not supported by Flotilla");
    }

    @Override
    public java.sql.SQLWarning getWarnings() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.getWarnings is not supported by Flotilla");
    }

    @Override
    public void clearWarnings() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.clearWarnings is not supported by Flotilla");
    }

    @Override
    public void setCursorName(java.lang.String a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setCursorName is not supported by Flotilla");
    }

    @Override
    public boolean execute(java.lang.String a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.execute is not supported by Flotilla");
    }

    @Override
    public java.sql.ResultSet getResultSet() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.getResultSet is not supported by Flotilla");
    }

    @Override
    public int getUpdateCount() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.getUpdateCount is not supported by Flotilla");
    }

    @Override
    public boolean getMoreResults() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.getMoreResults is not supported by Flotilla");
    }

    @Override
    public void setFetchDirection(int a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setFetchDirection is not supported by Flotilla");
    }

    @Override
    public int getFetchDirection() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.getFetchDirection is not supported by Flotilla");
    }

    @Override
    public void setFetchSize(int a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setFetchSize is not supported by Flotilla");
    }

    @Override
    public int getFetchSize() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.getFetchSize is not supported by Flotilla");
    }

    @Override
    public int getResultSetConcurrency() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.getResultSetConcurrency is not supported by Flotilla");
    }

    @Override
    public int getResultSetType() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.getResultSetType is not supported by Flotilla");
    }

    @Override
    public void addBatch(java.lang.String a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.addBatch is not supported by Flotilla");
    }

    @Override
    public void clearBatch() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.clearBatch is not supported by Flotilla");
    }

    @Override
    public int[] executeBatch() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.executeBatch is not supported by Flotilla");
    }

    @Override
    public java.sql.Connection getConnection() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.getConnection is not supported by Flotilla");
    }

    @Override
    public boolean getMoreResults(int a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.getMoreResults is not supported by Flotilla");
    }

    @Override
    public java.sql.ResultSet getGeneratedKeys() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.getGeneratedKeys is not supported by Flotilla");
    }

    @Override
    public int executeUpdate(java.lang.String a0, int a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.executeUpdate is not supported by Flotilla");
    }

    @Override
    public int executeUpdate(java.lang.String a0, int[] a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.executeUpdate is not supported by Flotilla");
    }

    @Override
    public int executeUpdate(java.lang.String a0, java.lang.String[] a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.executeUpdate is not supported by Flotilla");
    }

    @Override
    public boolean execute(java.lang.String a0, int a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.execute is not supported by Flotilla");
    }

    @Override
    public boolean execute(java.lang.String a0, int[] a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.execute is not supported by Flotilla");
    }

    @Override
    public boolean execute(java.lang.String a0, java.lang.String[] a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.execute is not supported by Flotilla");
    }

    @Override
    public int getResultSetHoldability() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.getResultSetHoldability is not supported by Flotilla");
    }

    @Override
    public boolean isClosed() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.isClosed is not supported by Flotilla");
    }

    @Override
    public void setPoolable(boolean a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.setPoolable is not supported by Flotilla");
    }

    @Override
    public boolean isPoolable() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.isPoolable is not supported by Flotilla");
    }

    @Override
    public void closeOnCompletion() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.closeOnCompletion is not supported by Flotilla");
    }

    @Override
    public boolean isCloseOnCompletion() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedPreparedStatement.isCloseOnCompletion is not supported by Flotilla");
    }

    @Override
    public <T> T unwrap(Class<T> a0) throws java.sql.SQLException {
        if (a0.isInstance(this)) {
            return a0.cast(this);
        }
        throw new java.sql.SQLException("not a wrapper for " + a0.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> a0) throws java.sql.SQLException {
        return a0.isInstance(this);
    }
}
