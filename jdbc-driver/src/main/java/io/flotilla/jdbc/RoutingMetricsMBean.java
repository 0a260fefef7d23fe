package io.flotilla.jdbc;

import io.flotilla.routing.route.RoutingMetrics;
import java.lang.management.ManagementFactory;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes a cluster client's {@link RoutingMetrics} on the platform MBean server. */
final class RoutingMetricsMBean implements RoutingMetricsMXBean, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingMetricsMBean.class);

    private final RoutingMetrics metrics;
    private ObjectName name;

    RoutingMetricsMBean(RoutingMetrics metrics, String cluster) {
        this.metrics = metrics;
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName n = new ObjectName("io.flotilla:type=Routing,cluster=" + ObjectName.quote(cluster)
                    + ",id=" + Integer.toHexString(System.identityHashCode(this)));
            server.registerMBean(this, n);
            name = n;
        } catch (JMException | SecurityException e) {
            // Metrics are still counted and readable through FlotillaConnection#routingMetrics().
            LOG.warn("routing metrics not published over JMX: {}", e.getMessage());
        }
    }

    ObjectName name() {
        return name;
    }

    @Override
    public Map<String, Long> getCounters() {
        return metrics.snapshot();
    }

    @Override
    public long getDecisions() {
        return metrics.get("decisions");
    }

    @Override
    public long getFollowerRoutes() {
        return metrics.get("target.follower");
    }

    @Override
    public long getLeaderRoutes() {
        return metrics.get("target.leader");
    }

    @Override
    public void close() {
        if (name != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            } catch (JMException e) {
                LOG.debug("unregistering {} failed", name, e);
            }
        }
    }
}
