package io.flotilla.replicator;

import io.flotilla.replicator.cluster.FlotillaCluster;
import io.flotilla.replicator.log.LoggedSession;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A manual probe (not a test): one-round-trip write batch variants against one embedded node, side by side. */
public final class WriteVariantsProbe {

    private static final String INS = "INSERT INTO b (k, v, ts) VALUES (?, ?, NOW(6))";
    private static final String LOG = "INSERT INTO flotilla.log (epoch, created_us, last_iid, entry) VALUES (?, ?, LAST_INSERT_ID(), ?)";

    public static void main(String[] args) throws Exception {
        Map<String, String> variants = new LinkedHashMap<>();
        variants.put("plain", INS);
        variants.put("stmt;log;COMMIT", INS + ";\n" + LOG + ";\nCOMMIT");
        variants.put("SET ts;stmt;log;COMMIT", "SET TIMESTAMP=?;\n" + INS + ";\n" + LOG + ";\nCOMMIT");
        variants.put("SET ts;stmt;log;DO;COMMIT", "SET TIMESTAMP=?;\n" + INS + ";\n" + LOG + ";\nDO LAST_INSERT_ID(5);\nCOMMIT");
        variants.put("SET STATEMENT ts FOR stmt;log;DO;COMMIT", "SET STATEMENT timestamp=? FOR " + INS + ";\n" + LOG + ";\nDO LAST_INSERT_ID(5);\nCOMMIT");
        variants.put("SET STATEMENT ts FOR stmt;log;COMMIT", "SET STATEMENT timestamp=? FOR " + INS + ";\n" + LOG + ";\nCOMMIT");
        byte[] entry = new byte[40];
        try (FlotillaCluster c = TestClusters.start(1, Map.of())) {
            try (LoggedSession s = c.openSession()) {
                s.execute("CREATE TABLE b (id BIGINT AUTO_INCREMENT PRIMARY KEY, k INT, v VARCHAR(32), ts DATETIME(6))", List.of());
            }
            // Which OK packets does Connector/J expose per result of a multi-statement batch?
            try (Connection cn = c.nodes().app("n1")) {
                cn.setAutoCommit(false);
                try (PreparedStatement ps = cn.prepareStatement("SET TIMESTAMP=1;\n" + INS + ";\n" + LOG + ";\nCOMMIT", Statement.RETURN_GENERATED_KEYS)) {
                    ps.setInt(1, 1);
                    ps.setString(2, "x");
                    ps.setLong(3, 1);
                    ps.setLong(4, 1);
                    ps.setBytes(5, entry);
                    boolean rs = ps.execute();
                    for (int i = 0; i < 4; i++) {
                        long id = -1;
                        try (var k = ps.getGeneratedKeys()) {
                            if (k.next()) {
                                id = k.getLong(1);
                            }
                        }
                        System.out.println("result " + i + " rs=" + rs + " count=" + ps.getUpdateCount() + " key=" + id
                                + " lastInsertID=" + ((com.mysql.cj.jdbc.StatementImpl) ps).getLastInsertID());
                        rs = ps.getMoreResults();
                    }
                }
            }
            Map<String, List<Double>> res = new LinkedHashMap<>();
            for (int round = 0; round < 4; round++) {
                for (var v : variants.entrySet()) {
                    try (Connection cn = c.nodes().app("n1"); PreparedStatement ps = cn.prepareStatement(v.getValue())) {
                        boolean plain = v.getKey().equals("plain");
                        cn.setAutoCommit(plain);
                        long end = System.nanoTime() + 2_000_000_000L;
                        long t0 = System.nanoTime();
                        int n = 0;
                        while (System.nanoTime() < end) {
                            int p = 1;
                            if (v.getValue().startsWith("SET")) {
                                ps.setBigDecimal(p++, BigDecimal.valueOf(System.currentTimeMillis() * 1000, 6));
                            }
                            ps.setInt(p++, n);
                            ps.setString(p++, "x");
                            if (!plain) {
                                ps.setLong(p++, 1);
                                ps.setLong(p++, 1);
                                ps.setBytes(p, entry);
                            }
                            drain(ps, ps.execute());
                            n++;
                        }
                        res.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(n / ((System.nanoTime() - t0) / 1e9));
                    }
                }
            }
            double base = med(res.get("plain"));
            res.forEach((k, v) -> System.out.printf("%-32s %6.0f/s  %.2f%n", k, med(v), med(v) / base));
        }
    }

    private static double med(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return (s.get(1) + s.get(2)) / 2;
    }

    private static void drain(Statement st, boolean rs) throws SQLException {
        while (true) {
            if (rs) {
                st.getResultSet().close();
            } else if (st.getUpdateCount() == -1) {
                break;
            }
            rs = st.getMoreResults();
        }
    }
}
