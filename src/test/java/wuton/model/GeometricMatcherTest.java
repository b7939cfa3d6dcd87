package wuton.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static wuton.testing.TensorData.floats;
import static wuton.testing.TensorData.maxAbs;
import static wuton.testing.TensorData.shape;
import static wuton.testing.TensorData.tensor;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GeometricMatcherTest {
    @Test
    void thetaStartsAtZeroTheIdentityWarp() {
        GeometricMatcher matcher = new GeometricMatcher(ModelConfig.of(ModelSize.TINY, 64, 48), 3, 3);
        Tensor theta = matcher.forward(torch.randn(2, 3, 64, 48), torch.randn(2, 3, 64, 48));
        assertThat(shape(theta)).containsExactly(2, 50);
        assertThat(maxAbs(theta)).isZero();
    }

    @ParameterizedTest
    @CsvSource({"64, 48", "80, 64", "256, 192", "1024, 768"})
    void worksAtEverySizeDivisibleBy16(int height, int width) {
        GeometricMatcher matcher = new GeometricMatcher(ModelConfig.of(ModelSize.TINY, height, width), 3, 3);
        matcher.eval();
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor theta = matcher.forward(torch.randn(1, 3, height, width), torch.randn(1, 3, height, width));
            assertThat(shape(theta)).containsExactly(1, 50);
        }
    }

    @Test
    void correlationIsTheDotProductOfEveryPersonAndGarmentPosition() {
        // C = 2 channels on a 1 x 2 map: person positions p0 = (1, 0), p1 = (0, 2); garment g0 = (3, 4), g1 = (5, 6)
        Tensor person = tensor(new float[] {1, 0, 0, 2}, 1, 2, 1, 2);
        Tensor cloth = tensor(new float[] {3, 5, 4, 6}, 1, 2, 1, 2);
        Tensor c = GeometricMatcher.correlation(person, cloth);
        assertThat(shape(c)).containsExactly(1, 2, 1, 2);
        // channel k = person position, space = garment position
        float[] v = floats(c);
        assertThat(v[0]).isCloseTo(3f, within(1e-6f));   // p0 . g0
        assertThat(v[1]).isCloseTo(5f, within(1e-6f));   // p0 . g1
        assertThat(v[2]).isCloseTo(8f, within(1e-6f));   // p1 . g0
        assertThat(v[3]).isCloseTo(12f, within(1e-6f));  // p1 . g1
    }
}
