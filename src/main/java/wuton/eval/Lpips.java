package wuton.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import wuton.nn.Frozen;
import wuton.nn.SafeTensors;

/**
 * LPIPS (Zhang et al., "The unreasonable effectiveness of deep features as a perceptual metric", CVPR 2018),
 * the AlexNet variant of version 0.1, the {@code lpips} package's default. For images x, y in [-1, 1]:
 * <pre>
 *   z = (image - shift) / scale                      shift = (-0.030, -0.088, -0.188), scale = (0.458, 0.448, 0.450)
 *   f_l = AlexNet relu_l(z), l = 1..5                 (N, C_l, H_l, W_l), C = 64, 192, 384, 256, 256
 *   g_l = f_l / (sqrt(sum_c f_l^2) + 1e-10)          unit length along the channels
 *   LPIPS = sum_l mean_{h,w} sum_c w_{l,c} (g_l(x) - g_l(y))^2
 * </pre>
 * with w_l the learnt non-negative weights of each layer's 1x1 "lin" convolution.
 *
 * <p>Tensor names, those of the {@code lpips} package's {@code LPIPS(net="alex").state_dict()}, so that its
 * export loads as it is (docs/eval.md): AlexNet's convolutions {@code net.slice1.0}, {@code net.slice2.3},
 * {@code net.slice3.6}, {@code net.slice4.8}, {@code net.slice5.10} ({@code .weight}, {@code .bias}; torchvision's
 * {@code features.0, 3, 6, 8, 10}) and {@code lin0.model.1.weight} to {@code lin4.model.1.weight}, each (1, C_l, 1, 1).
 * Other tensors of the file (the scaling layer's constants) are ignored.
 */
public final class Lpips extends Module {
    private static final int[] CHANNELS = {64, 192, 384, 256, 256};
    /** AlexNet's convolutions: index in torchvision's {@code features}, kernel, stride, padding. */
    private static final int[][] CONVS = {{0, 11, 4, 2}, {3, 5, 1, 2}, {6, 3, 1, 1}, {8, 3, 1, 1}, {10, 3, 1, 1}};
    /** Layers 1 and 2 are followed by 3x3, stride 2 max pooling before the next convolution. */
    private static final int POOLED_LAYERS = 2;
    private static final float[] SHIFT = {-0.030f, -0.088f, -0.188f};
    private static final float[] SCALE = {0.458f, 0.448f, 0.450f};
    private static final double EPS = 1e-10;

    private final List<Conv2dImpl> convs = new ArrayList<>();
    private final List<Conv2dImpl> lins = new ArrayList<>();
    private final Tensor shift = torch.tensor(SHIFT).view(1, 3, 1, 1);
    private final Tensor scale = torch.tensor(SCALE).view(1, 3, 1, 1);

    /** A randomly initialised network (libtorch's default initialisation); tests only, weights come from files. */
    Lpips() {
        Module net = register_module("net", new Module());
        int in = 3;
        for (int l = 0; l < CONVS.length; l++) {
            int[] c = CONVS[l];
            Conv2dOptions options = new Conv2dOptions(in, CHANNELS[l], new LongPointer(c[1], c[1]));
            options.stride().put(new long[] {c[2], c[2]});
            options.padding().put(new LongPointer(c[3], c[3]));
            Module slice = net.register_module("slice" + (l + 1), new Module());
            convs.add(slice.register_module(Integer.toString(c[0]), new Conv2dImpl(options)));
            Conv2dOptions lin = new Conv2dOptions(CHANNELS[l], 1, new LongPointer(1, 1));
            lin.bias().put(false);
            Module model = register_module("lin" + l, new Module()).register_module("model", new Module());
            lins.add(model.register_module("1", new Conv2dImpl(lin)));
            in = CHANNELS[l];
        }
    }

    /**
     * The network with weights from a safetensors file with the {@code lpips} package's names.
     *
     * @throws wuton.common.UserError naming the file and the first missing or misshapen tensor
     */
    public static Lpips fromSafeTensors(Path file) {
        Lpips lpips = new Lpips();
        SafeTensors.load(lpips, file, "", true);
        return Frozen.freeze(lpips);
    }

    /**
     * @param x (N, 3, H, W) in [-1, 1]
     * @param y (N, 3, H, W) in [-1, 1]
     * @return (N) the distance of each pair
     */
    public Tensor forward(Tensor x, Tensor y) {
        Tensor fx = x.sub(shift.to(x)).div(scale.to(x));
        Tensor fy = y.sub(shift.to(y)).div(scale.to(y));
        Tensor total = null;
        for (int l = 0; l < convs.size(); l++) {
            if (l > 0 && l <= POOLED_LAYERS) {
                fx = pool(fx);
                fy = pool(fy);
            }
            fx = torch.relu(convs.get(l).forward(fx));
            fy = torch.relu(convs.get(l).forward(fy));
            Tensor d = layerDistance(fx, fy, lins.get(l));
            total = total == null ? d : total.add(d);
        }
        return total;
    }

    /** One layer's term: (N, C, H, W) features to (N) distances. */
    static Tensor layerDistance(Tensor fx, Tensor fy, Conv2dImpl lin) {
        Tensor difference = unitLength(fx).sub(unitLength(fy));
        return lin.forward(difference.mul(difference)).mean(new long[] {1, 2, 3}, false, new org.bytedeco.pytorch.ScalarTypeOptional());
    }

    private static Tensor unitLength(Tensor f) {
        Tensor norm = f.mul(f).sum(new long[] {1}, true, new org.bytedeco.pytorch.ScalarTypeOptional()).sqrt();
        return f.div(norm.add(new Scalar(EPS)));
    }

    private static Tensor pool(Tensor x) {
        return torch.max_pool2d(x, new long[] {3, 3}, new long[] {2, 2}, new long[] {0, 0}, new long[] {1, 1}, false);
    }
}
