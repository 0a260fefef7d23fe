package io.flotilla.proxy.cli;

import io.flotilla.replicator.cluster.FlotillaCluster;
import java.util.Map;

/** Public access to {@link TempCluster} for the JMH states in {@code io.flotilla.proxy.bench}, which live in another package. */
public final class TempClusters {

    private TempClusters() {
    }

    /** A temporary embedded cluster of {@code size} nodes (not yet started); closing it stops the nodes and removes the directory. */
    public static Handle create(int size) throws Exception {
        return new Handle(new TempCluster(size, Map.of()));
    }

    /** A started-or-not temporary cluster and the means to remove it. */
    public static final class Handle implements AutoCloseable {

        private final TempCluster temp;

        private Handle(TempCluster temp) {
            this.temp = temp;
        }

        public FlotillaCluster cluster() {
            return temp.cluster();
        }

        @Override
        public void close() {
            temp.close();
        }
    }
}
