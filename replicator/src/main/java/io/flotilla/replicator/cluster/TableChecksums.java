package io.flotilla.replicator.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checksums of a node's application tables, for comparing leader and followers. */
final class TableChecksums {

    private TableChecksums() {
    }

    /** Runs a checksum query per base table of {@code database} on a node: table → checksum, by table name. */
    static Map<String, Long> of(Nodes nodes, String node, String database) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = nodes.replicator(node)) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name")) {
                ps.setString(1, database);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                for (String t : tables) {
                    try (ResultSet rs = st.executeQuery("CHECKSUM TABLE `" + database + "`.`" + t + "` EXTENDED")) {
                        rs.next();
                        out.put(t, rs.getLong(2));
                    }
                }
            }
        }
        return out;
    }
}
