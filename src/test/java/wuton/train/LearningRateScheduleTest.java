package wuton.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
    @Test
    void constantIsTheConfiguredRateAtEveryStep() {
        assertThat(LearningRateSchedule.CONSTANT.at(2e-4, 0, 100)).isEqualTo(2e-4);
        assertThat(LearningRateSchedule.CONSTANT.at(2e-4, 99, 100)).isEqualTo(2e-4);
    }

    @Test
    void cosineStartsAtTheRateCrossesHalfWayAtTheMiddleAndEndsAtATenth() {
        // 101 steps: step 50 is the middle, where cos = 0: 0.1 + 0.45 = 0.55 of the rate
        assertThat(LearningRateSchedule.COSINE.at(1.0, 0, 101)).isCloseTo(1.0, offset(1e-12));
        assertThat(LearningRateSchedule.COSINE.at(1.0, 50, 101)).isCloseTo(0.55, offset(1e-12));
        assertThat(LearningRateSchedule.COSINE.at(1.0, 100, 101)).isCloseTo(0.1, offset(1e-12));
        // a quarter of the way: 0.1 + 0.45 (1 + cos(pi / 4))
        assertThat(LearningRateSchedule.COSINE.at(1.0, 25, 101)).isCloseTo(0.1 + 0.45 * (1 + Math.sqrt(0.5)), offset(1e-12));
    }

    @Test
    void cosineStaysAtItsFloorPastTheLastStep() {
        assertThat(LearningRateSchedule.COSINE.at(1.0, 150, 101)).isCloseTo(0.1, offset(1e-12));
    }
}
