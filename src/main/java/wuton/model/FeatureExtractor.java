package wuton.model;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import wuton.nn.Activation;
import wuton.nn.ConvBlock;
import wuton.nn.Norm;

/**
 * A matcher feature extractor F (CP-VTON, after Rocco et al.): {@code downLevels} 4x4 stride-2 convolutions
 * (base, 2 base, 4 base, 8 base channels for the usual four) then two 3x3 convolutions at the last width,
 * each followed by batch norm and ReLU (the last one without norm, its output is L2-normalised by the
 * matcher). Input (N, C_in, H, W); output (N, C, H / 2^downLevels, W / 2^downLevels) with
 * C = base x 2^(downLevels - 1). Blocks are named {@code 0} to {@code downLevels + 1}.
 */
final class FeatureExtractor extends Module {
    private static final int REFINE_LAYERS = 2;
    private static final int DOWN_KERNEL = 4;
    private static final int DOWN_STRIDE = 2;
    private static final int DOWN_PADDING = 1;
    private static final int REFINE_KERNEL = 3;

    private final List<ConvBlock> blocks = new ArrayList<>();

    FeatureExtractor(int inChannels, ModelSize size, int downLevels) {
        int in = inChannels;
        for (int level = 0; level < downLevels; level++) {
            int out = size.channelsAt(level);
            add(new ConvBlock(in, out, DOWN_KERNEL, DOWN_STRIDE, DOWN_PADDING, Norm.BATCH, Activation.RELU));
            in = out;
        }
        for (int i = 0; i < REFINE_LAYERS; i++) {
            boolean last = i == REFINE_LAYERS - 1;
            add(new ConvBlock(in, in, REFINE_KERNEL, 1, REFINE_KERNEL / 2, last ? Norm.NONE : Norm.BATCH, Activation.RELU));
        }
    }

    private void add(ConvBlock block) {
        blocks.add(register_module(Integer.toString(blocks.size()), block));
    }

    /** (N, C_in, H, W) to (N, C, H / 2^downLevels, W / 2^downLevels). */
    Tensor forward(Tensor x) {
        Tensor y = x;
        for (ConvBlock block : blocks) {
            y = block.forward(y);
        }
        return y;
    }
}
