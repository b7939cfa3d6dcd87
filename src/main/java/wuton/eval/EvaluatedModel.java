package wuton.eval;

import java.nio.file.Path;
import org.bytedeco.pytorch.Tensor;
import wuton.data.Batch;

/** A try-on model as the evaluation sees it: a name, where it came from, its image size, and its results. */
public interface EvaluatedModel {
    /** A short label for tables. */
    String name();

    /** The run folder or model file; null for a baseline that is no trained model ({@link Identity}). */
    Path source();

    /** The model's image height H and width W: the data is read at this size. */
    int height();

    int width();

    /**
     * The try-on results of a batch.
     *
     * @return (N, 3, H, W) in [-1, 1], on any device
     */
    Tensor tryOn(Batch batch);

    /** The parsing maps its batches' agnostic persons are built from: the dataset's own unless it says otherwise. */
    default Parsing parsing() {
        return Parsing.EXACT;
    }
}
