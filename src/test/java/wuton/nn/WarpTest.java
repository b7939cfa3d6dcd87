package wuton.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static wuton.testing.TensorData.floats;
import static wuton.testing.TensorData.tensor;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class WarpTest {
    /** A 1 x 1 x 2 x 3 image: rows [1 2 3] and [4 5 6]. */
    private final Tensor image = tensor(new float[] {1, 2, 3, 4, 5, 6}, 1, 1, 2, 3);

    @Test
    void bilinearSamplingBetweenPixelCentres() {
        // (x, y) = (0, 0) is the centre of the image: mean of 2 and 5; (-0.5, -1) is halfway between 1 and 2
        Tensor grid = tensor(new float[] {0, 0, -0.5f, -1}, 1, 1, 2, 2);
        assertThat(floats(Warp.sample(image, grid, Padding.ZEROS))).containsExactly(3.5f, 1.5f);
    }

    @Test
    void paddingDecidesWhatOutsideReads() {
        // x = 3 is far right of the last column centre (x = 1), on the first row (y = -1)
        Tensor grid = tensor(new float[] {3, -1}, 1, 1, 1, 2);
        assertThat(floats(Warp.sample(image, grid, Padding.ZEROS))).containsExactly(0f);
        assertThat(floats(Warp.sample(image, grid, Padding.BORDER))).containsExactly(3f);
    }

    @Test
    void aGridThatWillBeDifferentiatedMustBeFiniteAndOneThatWillNotNeedNotBe() {
        Tensor input = torch.rand(1, 2, 4, 3);
        Tensor grid = torch.zeros(1, 4, 3, 2);
        grid.select(1, 2).fill_(new Scalar(Double.NaN));
        // inference: the forward pass alone is safe, and the check would cost every call
        assertThat(Warp.sample(input, grid, Padding.ZEROS).size(2)).isEqualTo(4);
        // training: grid_sampler's backward would index memory with the NaN; an exception names it instead
        Tensor trained = grid.clone().requires_grad_(true);
        assertThatThrownBy(() -> Warp.sample(input, trained, Padding.ZEROS))
            .isInstanceOf(NonFiniteException.class).hasMessageContaining("[1, 4, 3, 2]").hasMessageContaining("NaN");
    }
}
