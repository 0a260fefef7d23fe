package io.flotilla.replicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.replicator.log.EntryCodec;
import io.flotilla.replicator.log.LoggedStatement;
import io.flotilla.replicator.log.SessionSettings;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The binary log entry format round-trips every parameter type and context field. */
class EntryCodecTest {

    @Test
    void roundTripsStatementsWithContext() {
        LoggedStatement a = new LoggedStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)",
                Arrays.asList(42L, -7, 1.25d, new BigDecimal("12345.678900"), "héllo ☃", new byte[] {0, 1, (byte) 0xFF}, null),
                "app", 1_700_000_000_123_456L, 99, 12345, 67890, new SessionSettings("STRICT_TRANS_TABLES", "+02:00", "utf8mb4_bin"), false);
        LoggedStatement b = new LoggedStatement("ALTER TABLE t ADD c INT", List.of(), null, 5, 0, -1, -1, null, true);
        List<LoggedStatement> back = EntryCodec.decode(EntryCodec.encode(List.of(a, b)));
        assertThat(back).hasSize(2);
        LoggedStatement a2 = back.get(0);
        assertThat(a2.sql()).isEqualTo(a.sql());
        assertThat(a2.param(0)).isEqualTo(42L);
        assertThat(a2.param(1)).isEqualTo(-7L);
        assertThat(a2.param(2)).isEqualTo(1.25d);
        assertThat(a2.param(3)).isEqualTo(new BigDecimal("12345.678900"));
        assertThat(a2.param(4)).isEqualTo("héllo ☃");
        assertThat((byte[]) a2.param(5)).containsExactly(0, 1, 0xFF);
        assertThat(a2.param(6)).isNull();
        assertThat(a2.schema()).isEqualTo("app");
        assertThat(a2.timestampMicros()).isEqualTo(1_700_000_000_123_456L);
        assertThat(a2.insertId()).isEqualTo(99);
        assertThat(a2.randSeed1()).isEqualTo(12345);
        assertThat(a2.randSeed2()).isEqualTo(67890);
        assertThat(a2.session()).isEqualTo(a.session());
        assertThat(back.get(1)).isEqualTo(b);
    }

    @Test
    void aSimpleEntryIsSmall() {
        LoggedStatement s = new LoggedStatement("INSERT INTO t (k, v) VALUES (?, ?)", List.of(1L, "x"), "app",
                1_700_000_000_000_000L, 0, -1, -1, null, false);
        assertThat(EntryCodec.encode(List.of(s)).length).isLessThan(64);
    }

    @Test
    void rejectsTruncatedAndUnknownVersions() {
        byte[] ok = EntryCodec.encode(List.of(new LoggedStatement("DELETE FROM t", List.of(), null, 1, 0, -1, -1, null, false)));
        assertThatThrownBy(() -> EntryCodec.decode(Arrays.copyOf(ok, ok.length - 3))).hasMessageContaining("truncated");
        byte[] bad = ok.clone();
        bad[0] = 9;
        assertThatThrownBy(() -> EntryCodec.decode(bad)).hasMessageContaining("version 9");
    }
}
