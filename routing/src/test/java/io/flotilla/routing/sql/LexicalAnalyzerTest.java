package io.flotilla.routing.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Focused checks on details the corpus does not pin down: offsets, messages, hints and transaction flags. */
class LexicalAnalyzerTest {

    private final LexicalAnalyzer analyzer = new LexicalAnalyzer();

    @Test
    void rewritesHaveExactOffsetsInAscendingOrder() {
        String sql = "INSERT INTO t VALUES (UUID(), UUID_SHORT(), SYSDATE(6), SYSDATE(), LAST_INSERT_ID(), LAST_INSERT_ID(7))";
        StatementInfo info = analyzer.analyze(sql);
        assertThat(info.rewrites()).extracting(Rewrite::kind).containsExactly(
                RewriteKind.UUID, RewriteKind.UUID_SHORT, RewriteKind.SYSDATE, RewriteKind.SYSDATE,
                RewriteKind.LAST_INSERT_ID);
        assertThat(info.rewrites()).extracting(r -> sql.substring(r.start(), r.end())).containsExactly(
                "UUID()", "UUID_SHORT()", "SYSDATE(6)", "SYSDATE()", "LAST_INSERT_ID()");
        assertThat(info.rewrites()).extracting(Rewrite::fsp).containsExactly(0, 0, 6, 0, 0);
        assertThat(info.unsafe()).isEmpty();
    }

