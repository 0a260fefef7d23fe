package io.flotilla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.routing.config.HostPort;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The {@code jdbc:flotilla://} URL form: hosts, database, parameters, and clear errors. */
class FlotillaUrlTest {

    @Test
    void parsesHostsDatabaseAndParameters() throws SQLException {
        FlotillaUrl u = FlotillaUrl.parse("jdbc:flotilla://10.0.0.1:3306,db2:3307/shop?consistency=bounded%3A500&flotilla.token=ft1.abc").orElseThrow();
        assertThat(u.hosts()).containsExactly(new HostPort("10.0.0.1", 3306), new HostPort("db2", 3307));
        assertThat(u.database()).isEqualTo("shop");
        assertThat(u.properties()).containsEntry("consistency", "bounded:500").containsEntry("flotilla.token", "ft1.abc");
    }

    @Test
    void foreignUrlsAreNotOurs() throws SQLException {
        assertThat(FlotillaUrl.parse("jdbc:mysql://localhost:3306/x")).isEmpty();
        assertThat(FlotillaUrl.parse(null)).isEmpty();
        assertThat(FlotillaUrl.accepts("JDBC:FLOTILLA://h:1/d")).isTrue();
    }

    @Test
    void malformedUrlsSayWhatIsWrongWithoutEchoingParameters() {
        assertThatThrownBy(() -> FlotillaUrl.parse("jdbc:flotilla:///shop"))
                .isInstanceOf(SQLException.class).hasMessageContaining("no host:port")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
        assertThatThrownBy(() -> FlotillaUrl.parse("jdbc:flotilla://h:3306")).hasMessageContaining("no database");
        assertThatThrownBy(() -> FlotillaUrl.parse("jdbc:flotilla://h:notaport/shop?password=secret"))
                .hasMessageContaining("'h:notaport'").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> FlotillaUrl.parse("jdbc:flotilla://h:1/shop?novalue")).hasMessageContaining("'novalue'");
    }
}
