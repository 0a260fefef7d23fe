package io.flotilla.routing.sql;

import static io.flotilla.routing.sql.CorpusTest.Flag.IMPLICIT;
import static io.flotilla.routing.sql.CorpusTest.Flag.LAST_ID;
import static io.flotilla.routing.sql.CorpusTest.Flag.LOCKING;
import static io.flotilla.routing.sql.CorpusTest.Flag.LOCKS;
import static io.flotilla.routing.sql.CorpusTest.Flag.RAND;
import static io.flotilla.routing.sql.CorpusTest.Flag.TEMP;
import static io.flotilla.routing.sql.CorpusTest.Flag.TIME;
import static io.flotilla.routing.sql.CorpusTest.Flag.WRITE;
import static io.flotilla.routing.sql.StatementKind.*;
import static io.flotilla.routing.sql.UnsafeKind.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven corpus: every row asserts kind, the full flag set, the unsafe kinds and (when given) the tables. */
class CorpusTest {

    enum Flag { WRITE, IMPLICIT, LOCKING, TIME, RAND, LAST_ID, LOCKS, TEMP }

    /** One expected analysis; {@code tables == null} means tables are not checked for this row. */
    record Row(String sql, StatementKind kind, Set<Flag> flags, Set<UnsafeKind> unsafe, Set<String> tables) {
        Row flags(Flag... f) {
            EnumSet<Flag> s = EnumSet.noneOf(Flag.class);
            s.addAll(Arrays.asList(f));
            return new Row(sql, kind, s, unsafe, tables);
        }

        Row unsafe(UnsafeKind... u) {
            EnumSet<UnsafeKind> s = EnumSet.noneOf(UnsafeKind.class);
            s.addAll(Arrays.asList(u));
            return new Row(sql, kind, flags, s, tables);
        }

        Row tbl(String... t) {
            return new Row(sql, kind, flags, unsafe, Set.of(t));
        }

        @Override
        public String toString() {
            return sql;
        }
    }

    static Row row(String sql, StatementKind kind) {
        return new Row(sql, kind, EnumSet.noneOf(Flag.class), EnumSet.noneOf(UnsafeKind.class), null);
    }