    @Test
    void rewriteToleratesSpaceBeforeParenAndLowerCase() {
        String sql = "update t set a = uuid (  ) where b = 1";
        StatementInfo info = analyzer.analyze(sql);
        assertThat(info.rewrites()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(RewriteKind.UUID);
            assertThat(sql.substring(r.start(), r.end())).isEqualTo("uuid (  )");
        });
    }

    @Test
    void readsGetNoRewritesOrUnsafe() {
        StatementInfo info = analyzer.analyze("SELECT UUID(), SYSDATE(), my_udf(1), @x FROM t LIMIT 1");
        assertThat(info.rewrites()).isEmpty();
        assertThat(info.unsafe()).isEmpty();
        assertThat(info.write()).isFalse();
    }

    @Test
    void rewritesInsideStringsAndCommentsAreIgnoredButVersionedCommentsCount() {
        String sql = "INSERT INTO t VALUES ('UUID()', /* UUID() */ /*!50000 UUID() */)";
        StatementInfo info = analyzer.analyze(sql);
        assertThat(info.rewrites()).singleElement()
                .satisfies(r -> assertThat(r.start()).isEqualTo(sql.lastIndexOf("UUID()")));
    }

    @Test
    void sysdateWithPlaceholderCannotBeRewrittenAndIsUnsafe() {
        StatementInfo info = analyzer.analyze("UPDATE t SET d = SYSDATE(?)");
        assertThat(info.rewrites()).isEmpty();
        assertThat(info.unsafe()).containsExactly(new Unsafe(UnsafeKind.NONDETERMINISTIC_FUNCTION, "SYSDATE"));
    }

    @Test
    void unsafeMessagesNameTheConstruct() {
        assertThat(analyzer.analyze("UPDATE t SET a = 1 LIMIT 1").unsafe())
                .extracting(Unsafe::message).containsExactly("UPDATE with LIMIT but no ORDER BY");
        assertThat(analyzer.analyze("UPDATE t SET a = LOAD_FILE('x')").unsafe())
                .extracting(Unsafe::message).containsExactly("function LOAD_FILE()");
        assertThat(analyzer.analyze("UPDATE t SET a = @x").unsafe())
                .extracting(Unsafe::message).containsExactly("user variable @x");
        assertThat(analyzer.analyze("UPDATE t SET a = @@global.max_connections").unsafe())
                .extracting(Unsafe::message).containsExactly("system variable @@global.max_connections");
        assertThat(analyzer.analyze("INSERT INTO t VALUES (fn_price(1))").unsafe())
                .extracting(Unsafe::message).containsExactly("user-defined function fn_price()");
        assertThat(analyzer.analyze("CALL shop.restock(3)").unsafe())
                .extracting(Unsafe::message).containsExactly("stored procedure call CALL shop.restock");
        assertThat(analyzer.analyze("XA END 'x'").unsafe())
                .extracting(Unsafe::message).containsExactly("XA END statement");
        assertThat(analyzer.analyze("INSERT IGNORE INTO t SELECT * FROM u").unsafe())
                .extracting(Unsafe::message).containsExactly("INSERT IGNORE ... SELECT without ORDER BY");
        assertThat(analyzer.analyze("CREATE TEMPORARY TABLE x (a INT)").unsafe())
                .extracting(Unsafe::message).containsExactly("CREATE TEMPORARY TABLE statement");
    }

    @Test
    void quotedUserVariableAndDuplicatesReportedOnce() {
        StatementInfo info = analyzer.analyze("UPDATE t SET a = @'my var', b = @'my var', c = @x");
        assertThat(info.unsafe()).containsExactly(
                new Unsafe(UnsafeKind.USER_VARIABLE, "@'my var'"), new Unsafe(UnsafeKind.USER_VARIABLE, "@x"));
    }

    @Test
    void unsafeInsertSelectWithLimitAndIgnoreReportsBoth() {
        StatementInfo info = analyzer.analyze("INSERT IGNORE INTO t SELECT * FROM u LIMIT 3");
        assertThat(info.unsafe()).extracting(Unsafe::kind).containsExactly(
                UnsafeKind.LIMIT_WITHOUT_ORDER_BY, UnsafeKind.UNORDERED_INSERT_SELECT);
    }

    @Test
    void ddlBodiesAreNotScannedForCallsButCreateTableSelectIs() {
        StatementInfo trigger = analyzer.analyze(
                "CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW SET NEW.id = UUID()");
        assertThat(trigger.rewrites()).isEmpty();
        assertThat(trigger.unsafe()).isEmpty();

        String ctas = "CREATE TABLE t2 AS SELECT UUID() AS id, @x AS v FROM t1";
        StatementInfo info = analyzer.analyze(ctas);
        assertThat(info.rewrites()).extracting(r -> ctas.substring(r.start(), r.end())).containsExactly("UUID()");
        assertThat(info.unsafe()).containsExactly(new Unsafe(UnsafeKind.USER_VARIABLE, "@x"));
    }

    @Test
    void defaultUuidInCreateTableIsNotRewritten() {
        StatementInfo info = analyzer.analyze("CREATE TABLE t (id CHAR(36) DEFAULT (UUID()))");
        assertThat(info.rewrites()).isEmpty();
        assertThat(info.usesTime()).isTrue();
    }

    @Test
    void hintsFromComments() {
        assertThat(analyzer.analyze("/* flotilla:leader */ SELECT 1").hints())
                .isEqualTo(new Hints(Optional.of("leader"), Optional.empty()));
        assertThat(analyzer.analyze("SELECT 1 /* flotilla:node=n2 */").hints())
                .isEqualTo(new Hints(Optional.of("n2"), Optional.empty()));
        assertThat(analyzer.analyze("SELECT /* flotilla:follower consistency=bounded:500 */ 1").hints())
                .isEqualTo(new Hints(Optional.of("follower"), Optional.of("bounded:500")));
        assertThat(analyzer.analyze("SELECT 1 /* flotilla:consistency=eventual,follower */").hints())
                .isEqualTo(new Hints(Optional.of("follower"), Optional.of("eventual")));
        assertThat(analyzer.analyze("SELECT '/* flotilla:leader */'").hints()).isSameAs(Hints.NONE);
        assertThat(analyzer.analyze("SELECT /*+ flotilla:leader */ 1").hints()).isSameAs(Hints.NONE);
        assertThat(analyzer.analyze("SELECT 1 /* just a comment */").hints()).isSameAs(Hints.NONE);
    }

    @Test
    void transactionStartFlags() {
        assertThat(analyzer.analyze("BEGIN").txStart()).isEqualTo(new TransactionStart(false, false));
        assertThat(analyzer.analyze("START TRANSACTION READ ONLY").txStart()).isEqualTo(new TransactionStart(true, false));
        assertThat(analyzer.analyze("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY").txStart())
                .isEqualTo(new TransactionStart(true, true));
        assertThat(analyzer.analyze("start transaction read write").txStart()).isEqualTo(new TransactionStart(false, false));
        assertThat(analyzer.analyze("COMMIT").txStart()).isNull();
        assertThat(analyzer.analyze("XA START 'x'").txStart()).isNull();
    }

    @Test
    void lexerHandlesEscapesDoubledQuotesAndLiterals() {
        StatementInfo info = analyzer.analyze(
                "UPDATE t SET a = 'it''s \\' LIMIT 1', b = \"x\"\"LIMIT\", c = x'4C494D4954', d = 0xFF, "
                        + "e = b'101', f = _utf8mb4'LIMIT', g = `we``ird`");
        assertThat(info.unsafe()).isEmpty();
        assertThat(info.tables()).containsExactly("t");
    }

    @Test
    void dashDashNeedsWhitespaceToStartAComment() {
        StatementInfo info = analyzer.analyze("UPDATE t SET a = a--1 LIMIT 1");
        assertThat(info.unsafe()).extracting(Unsafe::kind).containsExactly(UnsafeKind.LIMIT_WITHOUT_ORDER_BY);
        assertThat(analyzer.analyze("UPDATE t SET a = 1 -- LIMIT 1").unsafe()).isEmpty();
    }

    @Test
    void mariaDbVersionedCommentIsCode() {
        StatementInfo info = analyzer.analyze("UPDATE t SET a = 1 /*M!100100 LIMIT 1 */");
        assertThat(info.unsafe()).extracting(Unsafe::kind).containsExactly(UnsafeKind.LIMIT_WITHOUT_ORDER_BY);
    }

    @Test
    void sqlAndTablesAreKeptAndImmutable() {
        String sql = "SELECT * FROM T1;";
        StatementInfo info = analyzer.analyze(sql);
        assertThat(info.sql()).isSameAs(sql);
        assertThat(info.tables()).containsExactly("t1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> info.tables().add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
