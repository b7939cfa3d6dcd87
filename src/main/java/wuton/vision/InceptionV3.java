package wuton.vision;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import wuton.nn.Frozen;
import wuton.nn.NativeRuntime;
import wuton.nn.SafeTensors;

/**
 * Inception-v3 (Szegedy et al., "Rethinking the Inception architecture", CVPR 2016) as torchvision builds it,
 * with torchvision's parameter names, in one of two {@link Layout}s:
 * <ul>
 *   <li>{@link Layout#TORCHVISION}: every layer, so that a safetensors export of
 *   {@code torchvision.models.inception_v3} weights loads as it is ({@link #fromSafeTensors}; docs/eval.md shows the
 *   conversion; the auxiliary classifier's {@code AuxLogits.*} tensors are ignored). Used for the standard FID and
 *   KID (the 2048-d pool3 features) and the Inception score (the 1000 logits).</li>
 *   <li>{@link Layout#KERAS_TO_MIXED_6C}: the stem through {@code Mixed_6c} only, laid out as Keras's InceptionV3,
 *   for the ImageNet layers shipped in {@value #SHIPPED_MIXED_6C} ({@link #mixed6c}; models/vision/INCEPTION.md).
 *   Its features are the 768-d average of {@code Mixed_6c} over space. No classifier.</li>
 * </ul>
 *
 * <p>Every convolution is torchvision's {@code BasicConv2d}: {@code NAME.conv} (no bias), {@code NAME.bn}
 * (batch norm, eps 0.001), ReLU. The stem is {@code Conv2d_1a_3x3} (stride 2), {@code Conv2d_2a_3x3},
 * {@code Conv2d_2b_3x3}, 3x3/2 max pool, {@code Conv2d_3b_1x1}, {@code Conv2d_4a_3x3}, 3x3/2 max pool; then the
 * mixed blocks {@code Mixed_5b} to {@code Mixed_7c} (see {@link MixedBlock}), global average pooling (pool3) and
 * {@code fc}.
 *
 * <p>Input: images in [-1, 1], (N, 3, H, W), RGB, resized bilinearly to 299x299. Both sets of weights expect
 * exactly this scale: torchvision's {@code transform_input} maps ImageNet-normalised input back to [-1, 1]
 * before the first convolution, and Keras's InceptionV3 preprocessing is x / 127.5 - 1.
 */
public final class InceptionV3 extends Module {
    /** The input side the weights were trained at. */
    public static final int INPUT_SIZE = 299;
    /** pool3 feature size. */
    public static final int FEATURES = 2048;
    /** Mixed_6c feature size. */
    public static final int MIXED_6C_FEATURES = 768;
    /** The shipped Mixed_6c weights, relative to wuton's home folder. */
    public static final String SHIPPED_MIXED_6C = VisionModels.FOLDER + "/inception-v3-mixed6c.safetensors";
    /**
     * The smallest height and width that {@link #outputs} takes: after the stem's strided convolution and two
     * max pools, Mixed_6a's 3x3 stride-2 convolution needs a side of at least 3 (48 -> 23 -> 21 -> 10 -> 8 -> 3).
     */
    public static final int SMALLEST_INPUT = 48;
    /** ImageNet classes. */
    public static final int CLASSES = 1000;
    private static final double BATCH_NORM_EPS = 0.001;

    static {
        // OpenBLAS's threads and the padded-layout probe, before any model runs (docs/native.md)
        NativeRuntime.configure();
    }
    private static final int STEM_POOL = 3;
    private static final int STEM_POOL_STRIDE = 2;
    /** Conv2d_1a_3x3 to Conv2d_4a_3x3. */
    private static final int STEM_LAYERS = 5;

    /** Which layers the network has, and how its average pools treat their zero padding. */
    public enum Layout {
        /** torchvision's: every block and the classifier; the average pools count the padding (count_include_pad). */
        TORCHVISION(Pool.AVERAGE_COUNTING_PADDING, 11, FEATURES, true),
        /**
         * Keras's, through Mixed_6c: TensorFlow's "same" average pools divide by the pixels inside the image only,
         * which changes every border pixel of the pooled branches.
         */
        KERAS_TO_MIXED_6C(Pool.AVERAGE_WITHIN_IMAGE, 6, MIXED_6C_FEATURES, false);

