package io.flotilla.proxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Medians of benchmark rounds, including rounds that lack a figure (NaN). */
class MediansTest {

    @Test
    void theMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
        assertThat(Medians.of(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Medians.of(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }

    @Test
    void roundsWithoutAFigureAreLeftOut() {
        assertThat(Medians.of(List.of(Double.NaN, 1.0, 5.0, 3.0))).isEqualTo(3.0);
        assertThat(Medians.of(List.of(Double.NaN))).isNaN();
        assertThat(Medians.of(List.of())).isNaN();
    }

    @Test
    void ratiosAreTakenRoundByRound() {
        assertThat(Medians.ratios(List.of(2.0, 9.0, 4.0), List.of(4.0, 3.0, 4.0))).containsExactly(0.5, 3.0, 1.0);
    }
}
