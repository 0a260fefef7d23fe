package io.flotilla.jdbc.base;

/** Generated from java.sql.Connection: every method unsupported until a subclass overrides it with behaviour. */
@SuppressWarnings({"deprecation", "RedundantThrows"})
public abstract class UnsupportedConnection implements java.sql.Connection {

    @Override
    public java.sql.Statement createStatement() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.createStatement is not supported by Flotilla");
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(java.lang.String a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.prepareStatement is not supported by Flotilla");
    }

    @Override
    public java.sql.CallableStatement prepareCall(java.lang.String a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.prepareCall is not supported by Flotilla");
    }

    @Override
    public java.lang.String nativeSQL(java.lang.String a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.nativeSQL is not supported by Flotilla");
    }

    @Override
    public void setAutoCommit(boolean a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.setAutoCommit is not supported by Flotilla");
    }

    @Override
    public boolean getAutoCommit() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.getAutoCommit is not supported by Flotilla");
    }

    @Override
    public void commit() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.commit is not supported by Flotilla");
    }

    @Override
    public void rollback() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.rollback is not supported by Flotilla");
    }

    @Override
    public void close() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.close is not supported by Flotilla");
    }

    @Override
    public boolean isClosed() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.isClosed is not supported by Flotilla");
    }

    @Override
    public java.sql.DatabaseMetaData getMetaData() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.getMetaData is not supported by Flotilla");
    }

    @Override
    public void setReadOnly(boolean a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.setReadOnly is not supported by Flotilla");
    }

    @Override
    public boolean isReadOnly() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.isReadOnly is not supported by Flotilla");
    }

    @Override
    public void setCatalog(java.lang.String a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.setCatalog is not supported by Flotilla");
    }

    @Override
    public java.lang.String getCatalog() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.getCatalog is not supported by Flotilla");
    }

    @Override
    public void setTransactionIsolation(int a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.setTransactionIsolation is not supported by Flotilla");
    }

    @Override
    public int getTransactionIsolation() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.getTransactionIsolation is not supported by Flotilla");
    }

    @Override
    public java.sql.SQLWarning getWarnings() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.getWarnings is not supported by Flotilla");
    }

    @Override
    public void clearWarnings() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.clearWarnings is not supported by Flotilla");
    }

    @Override
    public java.sql.Statement createStatement(int a0, int a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.createStatement is not supported by Flotilla");
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(java.lang.String a0, int a1, int a2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.prepareStatement is not supported by Flotilla");
    }

    @Override
    public java.sql.CallableStatement prepareCall(java.lang.String a0, int a1, int a2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.prepareCall is not supported by Flotilla");
    }

    @Override
    public java.util.Map<java.lang.String, java.lang.Class<?>> getTypeMap() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.getTypeMap is not supported by Flotilla");
    }

    @Override
    public void setTypeMap(java.util.Map<java.lang.String, java.lang.Class<?>> a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.setTypeMap is not supported by Flotilla");
    }

    @Override
    public void setHoldability(int a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.setHoldability is not supported by Flotilla");
    }

    @Override
    public int getHoldability() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.getHoldability is not supported by Flotilla");
    }

    @Override
    public java.sql.Savepoint setSavepoint() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.setSavepoint is not supported by Flotilla");
    }

    @Override
    public java.sql.Savepoint setSavepoint(java.lang.String a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.setSavepoint is not supported by Flotilla");
    }

    @Override
    public void rollback(java.sql.Savepoint a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.rollback is not supported by Flotilla");
    }

    @Override
    public void releaseSavepoint(java.sql.Savepoint a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.releaseSavepoint is not supported by Flotilla");
    }

    @Override
    public java.sql.Statement createStatement(int a0, int a1, int a2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.createStatement is not supported by Flotilla");
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(java.lang.String a0, int a1, int a2, int a3) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.prepareStatement is not supported by Flotilla");
    }

    @Override
    public java.sql.CallableStatement prepareCall(java.lang.String a0, int a1, int a2, int a3) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.prepareCall is not supported by Flotilla");
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(java.lang.String a0, int a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.prepareStatement is not supported by Flotilla");
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(java.lang.String a0, int[] a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.prepareStatement is not supported by Flotilla");
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(java.lang.String a0, java.lang.String[] a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.prepareStatement is not supported by Flotilla");
    }

    @Override
    public java.sql.Clob createClob() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.createClob is not supported by Flotilla");
    }

    @Override
    public java.sql.Blob createBlob() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.createBlob is not supported by Flotilla");
    }

    @Override
    public java.sql.NClob createNClob() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.createNClob is not supported by Flotilla");
    }

    @Override
    public java.sql.SQLXML createSQLXML() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.createSQLXML is not supported by Flotilla");
    }

    @Override
    public boolean isValid(int a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.isValid is not supported by Flotilla");
    }

    @Override
    public void setClientInfo(java.lang.String a0, java.lang.String a1) throws java.sql.SQLClientInfoException {
        throw new UnsupportedOperationException("setClientInfo is not supported by Flotilla");
    }

    @Override
    public void setClientInfo(java.util.Properties a0) throws java.sql.SQLClientInfoException {
        throw new UnsupportedOperationException("setClientInfo is not supported by Flotilla");
    }

    @Override
    public java.lang.String getClientInfo(java.lang.String a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.getClientInfo is not supported by Flotilla");
    }

    @Override
    public java.util.Properties getClientInfo() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.getClientInfo is not supported by Flotilla");
    }

    @Override
    public java.sql.Array createArrayOf(java.lang.String a0, java.lang.Object[] a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.createArrayOf is not supported by Flotilla");
    }

    @Override
    public java.sql.Struct createStruct(java.lang.String a0, java.lang.Object[] a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.createStruct is not supported by Flotilla");
    }

    @Override
    public void setSchema(java.lang.String a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.setSchema is not supported by Flotilla");
    }

    @Override
    public java.lang.String getSchema() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.getSchema is not supported by Flotilla");
    }

    @Override
    public void abort(java.util.concurrent.Executor a0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.abort is not supported by Flotilla");
    }

    @Override
    public void setNetworkTimeout(java.util.concurrent.Executor a0, int a1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.setNetworkTimeout is not supported by Flotilla");
    }

    @Override
    public int getNetworkTimeout() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("UnsupportedConnection.getNetworkTimeout is not supported by Flotilla");
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
