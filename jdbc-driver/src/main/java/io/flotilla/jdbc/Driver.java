package io.flotilla.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/** The registering {@code java.sql.Driver} for {@code jdbc:flotilla://} URLs; the work is in {@link FlotillaDriverCore}. */
public final class Driver implements java.sql.Driver {

    private final FlotillaDriverCore core = new FlotillaDriverCore();

    static {
        try {
            DriverManager.registerDriver(new Driver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        return core.connect(url, info);
    }

    @Override
    public boolean acceptsURL(String url) {
        return FlotillaUrl.accepts(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return core.propertyInfo(info);
    }

    @Override
    public int getMajorVersion() {
        return 0;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("Flotilla logs through SLF4J");
    }
}
