package wuton.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wuton.nn.Frozen;
import wuton.nn.SafeTensors;

/**
 * The frozen VGG19 feature stack of the perceptual loss (equation 5), up to relu5_1.
 *
 * <p>Layers and tensor names follow torchvision's {@code vgg19().features}: 3x3 convolutions
 * {@code features.<i>.weight} (out, in, 3, 3) and {@code features.<i>.bias} (out) at indices
 * 0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28 (64, 64, 128, 128, 256 x 4, 512 x 4, 512 channels), each
 * followed by ReLU, with 2x2 max pooling at 4, 9, 18, 27. The outputs are relu1_1 (index 1), relu2_1 (6),
 * relu3_1 (11), relu4_1 (20) and relu5_1 (29). A weights file may hold more (the whole torchvision
 * state dict); the rest is ignored. See docs/model.md for the conversion snippet.
 *
 * <p>Input: images in [-1, 1], (N, 3, H, W); they are mapped to [0, 1] and normalised with the ImageNet
 * mean and standard deviation the torchvision weights expect. All parameters are frozen. The features of
 * {@link PerceptualNetwork#VGG19}.
 */
public final class Vgg19Features extends Module implements PerceptualFeatures {
    /** Convolutions per block (64, 128, 256, 512, 512 channels); blocks 3 and 4 are truncated at relu5_1. */
    private static final int[] BLOCK_CONVS = {2, 2, 4, 4, 1};
    private static final int[] BLOCK_CHANNELS = {64, 128, 256, 512, 512};
    private static final int KERNEL = 3;
    private static final int POOL = 2;
    /** torchvision's normalisation for ImageNet models. */
    private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};
    /** Seed of the weights-less fallback; changing it changes every "perceptual" loss value. */
    public static final long FALLBACK_SEED = 0x5EED_0019L;
    private static final Logger LOG = LoggerFactory.getLogger(Vgg19Features.class);

    /** Conv layers of each block, block by block. */
    private final List<List<Conv2dImpl>> blocks = new ArrayList<>();
    private final VggWeights weights;
    /** The weights' file, or null for the seeded fallback. */
    private final Path file;
    private final Tensor mean;
    private final Tensor std;
    /** The torchvision submodule name the convolutions live under. */
    private static final String FEATURES = "features";
    private static final String FEATURES_PREFIX = FEATURES + ".";
    private final Module features;
    private final Scalar one = new Scalar(1.0);
    private final Scalar two = new Scalar(2.0);

    private Vgg19Features(VggWeights weights, Path file) {
        this.weights = weights;
        this.file = file;
        this.features = register_module(FEATURES, new Module());
        int index = 0;
        int in = 3;
        for (int b = 0; b < BLOCK_CONVS.length; b++) {
            List<Conv2dImpl> block = new ArrayList<>();
            for (int c = 0; c < BLOCK_CONVS[b]; c++) {
                Conv2dOptions options = new Conv2dOptions(in, BLOCK_CHANNELS[b], new LongPointer(KERNEL, KERNEL));
                options.padding().put(new LongPointer(1, 1));
                block.add(features.register_module(Integer.toString(index), new Conv2dImpl(options)));
                in = BLOCK_CHANNELS[b];
                index += 2;          // conv, relu
            }
            index++;                 // max pool
            blocks.add(block);
        }
        // keep our own handles: register_buffer returns a reference into the module's buffer table, which
        // moves when the table grows
        this.mean = torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1);
        this.std = torch.tensor(IMAGENET_STD).view(1, 3, 1, 1);
        register_buffer("mean", mean);
        register_buffer("std", std);
    }

    /** Pretrained weights from a safetensors file with torchvision names. */
    public static Vgg19Features fromSafeTensors(Path file) {
        Vgg19Features vgg = new Vgg19Features(VggWeights.PRETRAINED, file.toAbsolutePath().normalize());
        // mean and std are ours, not the file's: load only the convolutions
        SafeTensors.load(vgg.features, file, FEATURES_PREFIX, true);
        return Frozen.freeze(vgg);
    }

    /** Deterministic He-normal weights (seed {@link #FALLBACK_SEED}), zero biases; logged as a warning. */
    public static Vgg19Features seededRandom() {
        LOG.warn("no VGG19 weights given: the perceptual loss uses seeded random features (seed {}), not ImageNet ones",
            FALLBACK_SEED);
        Vgg19Features vgg = new Vgg19Features(VggWeights.SEEDED_RANDOM, null);
        SplittableRandom random = new SplittableRandom(FALLBACK_SEED);
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            for (List<Conv2dImpl> block : vgg.blocks) {
                for (Conv2dImpl conv : block) {
                    Tensor w = conv.weight();
                    double std = Math.sqrt(2.0 / (w.size(1) * KERNEL * KERNEL));
                    float[] values = new float[Math.toIntExact(w.numel())];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = (float) (gaussian(random) * std);
                    }
                    new FloatPointer(w.data_ptr()).put(values);
                    conv.bias().zero_();
                }
            }
        }
        return Frozen.freeze(vgg);
    }

    /** A file if given, else the seeded fallback. */
    public static Vgg19Features load(Path fileOrNull) {
        return fileOrNull == null ? seededRandom() : fromSafeTensors(fileOrNull);
    }

    public VggWeights weights() {
        return weights;
    }

    @Override
    public String description() {
        return "vgg19 relu1_1 to relu5_1 (" + (file != null ? file.toString()
            : "seeded random weights, seed " + FALLBACK_SEED + ", not ImageNet's") + ")";
    }

    /**
     * @param image (N, 3, H, W) in [-1, 1]
     * @return relu1_1 (N, 64, H, W), relu2_1 (N, 128, H/2, W/2), relu3_1 (N, 256, H/4, W/4),
     *     relu4_1 (N, 512, H/8, W/8), relu5_1 (N, 512, H/16, W/16)
     */
    @Override
    public List<Tensor> forward(Tensor image) {
        // [-1, 1] -> [0, 1] -> ImageNet-normalised
        Tensor x = image.add(one).div(two).sub(mean).div(std);
        List<Tensor> outputs = new ArrayList<>(blocks.size());
        for (int b = 0; b < blocks.size(); b++) {
            if (b > 0) {
                x = torch.max_pool2d(x, POOL, POOL);
            }
            List<Conv2dImpl> block = blocks.get(b);
            for (int c = 0; c < block.size(); c++) {
                x = torch.relu(block.get(c).forward(x));
                if (c == 0) {
                    outputs.add(x);
                }
            }
        }
        return outputs;
    }

    /** Box-Muller on a seeded generator: the same weights on every JVM, unlike a libtorch RNG across versions. */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * random.nextDouble());
    }
}