        private final Pool averagePool;
        /** How many mixed blocks, from Mixed_5b. */
        private final int blocks;
        private final int features;
        private final boolean classifier;

        Layout(Pool averagePool, int blocks, int features, boolean classifier) {
            this.averagePool = averagePool;
            this.blocks = blocks;
            this.features = features;
            this.classifier = classifier;
        }
    }

    /**
     * The outputs of one forward pass.
     *
     * @param pool3  (N, 2048) features before the classifier
     * @param logits (N, 1000)
     */
    public record Outputs(Tensor pool3, Tensor logits) {
    }

    private final int inputSize;
    private final Layout layout;
    private final BasicConv conv1a;
    private final BasicConv conv2a;
    private final BasicConv conv2b;
    private final BasicConv conv3b;
    private final BasicConv conv4a;
    private final LinearImpl fc;
    /** Every layer by its name, in the order of a pass: the stem's convolutions, then the mixed blocks. */
    private final List<Map.Entry<String, UnaryOperator<Tensor>>> layers = new ArrayList<>();

    /** A randomly initialised torchvision network (libtorch's default initialisation); tests only. */
    InceptionV3(int inputSize) {
        this(inputSize, Layout.TORCHVISION);
    }

    /** A randomly initialised network (libtorch's default initialisation); weights come from files. */
    InceptionV3(int inputSize, Layout layout) {
        this(inputSize, layout, layout.averagePool);
    }

    /** As {@link #InceptionV3(int, Layout)} with another average pooling: tests show that the choice matters. */
    InceptionV3(int inputSize, Layout layout, Pool average) {
        this.inputSize = inputSize;
        this.layout = layout;
        conv1a = stem(Conv.valid("Conv2d_1a_3x3", 3, 32, 3, 2));
        conv2a = stem(Conv.valid("Conv2d_2a_3x3", 32, 32, 3, 1));
        conv2b = stem(Conv.same("Conv2d_2b_3x3", 32, 64, 3, 3));
        conv3b = stem(Conv.same("Conv2d_3b_1x1", 64, 80, 1, 1));
        conv4a = stem(Conv.valid("Conv2d_4a_3x3", 80, 192, 3, 1));
        // the stem's two max pools start the layer after each
        layers.addAll(List.of(Map.entry(conv1a.name, conv1a::forward), Map.entry(conv2a.name, conv2a::forward),
            Map.entry(conv2b.name, conv2b::forward), Map.entry(conv3b.name, x -> conv3b.forward(stemPool(x))),
            Map.entry(conv4a.name, conv4a::forward)));
        List<Map.Entry<String, Supplier<MixedBlock>>> blocks = List.of(
            Map.entry("Mixed_5b", () -> MixedBlock.a(192, 32, average)),
            Map.entry("Mixed_5c", () -> MixedBlock.a(256, 64, average)),
            Map.entry("Mixed_5d", () -> MixedBlock.a(288, 64, average)),
            Map.entry("Mixed_6a", () -> MixedBlock.b(288)),
            Map.entry("Mixed_6b", () -> MixedBlock.c(768, 128, average)),
            Map.entry("Mixed_6c", () -> MixedBlock.c(MIXED_6C_FEATURES, 160, average)),
            Map.entry("Mixed_6d", () -> MixedBlock.c(768, 160, average)),
            Map.entry("Mixed_6e", () -> MixedBlock.c(768, 192, average)),
            Map.entry("Mixed_7a", () -> MixedBlock.d(768)),
            Map.entry("Mixed_7b", () -> MixedBlock.e(1280, average)),
            Map.entry("Mixed_7c", () -> MixedBlock.e(FEATURES, average)));
        for (Map.Entry<String, Supplier<MixedBlock>> block : blocks.subList(0, layout.blocks)) {
            MixedBlock built = register_module(block.getKey(), block.getValue().get());
            boolean first = layers.size() == STEM_LAYERS;
            layers.add(Map.entry(block.getKey(), first ? x -> built.forward(stemPool(x)) : built::forward));
        }
        fc = layout.classifier ? register_module("fc", new LinearImpl(FEATURES, CLASSES)) : null;
    }

