package wuton.model;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import wuton.nn.Activation;
import wuton.nn.ConvBlock;
import wuton.nn.Norm;
import wuton.nn.Padding;
import wuton.nn.TpsGridGenerator;
import wuton.nn.Warp;

/**
 * The warping U-Net generator (paper section 3.1): siamese encoders with separate weights, E1 for the garment
 * and E2 for the person; at every scale i the garment features are warped by the same TPS transform,
 * T_theta(E1^i(c)), and concatenated with E2^i(p) into the decoder.
 *
 * <pre>
 * level i (0-based), C_i = min(b 2^i, 8 b), at (H / 2^(i+1), W / 2^(i+1)):
 *   skip_i = cat(T_theta(E1^i(c)), E2^i(p))                   (N, 2 C_i, ...)
 * decoder, deepest first (d = depth - 1 down to 0):
 *   y = d == depth - 1 ? skip_d : cat(y, skip_d)                (N, 2 C_d [+ C_d], ...)
 *   y = upsample (nearest) to the size of level d - 1 (the image for d = 0), 3x3 conv to C_(d-1) (b for d = 0),
 *       instance norm, ReLU
 * output: 3x3 conv to 3 channels, tanh -> (N, 3, H, W) in [-1, 1]; or, with a {@link Composition} other than
 *         NONE, to 3 + k raw channels (N, 3 + k, H, W), the head that {@link Composition#compose} turns into
 *         the image
 * </pre>
 * Upsampling to the recorded encoder sizes rather than by a factor 2 lets sides that are not a multiple of
 * 2^depth (48 = 3 x 16 at depth 5) come back to the exact input size. Warped features read zeros outside the
 * garment's feature map ({@link Padding#ZEROS}): no garment signal where the warp points off the garment.
 *
 * <p>{@link Architecture#FAST}: each decoder block convolves at its own level's resolution and only then
 * upsamples its output (a quarter of the convolution's work, and fewer channels to upsample); the level-0 block
 * stays at (H / 2, W / 2), and the output layer predicts 4 x 3 channels there, rearranged into 2 x 2 pixels
 * per position (pixel shuffle) to give (N, 3, H, W).
 */
public final class WarpingUNet extends Module {
    private static final int DECODER_KERNEL = 3;
    /** The FAST output: each level-0 position gives SHUFFLE x SHUFFLE output pixels. */
    private static final int SHUFFLE = 2;

    private final boolean fast;
    private final Encoder garmentEncoder;
    private final Encoder personEncoder;
    /** Deepest first. */
    private final List<ConvBlock> decoder = new ArrayList<>();
    private final ConvBlock toImage;

    public WarpingUNet(ModelConfig config, int personChannels, int clothChannels) {
        ModelSize size = config.size();
        int depth = config.unetDepth();
        this.fast = config.architecture() == Architecture.FAST;
        this.garmentEncoder = register_module("garment_encoder", new Encoder(clothChannels, size, depth));
        this.personEncoder = register_module("person_encoder", new Encoder(personChannels, size, depth));
        for (int level = depth - 1; level >= 0; level--) {
            int skip = 2 * size.channelsAt(level);
            int in = level == depth - 1 ? skip : skip + size.channelsAt(level);
            int out = level > 0 ? size.channelsAt(level - 1) : size.baseChannels();
            decoder.add(register_module("decoder_" + level, new ConvBlock(in, out, DECODER_KERNEL, 1,
                DECODER_KERNEL / 2, Norm.INSTANCE, Activation.RELU)));
        }
        Composition composition = config.composition();
        // the head before any pixel shuffle: 3 channels, or 3 + k for a composition
        int headChannels = composition.headChannels();
        int outChannels = fast ? headChannels * SHUFFLE * SHUFFLE : headChannels;
        // a composition takes the raw head: tanh for the drawn colours, softmax for the mask (Composition)
        Activation last = composition == Composition.NONE ? Activation.TANH : Activation.NONE;
        this.toImage = register_module("to_image", new ConvBlock(size.baseChannels(), outChannels, DECODER_KERNEL, 1,
            DECODER_KERNEL / 2, Norm.NONE, last));
        if (fast) {
            startSubPixelsAlike(toImage.conv(), headChannels);
        }
    }

    /**
     * ICNR initialisation (Aitken et al. 2017) of the layer before the pixel shuffle: the SHUFFLE^2 sub-pixels of
     * each output channel start with the same weights, so that the untrained output is a nearest-neighbour
     * upsampling rather than the checkerboard that independently drawn sub-pixels give, and which training
     * then has to unlearn.
     */
    private static void startSubPixelsAlike(Conv2dImpl conv, int channels) {
        int subPixels = SHUFFLE * SHUFFLE;
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            // pixel_shuffle reads output channel c at sub-pixel k from input channel c * SHUFFLE^2 + k
            for (Tensor t : new Tensor[] {conv.weight(), conv.bias()}) {
                long[] shape = t.sizes().vec().get();
                long[] grouped = new long[shape.length + 1];
                grouped[0] = channels;
                grouped[1] = subPixels;
                System.arraycopy(shape, 1, grouped, 2, shape.length - 1);
                Tensor first = t.view(grouped).narrow(1, 0, 1);
                t.copy_(first.expand(grouped).reshape(shape));
            }
        }
    }

    /**
     * @param person (N, C_p, H, W)
     * @param cloth (N, C_c, H, W)
     * @param theta (N, 2 g^2) from the matcher
     * @param tps the grid generator for theta (one for all scales)
     * @return the synthesised person (N, 3, H, W) in [-1, 1], or the head (N, 3 + k, H, W) of a composition
     */
    public Tensor forward(Tensor person, Tensor cloth, Tensor theta, TpsGridGenerator tps) {
        List<Tensor> garment = garmentEncoder.forward(cloth);
        List<Tensor> body = personEncoder.forward(person);
        int depth = garment.size();
        Tensor y = null;
        for (int d = depth - 1, j = 0; d >= 0; d--, j++) {
            Tensor features = garment.get(d);
            Tensor warped = Warp.sample(features, tps.grid(theta, features.size(2), features.size(3)), Padding.ZEROS);
            Tensor skip = torch.cat(new TensorVector(warped, body.get(d)), 1);
            y = y == null ? skip : torch.cat(new TensorVector(y, skip), 1);
            Tensor target = d > 0 ? body.get(d - 1) : person;
            if (fast) {
                // convolve at this level's resolution, then upsample the (fewer) output channels; level 0 stays
                y = decoder.get(j).forward(y);
                y = d > 0 ? torch.upsample_nearest2d(y, target.size(2), target.size(3)) : y;
            } else {
                y = decoder.get(j).forward(torch.upsample_nearest2d(y, target.size(2), target.size(3)));
            }
        }
        // tanh (and the composition's per-pixel maths) commute with the shuffle, which only moves values
        return fast ? torch.pixel_shuffle(toImage.forward(y), SHUFFLE) : toImage.forward(y);
    }
}
