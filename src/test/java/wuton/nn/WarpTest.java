package wuton.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static wuton.testing.TensorData.floats;
import static wuton.testing.TensorData.tensor;

import org.bytedeco.pytorch.Tensor;
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
}
