package wuton.eval;

import java.nio.file.Path;
import org.bytedeco.pytorch.Tensor;
import wuton.data.Batch;

/**
 * The baseline every try-on model must beat: the person photo returned unchanged. On data whose unpaired truth is
 * the same person in the same pose, it is nearly perfect outside the garment and the arms, so a model that scores
 * below it has lost more of the person than it has gained on the garment.
 *
 * @param height the image height H it is scored at
 * @param width  the image width W
 */
public record Identity(int height, int width) implements EvaluatedModel {
    /** Its name in tables and metrics.json. */
    public static final String NAME = "identity";

    @Override
    public String name() {
        return NAME;
    }

    /** None: it is no trained model. */
    @Override
    public Path source() {
        return null;
    }

    /** @return the batch's person, (N, 3, H, W) in [-1, 1], itself */
    @Override
    public Tensor tryOn(Batch batch) {
        return batch.person();
    }
}
