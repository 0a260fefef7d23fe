package io.flotilla.examples.spring;

import io.flotilla.jdbc.FlotillaConnection;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Wraps the application's pool: a borrowed connection first requires the current {@link ConsistencyTokens} token, and
 * hands its own (newer) token back when the application returns it. Connections of other drivers pass through.
 */
public final class TokenCarryingDataSource extends DelegatingDataSource {

    public TokenCarryingDataSource(DataSource pool) {
        super(pool);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return carry(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return carry(super.getConnection(username, password));
    }

    private static Connection carry(Connection pooled) throws SQLException {
        if (!pooled.isWrapperFor(FlotillaConnection.class)) {
            return pooled;
        }
        String token = ConsistencyTokens.get();
        if (token != null) {
            pooled.setClientInfo(FlotillaConnection.TOKEN_KEY, token);
        }
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().equals("close") && method.getParameterCount() == 0 && !pooled.isClosed()) {
                // Read before returning it to the pool: after close() the pool may lend it to another thread.
                ConsistencyTokens.set(pooled.getClientInfo(FlotillaConnection.TOKEN_KEY));
            }
            return invoke(pooled, method, args);
        };
        return (Connection) Proxy.newProxyInstance(TokenCarryingDataSource.class.getClassLoader(), new Class<?>[] {Connection.class}, h);
    }

    private static Object invoke(Connection target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
