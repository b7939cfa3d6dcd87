package wuton.eval;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The structural similarity index (Wang, Bovik, Sheikh and Simoncelli, "Image quality assessment: from error
 * visibility to structural similarity", IEEE TIP 2004), with the paper's settings: an 11x11 Gaussian window of
 * standard deviation 1.5, K1 = 0.01, K2 = 0.03.
 *
 * <p>For images x, y on [0, 1] (dynamic range L = 1) and the Gaussian-weighted local statistics at each pixel
 * (means mu, variances sigma^2 and covariance sigma_xy, each normalised by the window's weight sum, as in the
 * paper, not by n - 1):
 * <pre>
 *   SSIM(x, y) = (2 mu_x mu_y + C1) (2 sigma_xy + C2) / ((mu_x^2 + mu_y^2 + C1) (sigma_x^2 + sigma_y^2 + C2))
 *   C1 = (K1 L)^2,  C2 = (K2 L)^2
 * </pre>
 * The window is applied only where it fits inside the image ("valid" filtering), so the map of an (H, W) image is
 * (H - 10, W - 10). Colour images are compared channel by channel and the channel maps averaged, as
 * scikit-image does with {@code channel_axis}. An image's SSIM is the mean of its map.
 */
public final class Ssim {
    /** The window's side, in pixels. */
    public static final int WINDOW = 11;
    /** The Gaussian's standard deviation, in pixels. */
    public static final double SIGMA = 1.5;
    /** Pixels lost on each side by valid filtering. */
    public static final int BORDER = WINDOW / 2;
    private static final double K1 = 0.01;
    private static final double K2 = 0.03;
    private static final double C1 = K1 * K1;
    private static final double C2 = K2 * K2;

    private Ssim() {
    }

    /**
     * The SSIM map of each image pair.
     *
     * @param x (N, C, H, W) in [-1, 1]
     * @param y (N, C, H, W) in [-1, 1], on the same device
     * @return (N, H - 10, W - 10) float64, averaged over the channels
     */
    public static Tensor map(Tensor x, Tensor y) {
        long n = x.size(0);
        long c = x.size(1);
        long h = x.size(2);
        long w = x.size(3);
        if (h < WINDOW || w < WINDOW) {
            throw new IllegalArgumentException("SSIM needs images of at least " + WINDOW + "x" + WINDOW + ", got " + h + "x" + w);
        }
        // each channel as its own single-channel image: (N C, 1, H, W)
        Tensor a = DoubleTensors.unitRange(x).reshape(n * c, 1, h, w);
        Tensor b = DoubleTensors.unitRange(y).reshape(n * c, 1, h, w);
        Tensor window = gaussianWindow().to(a);
        Tensor muA = torch.conv2d(a, window);
        Tensor muB = torch.conv2d(b, window);
        Tensor muAA = muA.mul(muA);
        Tensor muBB = muB.mul(muB);
        Tensor muAB = muA.mul(muB);
        Tensor varA = torch.conv2d(a.mul(a), window).sub(muAA);
        Tensor varB = torch.conv2d(b.mul(b), window).sub(muBB);
        Tensor covAB = torch.conv2d(a.mul(b), window).sub(muAB);
        Scalar two = new Scalar(2.0);
        Scalar c1 = new Scalar(C1);
        Scalar c2 = new Scalar(C2);
        Tensor numerator = muAB.mul(two).add(c1).mul(covAB.mul(two).add(c2));
        Tensor denominator = muAA.add(muBB).add(c1).mul(varA.add(varB).add(c2));
        return numerator.div(denominator).reshape(n, c, h - 2 * BORDER, w - 2 * BORDER).mean(1);
    }

    /** Each pair's SSIM, the mean of its map; images as in {@link #map}. */
    public static double[] perImage(Tensor x, Tensor y) {
        return DoubleTensors.values(map(x, y).mean(1, 2));
    }

    /** The normalised 11x11 Gaussian, (1, 1, 11, 11) float64: w(i, j) proportional to exp(-(i^2 + j^2) / (2 sigma^2)). */
    static Tensor gaussianWindow() {
        double[] weights = new double[WINDOW * WINDOW];
        double sum = 0;
        for (int i = 0; i < WINDOW; i++) {
            for (int j = 0; j < WINDOW; j++) {
                int di = i - BORDER;
                int dj = j - BORDER;
                weights[i * WINDOW + j] = Math.exp(-(di * di + dj * dj) / (2 * SIGMA * SIGMA));
                sum += weights[i * WINDOW + j];
            }
        }
        for (int k = 0; k < weights.length; k++) {
            weights[k] /= sum;
        }
        return DoubleTensors.of(weights, 1, 1, WINDOW, WINDOW);
    }
}
