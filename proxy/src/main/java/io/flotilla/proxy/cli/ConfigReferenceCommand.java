package io.flotilla.proxy.cli;

import io.flotilla.jdbc.FlotillaProperty;
import io.flotilla.proxy.server.ProxyProperty;
import io.flotilla.replicator.config.ClusterProperty;
import io.flotilla.routing.config.TypedConfig;
import java.util.EnumSet;
import picocli.CommandLine.Command;

/** Prints the configuration reference generated from the typed key definitions. */
@Command(name = "config-reference", description = "Print the configuration reference (Markdown) generated from the key definitions.")
final class ConfigReferenceCommand implements Runnable {

    @Override
    public void run() {
        System.out.println("## Cluster configuration (`flotilla up|status CONFIG`)");
        System.out.println();
        System.out.print(TypedConfig.markdownReference(EnumSet.allOf(ClusterProperty.class)));
        System.out.println();
        System.out.println("## MySQL-protocol proxy (`proxy.*` keys in the same file; `flotilla up` starts it when `proxy.listen` is set)");
        System.out.println();
        System.out.print(TypedConfig.markdownReference(EnumSet.allOf(ProxyProperty.class)));
        System.out.println();
        System.out.println("## JDBC driver properties (URL query, `Properties`, or `configFile`)");
        System.out.println();
        System.out.print(TypedConfig.markdownReference(EnumSet.allOf(FlotillaProperty.class)));
    }
}
