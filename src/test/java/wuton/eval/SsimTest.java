package wuton.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import wuton.testing.TensorData;

class SsimTest {
    private static final int H = 24;
    private static final int W = 20;

    @Test
    void identicalImagesScoreOne() {
        try (PointerScope scope = new PointerScope()) {
            Tensor x = pattern(false);
            assertThat(Ssim.perImage(x, x)[0]).isCloseTo(1.0, within(1e-12));
        }
    }

    @Test
    void flatImagesScoreTheLuminanceTermOnly() {
        // flat images have no variance: SSIM = (2 a b + C1) / (a^2 + b^2 + C1), C1 = 0.01^2.
        // a = 0.5, b = 0.25: (0.25 + 0.0001) / (0.3125 + 0.0001) = 0.2501 / 0.3126 = 0.800063979...
        try (PointerScope scope = new PointerScope()) {
            Tensor a = flat(0.5);
            Tensor b = flat(0.25);
            assertThat(Ssim.perImage(a, b)[0]).isCloseTo(0.2501 / 0.3126, within(1e-12));
        }
    }

    @Test
    void mapIsValidFilteredAndAveragedOverChannels() {
        try (PointerScope scope = new PointerScope()) {
            assertThat(TensorData.shape(Ssim.map(pattern(false), pattern(true)))).containsExactly(1, H - 10, W - 10);
        }
    }

    @Test
    void windowIsANormalisedGaussian() {
        try (PointerScope scope = new PointerScope()) {
            double[] w = DoubleTensors.values(Ssim.gaussianWindow());
            assertThat(w.length).isEqualTo(121);
            assertThat(java.util.Arrays.stream(w).sum()).isCloseTo(1.0, within(1e-12));
            // centre over a side neighbour: exp(1 / (2 * 1.5^2))
            assertThat(w[60] / w[61]).isCloseTo(Math.exp(1 / 4.5), within(1e-12));
        }
    }

    /**
     * A known pair scored by scikit-image 0.19.3, independently of this code:
     * {@code structural_similarity(x, y, channel_axis=2, gaussian_weights=True, sigma=1.5,
     * use_sample_covariance=False, data_range=255)} = 0.7633720699266048 and
     * {@code peak_signal_noise_ratio(x, y, data_range=255)} = 21.967660670794793, on the 24x20 RGB images
     * built by {@link #pattern} (the same formulas in Python, with floor(v + 0.5) rounding).
     */
    @Test
    void matchesScikitImageOnAKnownPair() {
        try (PointerScope scope = new PointerScope()) {
            Tensor x = pattern(false);
            Tensor y = pattern(true);
            assertThat(Ssim.perImage(x, y)[0]).isCloseTo(0.7633720699266048, within(1e-9));
            // the images are float32 tensors, so values carry a relative rounding error of about 1e-7
            assertThat(PixelErrors.of(x, y).get(0).scores().psnr()).isCloseTo(21.967660670794793, within(1e-6));
        }
    }

    /** 8-bit values as in the scikit-image reference, mapped to [-1, 1] the way the loader does (v / 127.5 - 1). */
    static Tensor pattern(boolean distorted) {
        float[] values = new float[3 * H * W];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < H; i++) {
                for (int j = 0; j < W; j++) {
                    double v = Math.floor(127.5 + 100 * Math.sin(i / 3.0 + c) * Math.cos(j / 4.0) + 0.5);
                    if (distorted) {
                        v = Math.min(255, Math.max(0, Math.floor(v + 30 * Math.sin(i * j / 7.0) + 0.5)));
                    }
                    values[(c * H + i) * W + j] = (float) (v / 127.5 - 1);
                }
            }
        }
        return TensorData.tensor(values, 1, 3, H, W);
    }

    /** An image whose every value is {@code unit} on the [0, 1] scale. */
    static Tensor flat(double unit) {
        float[] values = new float[3 * H * W];
        java.util.Arrays.fill(values, (float) (2 * unit - 1));
        return TensorData.tensor(values, 1, 3, H, W);
    }
}