    static Stream<Row> corpus() {
        return Stream.of(
                // ---- plain reads
                row("SELECT 1", SELECT).tbl(),
                row("select * from t", SELECT).tbl("t"),
                row("SELECT a, b FROM db.t1 AS x, `db2`.`T2` y WHERE x.id = y.id", SELECT).tbl("db.t1", "db2.t2"),
                row("  -- leading comment\n  /* block */ SELECT * FROM t;", SELECT).tbl("t"),
                row("(SELECT a FROM t1) UNION (SELECT a FROM t2) ORDER BY a", SELECT).tbl("t1", "t2"),
                row("SELECT * FROM t1 LEFT JOIN t2 ON t1.id = t2.id INNER JOIN s.t3 USING (id)", SELECT)
                        .tbl("t1", "t2", "s.t3"),
                row("SELECT * FROM (SELECT id FROM inner_t) AS d JOIN t2 ON d.id = t2.id", SELECT).tbl("inner_t", "t2"),
                row("SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE EXISTS (SELECT 1 FROM v))", SELECT)
                        .tbl("t", "u", "v"),
                row("WITH c AS (SELECT * FROM base) SELECT * FROM c", SELECT).tbl("base"),
                row("WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT n FROM r", SELECT)
                        .tbl(),
                row("SELECT 'UPDATE t SET x=1', \"DELETE FROM u\" FROM t", SELECT).tbl("t"),
                row("SELECT /* DELETE FROM x */ a FROM t # DROP TABLE t", SELECT).tbl("t"),
                row("SELECT EXTRACT(YEAR FROM d), TRIM(LEADING 'x' FROM s), SUBSTRING(s FROM 2) FROM t", SELECT).tbl("t"),
                row("SELECT NOW() FROM t", SELECT).flags(TIME).tbl("t"),
                row("SELECT CURRENT_TIMESTAMP, CURRENT_DATE", SELECT).flags(TIME),
                row("SELECT RAND(), LAST_INSERT_ID()", SELECT).flags(RAND, LAST_ID),
                row("SELECT GET_LOCK('x', 10)", SELECT).flags(LOCKS),
                row("SELECT my_udf(a), UUID(), @x, @@version FROM t", SELECT).tbl("t"),
                row("SELECT * FROM t WHERE id = 1 FOR UPDATE", SELECT).flags(LOCKING).tbl("t"),
                row("SELECT * FROM t WHERE id = 1 LOCK IN SHARE MODE", SELECT).flags(LOCKING).tbl("t"),
                row("SELECT * FROM t FOR SHARE SKIP LOCKED", SELECT).flags(LOCKING).tbl("t"),
                row("SELECT a INTO @v FROM t WHERE id = 1", SELECT).tbl("t"),
                row("SELECT * INTO OUTFILE '/tmp/x' FROM t", SELECT).tbl("t"),
                row("SELECT * FROM t1, t2 AS b, t3 c WHERE 1", SELECT).tbl("t1", "t2", "t3"),
                row("SELECT * FROM t USE INDEX (i1) JOIN u FORCE INDEX FOR JOIN (i2) ON t.a = u.a", SELECT)
                        .tbl("t", "u"),
                row("TABLE t", SELECT).tbl("t"),
                row("SELECT x FROM dual", SELECT).tbl(),
                row("SELECT `update`.`from` FROM `update`", SELECT).tbl("update"),
                row("SELECT /*!40001 SQL_NO_CACHE */ * FROM t", SELECT).tbl("t"),
                row("SELECT ROW_NUMBER() OVER (PARTITION BY a ORDER BY b) FROM t", SELECT).tbl("t"),
                // ---- transaction control
                row("BEGIN", BEGIN).flags(IMPLICIT),
                row("BEGIN WORK", BEGIN).flags(IMPLICIT),
                row("START TRANSACTION READ ONLY", BEGIN).flags(IMPLICIT),
                row("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ WRITE", BEGIN).flags(IMPLICIT),
                row("COMMIT", COMMIT),
                row("COMMIT WORK", COMMIT),
                row("ROLLBACK", ROLLBACK),
                row("ROLLBACK WORK", ROLLBACK),
                row("ROLLBACK TO SAVEPOINT sp1", ROLLBACK_TO_SAVEPOINT),
                row("ROLLBACK WORK TO sp1", ROLLBACK_TO_SAVEPOINT),
                row("SAVEPOINT sp1", SAVEPOINT),
                row("RELEASE SAVEPOINT sp1", RELEASE_SAVEPOINT),
                row("SET TRANSACTION ISOLATION LEVEL READ COMMITTED", SET),
                row("SET autocommit=0", SET),
                row("SET autocommit = 1", SET).flags(IMPLICIT),
                row("SET NAMES utf8mb4", SET),
                row("SET @x = NOW()", SET).flags(TIME),
                row("XA START 'xid1'", StatementKind.XA).unsafe(UnsafeKind.XA),
                row("LOCK TABLES t1 READ, t2 WRITE", LOCK_TABLES).flags(IMPLICIT).tbl("t1", "t2"),
                row("UNLOCK TABLES", UNLOCK_TABLES).flags(IMPLICIT),
                // ---- misc
                row("USE db1", USE),
                row("SHOW TABLES", SHOW),
                row("DESC t", EXPLAIN).tbl("t"),
                row("EXPLAIN SELECT * FROM t", EXPLAIN).tbl("t"),
                row("CALL db.proc(1, NOW())", CALL).flags(TIME).unsafe(STORED_PROCEDURE_CALL),
                row("DO SLEEP(1)", StatementKind.DO),
                row("HANDLER t OPEN", OTHER),
                row("CHECKSUM TABLE t", OTHER).tbl("t"),
                row("OPTIMIZE TABLE t", OTHER).flags(IMPLICIT).tbl("t"),
                row("ANALYZE TABLE t", OTHER).flags(IMPLICIT).tbl("t"),
                row("REPAIR NO_WRITE_TO_BINLOG TABLE t", OTHER).flags(IMPLICIT).tbl("t"),
                row("FLUSH PRIVILEGES", OTHER).flags(IMPLICIT),
                row("", EMPTY),
                row("  /* only a comment */ ;", EMPTY),
                // ---- DML
                row("INSERT INTO t (a, b) VALUES (1, 'x')", INSERT).flags(WRITE).tbl("t"),
                row("INSERT INTO db.t(a) VALUES (?)", INSERT).flags(WRITE).tbl("db.t"),
                row("INSERT t(a) VALUES (1)", INSERT).flags(WRITE).tbl("t"),
                row("REPLACE INTO t(a) VALUES (1)", REPLACE).flags(WRITE).tbl("t"),
                row("INSERT INTO t (a, v) VALUES (1, 2) ON DUPLICATE KEY UPDATE v = VALUES(v)", INSERT)
                        .flags(WRITE).tbl("t"),
                row("INSERT INTO t (a, created) VALUES (1, NOW())", INSERT).flags(WRITE, TIME).tbl("t"),
                row("INSERT INTO t (a, created) VALUES (1, CURRENT_TIMESTAMP)", INSERT).flags(WRITE, TIME).tbl("t"),
                row("INSERT INTO t VALUES (RAND())", INSERT).flags(WRITE, RAND).tbl("t"),
                row("INSERT INTO t VALUES (LAST_INSERT_ID())", INSERT).flags(WRITE, LAST_ID).tbl("t"),
                row("INSERT INTO t VALUES (LAST_INSERT_ID(5))", INSERT).flags(WRITE, LAST_ID).tbl("t"),
                row("INSERT INTO t VALUES (UUID(), UUID_SHORT(), SYSDATE(3))", INSERT).flags(WRITE).tbl("t"),
                row("INSERT INTO t(a) SELECT a FROM u ORDER BY id LIMIT 5", INSERT).flags(WRITE).tbl("t", "u"),
                row("INSERT INTO t(a) SELECT a FROM u LIMIT 5", INSERT).flags(WRITE)
                        .unsafe(LIMIT_WITHOUT_ORDER_BY).tbl("t", "u"),
                row("INSERT INTO t(a) SELECT a FROM u", INSERT).flags(WRITE).tbl("t", "u"),
                row("INSERT IGNORE INTO t SELECT * FROM u", INSERT).flags(WRITE).unsafe(UNORDERED_INSERT_SELECT)
                        .tbl("t", "u"),
                row("INSERT IGNORE INTO t SELECT * FROM u ORDER BY id", INSERT).flags(WRITE).tbl("t", "u"),
                row("REPLACE INTO t SELECT * FROM u", REPLACE).flags(WRITE).unsafe(UNORDERED_INSERT_SELECT)
                        .tbl("t", "u"),
                row("INSERT INTO t SELECT * FROM u ON DUPLICATE KEY UPDATE v = u.v", INSERT).flags(WRITE)
                        .unsafe(UNORDERED_INSERT_SELECT).tbl("t", "u"),
                row("INSERT INTO t (SELECT * FROM u ORDER BY id LIMIT 3)", INSERT).flags(WRITE).tbl("t", "u"),
                row("INSERT INTO t VALUES ((SELECT MAX(id) FROM u LIMIT 1))", INSERT).flags(WRITE).tbl("t", "u"),
                row("UPDATE t SET a = 1 WHERE b = 2", UPDATE).flags(WRITE).tbl("t"),
                row("UPDATE t SET a = 1 LIMIT 10", UPDATE).flags(WRITE).unsafe(LIMIT_WITHOUT_ORDER_BY).tbl("t"),
                row("UPDATE t SET a = 1 ORDER BY id LIMIT 10", UPDATE).flags(WRITE).tbl("t"),
                row("UPDATE t SET a = (SELECT b FROM u ORDER BY c LIMIT 1)", UPDATE).flags(WRITE).tbl("t", "u"),
                row("UPDATE t1, t2 SET t1.a = t2.a WHERE t1.id = t2.id", UPDATE).flags(WRITE).tbl("t1", "t2"),
                row("UPDATE t1 JOIN t2 ON t1.id = t2.id SET t1.a = t2.b", UPDATE).flags(WRITE).tbl("t1", "t2"),
                row("UPDATE LOW_PRIORITY IGNORE db.t SET x = x + 1", UPDATE).flags(WRITE).tbl("db.t"),
                row("DELETE FROM t WHERE id = 1", DELETE).flags(WRITE).tbl("t"),
                row("DELETE FROM t WHERE created < NOW() LIMIT 100", DELETE).flags(WRITE, TIME)
                        .unsafe(LIMIT_WITHOUT_ORDER_BY).tbl("t"),
                row("DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id WHERE t2.x = 1", DELETE).flags(WRITE).tbl("t1", "t2"),
                row("DELETE FROM t1, t2 USING t1 INNER JOIN t2 INNER JOIN t3 WHERE t1.id = t2.id", DELETE)
                        .flags(WRITE).tbl("t1", "t2", "t3"),
                row("WITH old AS (SELECT id FROM t WHERE x < 5) DELETE FROM t WHERE id IN (SELECT id FROM old)", DELETE)
                        .flags(WRITE).tbl("t"),
                row("WITH v AS (SELECT 1 AS n) UPDATE t SET a = (SELECT n FROM v)", UPDATE).flags(WRITE).tbl("t"),
                row("UPDATE t SET a = LOAD_FILE('/etc/passwd')", UPDATE).flags(WRITE).unsafe(NONDETERMINISTIC_FUNCTION)
                        .tbl("t"),
                row("UPDATE t SET who = CURRENT_USER", UPDATE).flags(WRITE).unsafe(NONDETERMINISTIC_FUNCTION).tbl("t"),
                row("UPDATE t SET a = GET_LOCK('k', 1)", UPDATE).flags(WRITE, LOCKS).unsafe(NONDETERMINISTIC_FUNCTION)
                        .tbl("t"),
                row("UPDATE t SET a = my_func(b)", UPDATE).flags(WRITE).unsafe(USER_DEFINED_FUNCTION).tbl("t"),
                row("UPDATE t SET a = db.my_func(b)", UPDATE).flags(WRITE).unsafe(USER_DEFINED_FUNCTION).tbl("t"),
                row("UPDATE t SET a = COALESCE(NULLIF(b, ''), IFNULL(c, CONCAT_WS(',', d, MD5(e))))", UPDATE)
                        .flags(WRITE).tbl("t"),
                row("UPDATE t SET a = CAST(b AS DECIMAL(10,2)), c = CONVERT(d, CHAR(10))", UPDATE).flags(WRITE)
                        .tbl("t"),
                row("UPDATE t SET a = IF(b IN (1, 2), JSON_EXTRACT(j, '$.x'), GREATEST(c, d))", UPDATE).flags(WRITE)
                        .tbl("t"),
                row("UPDATE t SET a = @x", UPDATE).flags(WRITE).unsafe(USER_VARIABLE).tbl("t"),
                row("UPDATE t SET a = @@session.sql_mode", UPDATE).flags(WRITE).unsafe(SYSTEM_VARIABLE).tbl("t"),
                row("UPDATE t SET a = 'my_func(x) @y @@z LIMIT 1'", UPDATE).flags(WRITE).tbl("t"),
                row("UPDATE t SET a = 1 WHERE id IN (SELECT id FROM u FOR UPDATE SKIP LOCKED)", UPDATE).flags(WRITE)
                        .unsafe(SKIP_LOCKED).tbl("t", "u"),
                row("DELETE FROM t WHERE id = 1 /*!80000 LIMIT 1 */", DELETE).flags(WRITE)
                        .unsafe(LIMIT_WITHOUT_ORDER_BY).tbl("t"),
                row("UPDATE t SET a = 1 /* LIMIT 1 */", UPDATE).flags(WRITE).tbl("t"),
                row("LOAD DATA LOCAL INFILE '/tmp/x.csv' INTO TABLE t FIELDS TERMINATED BY ','", StatementKind.LOAD_DATA)
                        .flags(WRITE).unsafe(UnsafeKind.LOAD_DATA).tbl("t"),
                // ---- more tricky shapes
                row("INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = VALUES(a) + my_udf(1)", INSERT)
                        .flags(WRITE).unsafe(USER_DEFINED_FUNCTION).tbl("t"),
                row("UPDATE t SET s = 1 WHERE MATCH (a, b) AGAINST ('x' IN BOOLEAN MODE)", UPDATE).flags(WRITE).tbl("t"),
                row("INSERT INTO t SELECT a FROM u UNION SELECT a FROM v LIMIT 1", INSERT).flags(WRITE)
                        .unsafe(LIMIT_WITHOUT_ORDER_BY).tbl("t", "u", "v"),
                row("INSERT INTO t SELECT a, ROW_NUMBER() OVER (ORDER BY a) FROM u LIMIT 1", INSERT).flags(WRITE)
                        .unsafe(LIMIT_WITHOUT_ORDER_BY).tbl("t", "u"),
                row("DELETE FROM t ORDER BY id LIMIT 1", DELETE).flags(WRITE).tbl("t"),
                row("REPLACE t(a) VALUES (REPLACE('a', 'b', 'c'))", REPLACE).flags(WRITE).tbl("t"),
                row("UPDATE t SET a = CHAR_LENGTH(b) + INET_ATON(c) + CRC32(d) + SHA2(e, 256) + ST_X(p)", UPDATE)
                        .flags(WRITE).tbl("t"),
                row("UPDATE t SET x = UTC_TIMESTAMP, y = UNIX_TIMESTAMP()", UPDATE).flags(WRITE, TIME).tbl("t"),
                row("UPDATE t SET x = t.now, y = now", UPDATE).flags(WRITE).tbl("t"),
                row("SET @@session.autocommit = ON", SET).flags(IMPLICIT),
                row("LOCK TABLE t AS x READ LOCAL", LOCK_TABLES).flags(IMPLICIT).tbl("t"),
                row("SELECT * FROM JSON_TABLE('[]', '$[*]' COLUMNS (id INT PATH '$')) AS jt", SELECT).tbl(),
                row("CREATE TABLE IF NOT EXISTS db.t (a INT)", DDL).flags(WRITE, IMPLICIT, TIME).tbl("db.t"),
                row("INSERT INTO `my db`.`my``t` (`a`) VALUES (1)", INSERT).flags(WRITE).tbl("my db.my`t"),
                row("UPDATE t SET a = `weird fn`(1)", UPDATE).flags(WRITE).unsafe(USER_DEFINED_FUNCTION).tbl("t"),
                row("INSERT INTO log (msg) VALUES (CONCAT('user ', USER(), ' conn ', CONNECTION_ID()))", INSERT)
                        .flags(WRITE).unsafe(NONDETERMINISTIC_FUNCTION).tbl("log"),
                row("SELECT a FROM t GROUP BY a WITH ROLLUP", SELECT).tbl("t"),
                row("START SLAVE", OTHER).flags(IMPLICIT),
                // ---- DDL
                row("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(10), price DECIMAL(10,2), "
                        + "kind ENUM('a','b'), KEY k (name), INDEX i (price), "
                        + "FOREIGN KEY (pid) REFERENCES p(id), created TIMESTAMP DEFAULT CURRENT_TIMESTAMP)", DDL)
                        .flags(WRITE, IMPLICIT, TIME).tbl("t", "p"),
                row("CREATE TEMPORARY TABLE tmp (id INT)", DDL).flags(WRITE, TIME, TEMP).unsafe(TEMPORARY_TABLE)
                        .tbl("tmp"),
                row("DROP TEMPORARY TABLE IF EXISTS tmp", DDL).flags(WRITE, TIME, TEMP).unsafe(TEMPORARY_TABLE)
                        .tbl("tmp"),
                row("DROP TABLE IF EXISTS a, b", DDL).flags(WRITE, IMPLICIT, TIME).tbl("a", "b"),
                row("ALTER TABLE db.t ADD COLUMN c INT", DDL).flags(WRITE, IMPLICIT, TIME).tbl("db.t"),
                row("TRUNCATE t", DDL).flags(WRITE, IMPLICIT, TIME).tbl("t"),
                row("TRUNCATE TABLE t", DDL).flags(WRITE, IMPLICIT, TIME).tbl("t"),
                row("RENAME TABLE a TO b, c TO d", DDL).flags(WRITE, IMPLICIT, TIME).tbl("a", "b", "c", "d"),
                row("CREATE INDEX idx ON t (c)", DDL).flags(WRITE, IMPLICIT, TIME).tbl("t"),
                row("CREATE TABLE t2 AS SELECT id, my_udf(x) FROM t1 LIMIT 5", DDL).flags(WRITE, IMPLICIT, TIME)
                        .tbl("t2", "t1"),
                row("CREATE FUNCTION f() RETURNS INT DETERMINISTIC RETURN my_other(1) + @x", DDL)
                        .flags(WRITE, IMPLICIT, TIME),
                row("GRANT SELECT ON db.* TO 'u'@'%'", DDL).flags(WRITE, IMPLICIT, TIME),
                row("CREATE USER 'u'@'localhost' IDENTIFIED BY 'p'", DDL).flags(WRITE, IMPLICIT, TIME),
                row("/*!50100 CREATE TABLE t (a INT) */", DDL).flags(WRITE, IMPLICIT, TIME).tbl("t")
        );
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("corpus")
    void analyses(Row row) {
        StatementInfo info = new LexicalAnalyzer().analyze(row.sql());
        assertThat(info.kind()).as("kind").isEqualTo(row.kind());
        assertThat(flags(info)).as("flags").isEqualTo(row.flags());
        List<UnsafeKind> unsafeKinds = info.unsafe().stream().map(Unsafe::kind).toList();
        assertThat(EnumSet.copyOf(row.unsafe().isEmpty() ? EnumSet.noneOf(UnsafeKind.class) : row.unsafe()))
                .as("unsafe " + info.unsafe())
                .isEqualTo(unsafeKinds.isEmpty() ? EnumSet.noneOf(UnsafeKind.class) : EnumSet.copyOf(unsafeKinds));
        if (row.tables() != null) {
            assertThat(info.tables()).as("tables").containsExactlyInAnyOrderElementsOf(row.tables());
        }
    }

    @org.junit.jupiter.api.Test
    void neverThrowsOnTruncatedOrMalformedInput() {
        LexicalAnalyzer analyzer = new LexicalAnalyzer();
        List<String> inputs = new java.util.ArrayList<>(List.of("@", "@@", "'unterminated", "/* open", "*/", "`x",
                "x'", "((((", "))))", "-- ", "#", "/*!", "SELECT 1e", "UPDATE t SET a = SYSDATE(", "CALL", "XA", "LOAD DATA"));
        corpus().forEach(r -> {
            for (int i = 0; i <= r.sql().length(); i++) {
                inputs.add(r.sql().substring(0, i));
            }
        });
        for (String sql : inputs) {
            StatementInfo info = analyzer.analyze(sql);
            assertThat(info.kind()).as(sql).isNotNull();
            for (Rewrite rw : info.rewrites()) {
                assertThat(rw.end()).as(sql).isLessThanOrEqualTo(sql.length());
            }
        }
    }

    @org.junit.jupiter.api.Test
    void corpusIsLargeEnough() {
        assertThat(corpus().count()).isGreaterThanOrEqualTo(80);
    }

    private static Set<Flag> flags(StatementInfo i) {
        EnumSet<Flag> s = EnumSet.noneOf(Flag.class);
        if (i.write()) s.add(WRITE);
        if (i.implicitCommit()) s.add(IMPLICIT);
        if (i.lockingRead()) s.add(LOCKING);
        if (i.usesTime()) s.add(TIME);
        if (i.usesRand()) s.add(RAND);
        if (i.usesLastInsertId()) s.add(LAST_ID);
        if (i.usesLocks()) s.add(LOCKS);
        if (i.temporaryTable()) s.add(TEMP);
        return s;
    }
}
