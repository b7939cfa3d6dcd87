package wuton.serve.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClopperPearsonTest {
    @Test
    void thePapersStudyGivesPAbove085AtAbout987PercentConfidence() {
        // 88% of 7 x 100 votes
        assertThat(ClopperPearson.confidenceAbove(616, 700, 0.85)).isCloseTo(0.98682, within(1e-4));
    }

    @Test
    void tailOfAFairCoinIsCountedByHand() {
        // P(X >= 3) for 10 tosses: 1 - (1 + 10 + 45) / 1024
        assertThat(ClopperPearson.upperTail(3, 10, 0.5)).isCloseTo(968.0 / 1024, within(1e-12));
        // P(X >= 8): (45 + 10 + 1) / 1024, summed from the other side of the mean
        assertThat(ClopperPearson.upperTail(8, 10, 0.5)).isCloseTo(56.0 / 1024, within(1e-12));
        assertThat(ClopperPearson.upperTail(0, 10, 0.3)).isEqualTo(1);
    }

    @Test
    void farTailsNeitherOverflowNorVanishWrongly() {
        assertThat(ClopperPearson.upperTail(10, 5000, 0.85)).isCloseTo(1, within(1e-12));
        assertThat(ClopperPearson.upperTail(4990, 5000, 0.5)).isCloseTo(0, within(1e-300));
    }

    @Test
    void lowerBoundsHaveClosedFormsAtTheEnds() {
        // all n chosen: p^n = alpha
        assertThat(ClopperPearson.lowerBound(10, 10, 0.05)).isCloseTo(Math.pow(0.05, 0.1), within(1e-12));
        // one of n: 1 - (1 - p)^n = alpha
        assertThat(ClopperPearson.lowerBound(1, 20, 0.05)).isCloseTo(1 - Math.pow(0.95, 1.0 / 20), within(1e-12));
        assertThat(ClopperPearson.lowerBound(0, 20, 0.05)).isZero();
    }

    @Test
    void lowerBoundOfThePapersStudy() {
        // the 5% quantile of Beta(616, 85)
        assertThat(ClopperPearson.lowerBound(616, 700, 0.05)).isCloseTo(0.857882, within(1e-5));
    }

    @Test
    void refusesImpossibleCounts() {
        assertThatThrownBy(() -> ClopperPearson.upperTail(5, 4, 0.5)).hasMessageContaining("5 of 4");
        assertThatThrownBy(() -> ClopperPearson.lowerBound(1, 4, 1.5)).hasMessageContaining("alpha = 1.5");
    }
}
