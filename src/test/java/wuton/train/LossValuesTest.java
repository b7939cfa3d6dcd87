package wuton.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LossValuesTest {
    @Test
    void aWindowOfTwoStepsMeansEachTermOnItsOwn() {
        LossValues first = LossValues.ZERO.with(LossTerm.L1, 0.5).with(LossTerm.WARP, 0.25);
        LossValues second = LossValues.ZERO.with(LossTerm.L1, 0.25).with(LossTerm.THETA, 1);
        LossValues mean = first.plus(second).dividedBy(2);
        assertThat(mean.get(LossTerm.L1)).isEqualTo(0.375);
        assertThat(mean.get(LossTerm.WARP)).isEqualTo(0.125);
        assertThat(mean.get(LossTerm.THETA)).isEqualTo(0.5);
        assertThat(mean.get(LossTerm.PERCEPTUAL)).isZero();
        // the operands are unchanged
        assertThat(first.get(LossTerm.L1)).isEqualTo(0.5);
        assertThat(mean).isEqualTo(LossValues.ZERO.with(LossTerm.L1, 0.375).with(LossTerm.WARP, 0.125)
            .with(LossTerm.THETA, 0.5));
    }

    @Test
    void theFirstNonFiniteTermIsNamedInTermOrder() {
        assertThat(LossValues.ZERO.firstNonFinite()).isEmpty();
        LossValues broken = LossValues.ZERO.with(LossTerm.DISCRIMINATOR, Double.POSITIVE_INFINITY)
            .with(LossTerm.PERCEPTUAL, Double.NaN);
        assertThat(broken.firstNonFinite()).contains(LossTerm.PERCEPTUAL);
        assertThat(broken.toString()).contains("perceptual=NaN", "discriminator=Infinity", "l1=0.0");
    }
}
