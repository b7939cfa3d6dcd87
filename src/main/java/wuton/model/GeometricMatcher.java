package wuton.model;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import wuton.nn.Activation;
import wuton.nn.ConvBlock;
import wuton.nn.Norm;

/**
 * The convolutional geometric matcher of CP-VTON (paper section 3.1): predicts the TPS offsets theta that
 * align the garment with the person.
 *
 * <pre>
 * person (N, 3, H, W) -> F2 -> (N, 8b, h, w) -> L2-normalise per position --+
 *                                                                           +-> correlation (N, h w, h, w)
 * cloth  (N, 3, H, W) -> F1 -> (N, 8b, h, w) -> L2-normalise per position --+
 * correlation -> regression: 3x3 convs, stride 2, 2, 1, 1 to (8b, 4b, 2b, b) channels, batch norm, ReLU
 *             -> adaptive average pool to (N, b, 4, 3) -> linear -> tanh -> theta (N, 2 g^2)
 * </pre>
 * with h = H / 16, w = W / 16 and b the base channels. The pooling makes the linear layer the same for
 * every image size; the correlation's channel count (h w) still depends on it, so a matcher is built for
 * one {@link ModelConfig} resolution. The 3x3 stride-2 convolutions (CP-VTON has 4x4) keep at least one
 * pixel for the smallest size, 64 x 48 (features 4 x 3). The linear layer starts at zero, so theta starts at
 * 0, the identity warp.
 *
 * <p>{@link Architecture#FAST}: both images are average-pooled by 2 first and the extractors have three
 * stride-2 levels instead of four, so the features and the correlation keep the sizes above at a quarter of
 * the extractors' cost.
 */
public final class GeometricMatcher extends Module {
    /** Fixed spatial size in front of the linear layer: the regression output of a 256 x 192 image. */
    static final long POOLED_HEIGHT = 4;
    static final long POOLED_WIDTH = 3;
    /** Added under the square root of the L2 norm, as CP-VTON, so that zero features do not divide by zero. */
    private static final double NORM_EPS = 1e-6;
    private static final int REGRESSION_KERNEL = 3;
    /** Strides of the regression convolutions and the width level (channels = base x 2^level) of each. */
    private static final int[] REGRESSION_STRIDES = {2, 2, 1, 1};
    private static final int[] REGRESSION_LEVELS = {3, 2, 1, 0};
    /** Feature extractors (with the FAST pooling) downsample by 2^4. */
    private static final int FEATURE_STRIDE = ModelConfig.SIZE_MULTIPLE;
    private static final int DOWN_LEVELS = 4;
    /** The FAST input pooling: 2 x 2 average. */
    private static final long FAST_POOL = 2;

    private final boolean pooled;
    private final FeatureExtractor clothFeatures;
    private final FeatureExtractor personFeatures;
    private final List<ConvBlock> regression = new ArrayList<>();
    private final LinearImpl toTheta;
    private final Scalar normEps = new Scalar(NORM_EPS);
    private final Scalar two = new Scalar(2.0);

    public GeometricMatcher(ModelConfig config, int personChannels, int clothChannels) {
        ModelSize size = config.size();
        this.pooled = config.architecture() == Architecture.FAST;
        int downLevels = pooled ? DOWN_LEVELS - 1 : DOWN_LEVELS;
        this.clothFeatures = register_module("cloth_features", new FeatureExtractor(clothChannels, size, downLevels));
        this.personFeatures = register_module("person_features", new FeatureExtractor(personChannels, size, downLevels));
        long in = (long) (config.height() / FEATURE_STRIDE) * (config.width() / FEATURE_STRIDE);
        for (int i = 0; i < REGRESSION_STRIDES.length; i++) {
            int out = size.channelsAt(REGRESSION_LEVELS[i]);
            regression.add(register_module("regression_" + i, new ConvBlock(in, out, REGRESSION_KERNEL,
                REGRESSION_STRIDES[i], REGRESSION_KERNEL / 2, Norm.BATCH, Activation.RELU)));
            in = out;
        }
        int thetaSize = 2 * config.tpsGridSize() * config.tpsGridSize();
        this.toTheta = register_module("to_theta", new LinearImpl(in * POOLED_HEIGHT * POOLED_WIDTH, thetaSize));
        try (NoGradGuard noGrad = new NoGradGuard()) {
            toTheta.weight().zero_();
            toTheta.bias().zero_();
        }
    }

    /**
     * @param person agnostic (teacher) or full (student) person image (N, C_p, H, W)
     * @param cloth in-shop garment image (N, C_c, H, W)
     * @return theta (N, 2 g^2), each offset in (-1, 1)
     */
    public Tensor forward(Tensor person, Tensor cloth) {
        Tensor p = pooled ? torch.avg_pool2d(person, FAST_POOL, FAST_POOL) : person;
        Tensor g = pooled ? torch.avg_pool2d(cloth, FAST_POOL, FAST_POOL) : cloth;
        Tensor c = correlation(l2Normalise(personFeatures.forward(p)), l2Normalise(clothFeatures.forward(g)));
        Tensor x = c;
        for (ConvBlock block : regression) {
            x = block.forward(x);
        }
        x = torch.adaptive_avg_pool2d(x, POOLED_HEIGHT, POOLED_WIDTH);
        return torch.tanh(toTheta.forward(x.flatten(1, -1)));
    }

    /**
     * Equation 3: C[n, k, i, j] = F1(c)[n, :, i, j] . F2(p)[n, :, m, k'] where k = m w + k' runs over the
     * person positions (channels) and (i, j) over the garment positions (space).
     *
     * @param person (N, C, h, w)
     * @param cloth (N, C, h, w)
     * @return (N, h w, h, w)
     */
    static Tensor correlation(Tensor person, Tensor cloth) {
        long n = cloth.size(0);
        long h = cloth.size(2);
        long w = cloth.size(3);
        Tensor personByPosition = person.flatten(2, -1).transpose(1, 2);   // (N, hw_p, C)
        Tensor clothByChannel = cloth.flatten(2, -1);                      // (N, C, hw_c)
        return torch.bmm(personByPosition, clothByChannel).view(n, h * w, h, w);
    }

    /** Divides every position's feature vector by its L2 norm: (N, C, h, w) to the same. */
    private Tensor l2Normalise(Tensor x) {
        Tensor norm = x.pow(two).sum(new long[] {1}, true, new org.bytedeco.pytorch.ScalarTypeOptional()).add(normEps).sqrt();
        return x.div(norm);
    }

    /** The final linear layer (zero at construction), for tests and initialisation checks. */
    public LinearImpl thetaLayer() {
        return toTheta;
    }
}
