package wuton.model;

import java.util.Locale;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * How the generator's last layer becomes the output image. The paper's generator draws every pixel
 * ({@link #NONE}); the other two let it copy pixels that need no change from an image it already has, through a
 * mask it predicts per pixel, instead of redrawing them from half-resolution features:
 *
 * <pre>
 * head (N, 3 + k, H, W) = the U-Net's last layer; k = {@link #sources()}
 * drawn   = tanh(head[:, 0:3])                                  (N, 3, H, W)
 * weights = softmax(cat(head[:, 3:3+k], 0), over channels)      (N, k + 1, H, W), summing to 1 at each pixel
 * output  = sum_j weights_j * source_j + weights_k * drawn,
 *           sources: the person input (the agnostic p* for a teacher, the photo p for a student),
 *                    then, for PERSON_AND_GARMENT, the garment warped by the model's own TPS, T_theta(c)
 * </pre>
 * The drawn image's logit is fixed at 0, so k logits fix the k + 1 weights (with k = 1 the person's weight is a
 * sigmoid). A teacher's person input is exact outside its mask, so it learns to copy there; a student copies its
 * unmasked person wherever the garment does not change, hands and bags included. Copying the warped garment (as
 * CP-VTON's try-on module does) keeps its patterns at full resolution.
 */
public enum Composition {
    /** The paper's: every pixel drawn by the decoder, tanh output. */
    NONE(0),
    /** A blend of the drawn image and the person input. */
    PERSON(1),
    /** A blend of the drawn image, the person input and the warped garment. */
    PERSON_AND_GARMENT(2);

    /** The paper's: every pixel drawn; also what runs from before this choice used. */
    public static final Composition DEFAULT = NONE;

    private final int sources;

    Composition(int sources) {
        this.sources = sources;
    }

    /** k: the images copied from (0, 1 or 2); the head has 3 + k channels. */
    public int sources() {
        return sources;
    }

    /** Channels of the generator's last layer. */
    public int headChannels() {
        return Wuton.IMAGE_CHANNELS + sources;
    }

    /** Whether {@link #compose} needs the garment warped at full resolution. */
    public boolean usesWarpedGarment() {
        return this == PERSON_AND_GARMENT;
    }

    /**
     * The output image from the head.
     *
     * @param head (N, 3 + k, H, W): for {@link #NONE} already the tanh image, returned as it is; otherwise raw
     * @param person (N, 3, H, W) in [-1, 1], the generator's person input
     * @param warpedGarment (N, 3, H, W) in [-1, 1], T_theta(c); only read by {@link #PERSON_AND_GARMENT}
     * @return (N, 3, H, W) in [-1, 1]
     */
    public Tensor compose(Tensor head, Tensor person, Tensor warpedGarment) {
        if (this == NONE) {
            return head;
        }
        Tensor drawn = torch.tanh(head.narrow(1, 0, Wuton.IMAGE_CHANNELS));
        Tensor weights = weights(head);
        Tensor out = drawn.mul(weights.narrow(1, sources, 1));
        out = out.add(person.mul(weights.narrow(1, 0, 1)));
        if (this == PERSON_AND_GARMENT) {
            out = out.add(warpedGarment.mul(weights.narrow(1, 1, 1)));
        }
        return out;
    }

    /**
     * The share of each pixel copied from the person input: 1 where the model keeps the person as it is, 0 where it
     * draws or copies the garment instead. All zeros for {@link #NONE}, which draws every pixel.
     *
     * @param head (N, 3 + k, H, W) raw, as for {@link #compose}
     * @return (N, 1, H, W) in [0, 1]
     */
    public Tensor personShare(Tensor head) {
        if (this == NONE) {
            return torch.zeros_like(head.narrow(1, 0, 1));
        }
        return weights(head).narrow(1, 0, 1);
    }

    /** The blend weights (N, k + 1, H, W): the k sources' (person first, then garment), then the drawn image's. */
    private Tensor weights(Tensor head) {
        Tensor logits = head.narrow(1, Wuton.IMAGE_CHANNELS, sources);
        Tensor drawnLogit = torch.zeros_like(logits.narrow(1, 0, 1));
        return torch.softmax(torch.cat(new TensorVector(logits, drawnLogit), 1), 1);
    }

    /** The command-line spelling: none, person, person-and-garment. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
