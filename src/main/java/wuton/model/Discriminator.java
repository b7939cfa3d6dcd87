package wuton.model;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import wuton.nn.Activation;
import wuton.nn.ConvBlock;
import wuton.nn.Norm;

/**
 * PatchGAN discriminator (pix2pix): three 4x4 stride-2 convolutions (b, 2b, 4b channels), one 4x4 stride-1
 * (8b), leaky ReLU after each, then a 4x4 stride-1 convolution to one logit per patch. No normalisation:
 * the gradient penalty is per sample, and batch statistics would couple the samples.
 * Input (N, 3, H, W) in [-1, 1]; output logits (N, 1, H / 8 - 2, W / 8 - 2) (30 x 22 at 256 x 192).
 */
public final class Discriminator extends Module {
    private static final int KERNEL = 4;
    private static final int PADDING = 1;
    private static final int[] STRIDES = {2, 2, 2, 1};

    private final List<ConvBlock> blocks = new ArrayList<>();
    private final ConvBlock toLogits;

    public Discriminator(ModelSize size, int inChannels) {
        int in = inChannels;
        for (int level = 0; level < STRIDES.length; level++) {
            int out = size.channelsAt(level);
            blocks.add(register_module(Integer.toString(level),
                new ConvBlock(in, out, KERNEL, STRIDES[level], PADDING, Norm.NONE, Activation.LEAKY_RELU)));
            in = out;
        }
        this.toLogits = register_module("to_logits", new ConvBlock(in, 1, KERNEL, 1, PADDING, Norm.NONE, Activation.NONE));
    }

    /** (N, C, H, W) to patch logits (N, 1, H', W'). */
    public Tensor forward(Tensor image) {
        Tensor x = image;
        for (ConvBlock block : blocks) {
            x = block.forward(x);
        }
        return toLogits.forward(x);
    }
}