    /**
     * The network with weights from a safetensors file with torchvision's names.
     *
     * @throws wuton.common.UserError naming the file and the first missing or misshapen tensor
     */
    public static InceptionV3 fromSafeTensors(Path file) {
        InceptionV3 net = new InceptionV3(INPUT_SIZE);
        SafeTensors.load(net, file, "", true);
        return Frozen.freeze(net);
    }

    /**
     * The stem through Mixed_6c with the shipped ImageNet weights ({@value #SHIPPED_MIXED_6C}, or a file the
     * converter in tools/weights/ wrote).
     *
     * @throws wuton.common.UserError naming the file and what is wrong with it
     */
    public static InceptionV3 mixed6c(Path file) {
        InceptionV3 net = new InceptionV3(INPUT_SIZE, Layout.KERAS_TO_MIXED_6C);
        QuantisedWeights.load(net, file);
        return Frozen.freeze(net);
    }

    public Layout layout() {
        return layout;
    }

    /** The size of {@link #features}: 2048 (pool3) or 768 (Mixed_6c). */
    public int featureSize() {
        return layout.features;
    }

    /**
     * The last block's output averaged over space: pool3 for {@link Layout#TORCHVISION}, Mixed_6c's for
     * {@link Layout#KERAS_TO_MIXED_6C}.
     *
     * @param images (N, 3, H, W) in [-1, 1]
     * @return (N, {@link #featureSize()})
     */
    public Tensor features(Tensor images) {
        Tensor x = torch.upsample_bilinear2d(images, new long[] {inputSize, inputSize}, false);
        String lastBlock = layers.get(layers.size() - 1).getKey();
        return torch.adaptive_avg_pool2d(outputs(x, List.of(lastBlock)).get(0), 1, 1).flatten(1, -1);
    }

    /**
     * The outputs of some layers at the images' own size: no resizing, since the layers are convolutions and work
     * at any size from {@link #SMALLEST_INPUT} up (what a loss at a fixed training size wants, rather than
     * 299x299 at another aspect ratio). The pass stops after the deepest layer asked for.
     *
     * @param images (N, 3, H, W) in [-1, 1], H and W at least {@link #SMALLEST_INPUT}
     * @param names stem convolutions (after their ReLU) or mixed blocks of this layout, e.g. {@code Conv2d_2b_3x3}
     *     (N, 64, (H - 3) / 2 - 1, ...), {@code Conv2d_4a_3x3} (N, 192, about H / 4, ...), {@code Mixed_5d}
     *     (N, 288, about H / 8, ...), {@code Mixed_6c} (N, 768, about H / 16, ...)
     * @return one output per name, in the order of {@code names}
     * @throws IllegalArgumentException naming a layer the network does not have
     */
    public List<Tensor> outputs(Tensor images, List<String> names) {
        Set<String> wanted = new HashSet<>(names);
        for (String name : wanted) {
            if (layers.stream().noneMatch(layer -> layer.getKey().equals(name))) {
                throw new IllegalArgumentException("the " + layout + " layout has no layer " + name);
            }
        }
        Map<String, Tensor> found = new HashMap<>();
        Tensor x = images;
        for (int i = 0; found.size() < wanted.size(); i++) {
            x = layers.get(i).getValue().apply(x);
            if (wanted.contains(layers.get(i).getKey())) {
                found.put(layers.get(i).getKey(), x);
            }
        }
        return names.stream().map(found::get).toList();
    }

    /**
     * pool3 and the logits; torchvision layout only.
     *
     * @param images (N, 3, H, W) in [-1, 1]
     */
    public Outputs forward(Tensor images) {
        if (fc == null) {
            throw new IllegalStateException("the " + layout + " layout has no classifier");
        }
        Tensor pool3 = features(images);
        return new Outputs(pool3, fc.forward(pool3));
    }

