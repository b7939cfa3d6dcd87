package wuton.model;

import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import wuton.nn.NativeRuntime;
import wuton.nn.Padding;
import wuton.nn.TpsGridGenerator;
import wuton.nn.Warp;

/**
 * The WUTON generator: geometric matcher + warping U-Net, trained end to end. The same class is the teacher
 * (person input: the 3-channel agnostic image p*) and the student (person input: the full image p).
 * Parameter names start with {@code matcher.} and {@code unet.}.
 */
public final class Wuton extends Module {
    /** RGB in, for the person and the garment (the paper's p* is RGB with a masked area). */
    public static final int IMAGE_CHANNELS = 3;

    static {
        // OpenBLAS's threads and the padded-layout probe, before any model runs (docs/native.md)
        NativeRuntime.configure();
    }

    private final ModelConfig config;
    private final GeometricMatcher matcher;
    private final WarpingUNet unet;
    private final TpsGridGenerator tps;

    /**
     * What one forward pass gives.
     *
     * @param image the synthesised person (N, 3, H, W) in [-1, 1]
     * @param theta TPS control-point offsets (N, 2 g^2), see {@link TpsGridGenerator}
     * @param warpedCloth T_theta(c) at full resolution (N, 3, H, W), for the warp loss (equations 4 and 7)
     */
    public record Output(Tensor image, Tensor theta, Tensor warpedCloth) {
    }

    public Wuton(ModelConfig config) {
        this.config = config;
        this.matcher = register_module("matcher", new GeometricMatcher(config, IMAGE_CHANNELS, IMAGE_CHANNELS));
        this.unet = register_module("unet", new WarpingUNet(config, IMAGE_CHANNELS, IMAGE_CHANNELS));
        this.tps = new TpsGridGenerator(config.tpsGridSize());
    }

    /**
     * @param person (N, 3, H, W) in [-1, 1], H x W = the config's size
     * @param cloth (N, 3, H, W) in [-1, 1]
     */
    public Output forward(Tensor person, Tensor cloth) {
        Tensor theta = matcher.forward(person, cloth);
        Tensor warped = warp(cloth, theta);
        Tensor image = config.composition().compose(unet.forward(person, cloth, theta, tps), person, warped);
        return new Output(image, theta, warped);
    }

    /**
     * T_theta(c): the garment warped at full resolution by TPS parameters from this model's matcher.
     *
     * @param cloth (N, 3, H, W)
     * @param theta (N, 2 g^2)
     */
    public Tensor warp(Tensor cloth, Tensor theta) {
        // border padding: the garment's white background continues past its edges instead of turning black
        return Warp.sample(cloth, tps.grid(theta, cloth.size(2), cloth.size(3)), Padding.BORDER);
    }

    /**
     * Only the synthesised person, (N, 3, H, W) in [-1, 1]: what inference needs. It skips the full-resolution
     * warp of the garment, which only the warp losses and {@link Composition#PERSON_AND_GARMENT} use.
     */
    public Tensor image(Tensor person, Tensor cloth) {
        Tensor theta = matcher.forward(person, cloth);
        Composition composition = config.composition();
        Tensor warped = composition.usesWarpedGarment() ? warp(cloth, theta) : null;
        return composition.compose(unet.forward(person, cloth, theta, tps), person, warped);
    }

    /**
     * {@link #image}, and beside it the share of each pixel copied from the person input
     * ({@link Composition#personShare}): what lets a try-on keep a photo's own pixels at its own resolution wherever
     * the model keeps the person.
     *
     * @return (N, 4, H, W): the image in [-1, 1], then the person's share in [0, 1]
     */
    public Tensor imageAndPersonShare(Tensor person, Tensor cloth) {
        Tensor theta = matcher.forward(person, cloth);
        Composition composition = config.composition();
        Tensor warped = composition.usesWarpedGarment() ? warp(cloth, theta) : null;
        Tensor head = unet.forward(person, cloth, theta, tps);
        return torch.cat(new TensorVector(composition.compose(head, person, warped), composition.personShare(head)), 1);
    }

    public ModelConfig config() {
        return config;
    }

    public GeometricMatcher matcher() {
        return matcher;
    }

    public WarpingUNet unet() {
        return unet;
    }

    /** Total number of parameter values. */
    public long parameterCount() {
        return Modules.parameterCount(this);
    }
}
