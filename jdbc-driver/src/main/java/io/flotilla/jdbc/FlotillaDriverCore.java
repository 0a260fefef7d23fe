package io.flotilla.jdbc;

import java.sql.Connection;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/** The unregistered driver core: parses URLs, shares one cluster client per cluster and user, opens sessions. */
public final class FlotillaDriverCore {

    private final Map<String, ClusterClient> clients = new ConcurrentHashMap<>();

    /** Opens a Flotilla connection, or returns null for a URL of another driver (as JDBC requires). */
    public Connection connect(String url, Properties info) throws SQLException {
        Optional<FlotillaUrl> parsed = FlotillaUrl.parse(url);
        if (parsed.isEmpty()) {
            return null;
        }
        FlotillaUrl u = parsed.get();
        DriverSettings s = DriverSettings.from(u, info);
        String key = DriverSettings.clientKey(u, s);
        ClusterClient client = clients.get(key);
        if (client != null && !client.stillCurrent()) {
            // The addresses now hold another cluster, or another leader: start over from discovery.
            clients.remove(key, client);
            client.close();
            client = null;
        }
        if (client == null) {
            ClusterClient fresh = new ClusterClient(u, s);
            client = clients.putIfAbsent(key, fresh);
            if (client == null) {
                client = fresh;
            } else {
                fresh.close();
            }
        }
        return new FlotillaConnection(client, s, u.database());
    }

    /** The driver's properties with their current values, for tools that build connection dialogs. */
    public DriverPropertyInfo[] propertyInfo(Properties info) {
        FlotillaProperty[] all = FlotillaProperty.values();
        DriverPropertyInfo[] out = new DriverPropertyInfo[all.length];
        for (int i = 0; i < all.length; i++) {
            FlotillaProperty p = all[i];
            String v = info != null && info.getProperty(p.key()) != null ? info.getProperty(p.key()) : p.defaultValue();
            DriverPropertyInfo d = new DriverPropertyInfo(p.key(), v);
            d.description = p.description();
            d.required = p == FlotillaProperty.USER;
            d.choices = p.choices().isEmpty() ? null : p.choices().toArray(String[]::new);
            out[i] = d;
        }
        return out;
    }

    /** Closes every pool (for embedding applications and tests). */
    public void closeAll() {
        clients.values().forEach(ClusterClient::close);
        clients.clear();
    }
}
