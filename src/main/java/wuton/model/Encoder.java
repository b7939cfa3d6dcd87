package wuton.model;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import wuton.nn.Activation;
import wuton.nn.ConvBlock;
import wuton.nn.Norm;

/**
 * One U-Net encoder (E1 for the garment, E2 for the person): {@code depth} 4x4 stride-2 convolutions,
 * instance norm (not on the first level, as pix2pix) and leaky ReLU. Level i maps
 * (N, C_(i-1), H_i, W_i) to (N, base x 2^i capped at 8 base, H_i / 2, W_i / 2); blocks are named
 * {@code 0} to {@code depth - 1}.
 */
final class Encoder extends Module {
    private static final int KERNEL = 4;
    private static final int STRIDE = 2;
    private static final int PADDING = 1;

    private final List<ConvBlock> levels = new ArrayList<>();

    Encoder(int inChannels, ModelSize size, int depth) {
        int in = inChannels;
        for (int level = 0; level < depth; level++) {
            int out = size.channelsAt(level);
            Norm norm = level == 0 ? Norm.NONE : Norm.INSTANCE;
            levels.add(register_module(Integer.toString(level),
                new ConvBlock(in, out, KERNEL, STRIDE, PADDING, norm, Activation.LEAKY_RELU)));
            in = out;
        }
    }

    /** The feature map of every level, shallowest first: level i is (N, C_i, H / 2^(i+1), W / 2^(i+1)). */
    List<Tensor> forward(Tensor image) {
        List<Tensor> features = new ArrayList<>(levels.size());
        Tensor x = image;
        for (ConvBlock level : levels) {
            x = level.forward(x);
            features.add(x);
        }
        return features;
    }
}
