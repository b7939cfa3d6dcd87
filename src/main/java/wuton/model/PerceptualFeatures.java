package wuton.model;

import java.util.List;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;

/**
 * The frozen feature network of the perceptual loss (equation 5): a list of feature maps of an image, from early
 * (edges, colours) to deep (parts, textures), that the loss compares between the generated image and its target.
 * Frozen means in eval mode (batch norms on their running statistics) with no gradient into its weights; the
 * gradient still flows through it to the image. See {@link PerceptualNetwork} for the two there are.
 */
public interface PerceptualFeatures {
    /**
     * @param image (N, 3, H, W) in [-1, 1]
     * @return the feature maps (N, C_i, H_i, W_i), early to deep; the same number and shapes for every image of
     *     that size
     */
    List<Tensor> forward(Tensor image);

    /** Moves the weights to {@code device}, as {@code Module.to} does. */
    void to(Device device, boolean nonBlocking);

    /** What the features are and where their weights came from, one line, for a run's provenance. */
    String description();
}
