package wuton.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static wuton.testing.TensorData.floats;
import static wuton.testing.TensorData.tensor;

import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.junit.jupiter.api.Test;

class OptimizersTest {
    /**
     * Minimises p^2 from p = 1 with lr 0.1, betas (0.5, 0.999), eps 1e-8. By hand:
     * step 1: g = 2, m = 1, v = 0.004, m^ = 2, v^ = 4, p = 1 - 0.1 * 2 / 2 = 0.9;
     * step 2: g = 1.8, m = 1.4, v = 0.007236, m^ = 1.4 / 0.75 = 1.866667, v^ = 0.007236 / 0.001999 = 3.619810,
     * p = 0.9 - 0.1 * 1.866667 / 1.902580 = 0.801888.
     * With the betas swapped, step 2 would give 0.858 instead.
     */
    @Test
    void adamTakesTheHandComputedSteps() {
        Tensor p = tensor(new float[] {1f}, 1).set_requires_grad(true);
        Adam adam = Optimizers.adam(new TensorVector(p), AdamSettings.builder().learningRate(0.1).beta1(0.5).beta2(0.999).epsilon(1e-8).build());
        double[] expected = {0.9, 0.801888};
        for (double value : expected) {
            adam.zero_grad();
            p.pow(new org.bytedeco.pytorch.Scalar(2.0)).sum().backward();
            adam.step();
            assertThat((double) floats(p)[0]).isCloseTo(value, within(1e-5));
        }
    }
}
