package io.flotilla.routing.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.routing.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing, printing and error messages of consistency levels. */
class ConsistencyLevelTest {

    private static final String KEY = "consistency.default";

    @Test
    void parsesEveryFormIgnoringCaseAndBlanks() {
        assertThat(ConsistencyLevel.parse("strong", KEY)).isSameAs(ConsistencyLevel.STRONG);
        assertThat(ConsistencyLevel.parse(" Read-Your-Writes ", KEY)).isEqualTo(ConsistencyLevel.READ_YOUR_WRITES);
        assertThat(ConsistencyLevel.parse("MONOTONIC", KEY)).isEqualTo(ConsistencyLevel.MONOTONIC);
        assertThat(ConsistencyLevel.parse("eventual", KEY)).isEqualTo(ConsistencyLevel.EVENTUAL);
        assertThat(ConsistencyLevel.parse("Bounded:250", KEY)).isEqualTo(new ConsistencyLevel.Bounded(250));
        assertThat(ConsistencyLevel.parse("bounded:0", KEY)).isEqualTo(ConsistencyLevel.bounded(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"strong", "read-your-writes", "monotonic", "bounded:1500", "eventual"})
    void textRoundTrips(String text) {
        ConsistencyLevel level = ConsistencyLevel.parse(text, KEY);
        assertThat(level.text()).isEqualTo(text);
        assertThat(ConsistencyLevel.parse(level.text(), KEY)).isEqualTo(level);
    }

    @Test
    void defaultIsReadYourWrites() {
        assertThat(ConsistencyLevel.DEFAULT).isEqualTo(ConsistencyLevel.READ_YOUR_WRITES);
        assertThat(ConsistencyLevel.DEFAULT).isNotEqualTo(ConsistencyLevel.MONOTONIC);
    }

    @ParameterizedTest
    @ValueSource(strings = {"linearizable", "bounded", "bounded:", "bounded:-5", "bounded:abc", "strong:1", ""})
    void rejectsUnknownFormsNamingKeyAndValidForms(String text) {
        assertThatThrownBy(() -> ConsistencyLevel.parse(text, KEY))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'" + KEY + "'")
                .hasMessageContaining("strong, read-your-writes, monotonic, bounded:<millis>, eventual")
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(KEY));
    }

    @Test
    void rejectionQuotesTheBadValue() {
        assertThatThrownBy(() -> ConsistencyLevel.parse("linearizable", KEY))
                .hasMessageContaining("'linearizable'");
        assertThatThrownBy(() -> ConsistencyLevel.parse(null, KEY)).isInstanceOf(ConfigException.class);
    }

    @Test
    void boundedRejectsNegativeBoundDirectly() {
        assertThatThrownBy(() -> ConsistencyLevel.bounded(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
