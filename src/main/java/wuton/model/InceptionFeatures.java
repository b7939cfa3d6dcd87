package wuton.model;

import java.nio.file.Path;
import java.util.List;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import wuton.vision.InceptionV3;

/**
 * The perceptual features of {@link PerceptualNetwork#INCEPTION}: the shipped ImageNet layers of Inception-v3
 * ({@link InceptionV3#mixed6c}, models/vision/INCEPTION.md) tapped at four depths, one per resolution the stem
 * and the mixed blocks work at, as VGG19's relu1_1 to relu5_1 are:
 * <pre>
 *   Conv2d_2b_3x3  (N,  64, ~H/2,  ~W/2)    edges and colours
 *   Conv2d_4a_3x3  (N, 192, ~H/4,  ~W/4)
 *   Mixed_5d       (N, 288, ~H/8,  ~W/8)
 *   Mixed_6c       (N, 768, ~H/16, ~W/16)   parts and textures; the deepest layer that kept its ImageNet weights
 * </pre>
 *
 * <p>The images stay at the training size rather than being resized to the 299x299 the layers were trained at:
 * the layers are convolutions, a person filling a 256x192 frame is at about the scale of an ImageNet object in
 * 299x299, resizing 256x192 to a square would stretch it by a third, and at 128x96 it would cost 7 times the
 * pixels. Input in [-1, 1] is what the layers expect (Keras's x / 127.5 - 1). The smallest side is
 * {@link InceptionV3#SMALLEST_INPUT}. The network is frozen ({@link InceptionV3#mixed6c} freezes it).
 */
public final class InceptionFeatures implements PerceptualFeatures {
    /** The layers compared, early to deep. */
    public static final List<String> LAYERS = List.of("Conv2d_2b_3x3", "Conv2d_4a_3x3", "Mixed_5d", "Mixed_6c");

    private final InceptionV3 network;
    private final Path file;

    private InceptionFeatures(InceptionV3 network, Path file) {
        this.network = network;
        this.file = file;
    }

    /**
     * The features from the shipped layers' file ({@link InceptionV3#SHIPPED_MIXED_6C} under wuton's home).
     *
     * @throws wuton.common.UserError naming the file and what is wrong with it
     */
    public static InceptionFeatures load(Path file) {
        return new InceptionFeatures(InceptionV3.mixed6c(file), file.toAbsolutePath().normalize());
    }

    /**
     * @param image (N, 3, H, W) in [-1, 1], H and W at least {@link InceptionV3#SMALLEST_INPUT}
     * @return the outputs of {@link #LAYERS}, shapes as above
     */
    @Override
    public List<Tensor> forward(Tensor image) {
        return network.outputs(image, LAYERS);
    }

    @Override
    public void to(Device device, boolean nonBlocking) {
        network.to(device, nonBlocking);
    }

    /** The network itself, for tests. */
    InceptionV3 network() {
        return network;
    }

    @Override
    public String description() {
        return "inception " + String.join(", ", LAYERS) + " (ImageNet layers of nsfwjs 4.3.0, " + file + ")";
    }
}