    private static Tensor stemPool(Tensor x) {
        return torch.max_pool2d(x, new long[] {STEM_POOL, STEM_POOL}, new long[] {STEM_POOL_STRIDE, STEM_POOL_STRIDE},
            new long[] {0, 0}, new long[] {1, 1}, false);
    }

    private BasicConv stem(Conv spec) {
        return register_module(spec.name(), new BasicConv(spec));
    }

    /**
     * One convolution of the network: its torchvision name, channels, kernel (height, width), stride and
     * padding ("same" pads by half the kernel, "valid" not at all).
     */
    record Conv(String name, int in, int out, int kernelHeight, int kernelWidth, int stride, boolean samePadding) {
        static Conv same(String name, int in, int out, int kernelHeight, int kernelWidth) {
            return new Conv(name, in, out, kernelHeight, kernelWidth, 1, true);
        }

        static Conv valid(String name, int in, int out, int kernel, int stride) {
            return new Conv(name, in, out, kernel, kernel, stride, false);
        }
    }

    /** torchvision's BasicConv2d: {@code conv} (no bias), {@code bn}, ReLU. */
    static final class BasicConv extends Module {
        private final String name;
        private final Conv2dImpl conv;
        private final BatchNorm2dImpl bn;

        BasicConv(Conv spec) {
            name = spec.name();
            Conv2dOptions options = new Conv2dOptions(spec.in(), spec.out(), new LongPointer(spec.kernelHeight(), spec.kernelWidth()));
            options.stride().put(new long[] {spec.stride(), spec.stride()});
            int padHeight = spec.samePadding() ? spec.kernelHeight() / 2 : 0;
            int padWidth = spec.samePadding() ? spec.kernelWidth() / 2 : 0;
            options.padding().put(new LongPointer(padHeight, padWidth));
            options.bias().put(false);
            conv = register_module("conv", new Conv2dImpl(options));
            BatchNormOptions norm = new BatchNormOptions(spec.out());
            norm.eps().put(BATCH_NORM_EPS);
            bn = register_module("bn", new BatchNorm2dImpl(norm));
        }

        Tensor forward(Tensor x) {
            return torch.relu(bn.forward(conv.forward(x)));
        }
    }

    /** How a branch of a mixed block starts. */
    enum Pool {
        /** Straight into the convolutions. */
        NONE,
        /** 3x3 average pooling, stride 1, padding 1, the zeros counted: torchvision's (count_include_pad). */
        AVERAGE_COUNTING_PADDING,
        /** 3x3 average pooling, stride 1, padding 1, the mean of the pixels inside the image: TensorFlow's "same". */
        AVERAGE_WITHIN_IMAGE,
        /** 3x3 max pooling, stride 2: the branch is only this pooling. */
        MAX;

        private static final long[] KERNEL = {3, 3};
        private static final long[] UNIT = {1, 1};
        private static final long[] NO_PADDING = {0, 0};
        private static final long[] STRIDE_2 = {2, 2};

        Tensor apply(Tensor x) {
            return switch (this) {
                case NONE -> x;
                case AVERAGE_COUNTING_PADDING -> torch.avg_pool2d(x, KERNEL, UNIT, UNIT, false, true, new LongOptional());
                case AVERAGE_WITHIN_IMAGE -> torch.avg_pool2d(x, KERNEL, UNIT, UNIT, false, false, new LongOptional());
                case MAX -> torch.max_pool2d(x, KERNEL, STRIDE_2, NO_PADDING, UNIT, false);
            };
        }
    }

    /**
     * One branch of a mixed block: a pooling, a chain of convolutions, then optionally a fork of convolutions
     * applied to the chain's output and concatenated (the 1x3 / 3x1 pairs of {@code InceptionE}).
     */
    record Branch(Pool pool, List<Conv> chain, List<Conv> fork) {
        static Branch of(Conv... chain) {
            return new Branch(Pool.NONE, List.of(chain), List.of());
        }

        static Branch pooled(Pool pool, Conv... chain) {
            return new Branch(pool, List.of(chain), List.of());
        }

        static Branch forked(Conv[] chain, Conv... fork) {
            return new Branch(Pool.NONE, List.of(chain), List.of(fork));
        }
    }
}
