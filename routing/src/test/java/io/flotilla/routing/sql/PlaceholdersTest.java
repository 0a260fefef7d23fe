package io.flotilla.routing.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlaceholdersTest {
    @Test
    void countsOnlyRealPlaceholders() {
        assertThat(Placeholders.count("SELECT c FROM sbtest1 WHERE id=?")).isEqualTo(1);
        assertThat(Placeholders.count("INSERT INTO t VALUES (?, ?, '?', \"?\", `?`)")).isEqualTo(2);
        assertThat(Placeholders.count("SELECT ? -- ?\n, ? # ?\n /* ? */ FROM t")).isEqualTo(2);
        assertThat(Placeholders.count("SELECT 'it''s ?', 'a\\'?', ?")).isEqualTo(1);
        assertThat(Placeholders.count("SELECT /*!50000 ? */ 1")).as("versioned comments are code").isEqualTo(1);
        assertThat(Placeholders.count("SELECT 1")).isZero();
    }
}
