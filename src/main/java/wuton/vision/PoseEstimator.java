package wuton.vision;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import wuton.common.UserError;
import wuton.image.Letterbox;
import wuton.labels.CocoKeypoint;
import wuton.labels.Keypoints;

/**
 * The pose of the one person in a photo, from Google's MoveNet SinglePose (Thunder by default: 256 x 256
 * input; see {@code models/vision/README.md}), run in libtorch by {@link GraphModel}.
 *
 * <p>Any photo size: the photo is letterboxed into the square input ({@link SquareFrame}); MoveNet answers 17
 * COCO keypoints (y, x, score), normalised to the square, which are mapped back to the photo's pixels and onto
 * COCO-18 ({@link Coco17}), with the neck at the mid-point of the shoulders (its score the lower of theirs).
 * A point scored below {@link #minScore()} is reported missing, (0, 0, 0), as OpenPose does.
 *
 * <p>Concurrency: one instance may be shared by threads; forward passes take turns under a lock (one pass
 * already uses every core libtorch was given). Each call frees its tensors (a {@link PointerScope} per call).
 */
public final class PoseEstimator implements AutoCloseable {
    /**
     * Below this MoveNet score a point is reported missing: a usual cut-off, low enough to keep the visible
     * points (on the synthetic world it costs 0.002 of PCK against keeping every point).
     */
    public static final double DEFAULT_MIN_SCORE = 0.2;
    /** The numbers per keypoint in MoveNet's output: y, x, score. */
    private static final int YXS = 3;

    private final GraphModel graph;
    private final int side;
    private final ReentrantLock forwardLock = new ReentrantLock();
    private volatile double minScore = DEFAULT_MIN_SCORE;

    private PoseEstimator(GraphModel graph, int side) {
        this.graph = graph;
        this.side = side;
    }

    /**
     * Loads the shipped MoveNet Thunder from {@code models/vision/} under wuton's home ({@link VisionModels}).
     *
     * @throws UserError naming the missing file when the model is not there
     */
    public static PoseEstimator loadDefault() {
        return load(VisionModels.stem(VisionModels.POSE), 256);
    }

    /**
     * Loads a converted MoveNet graph: {@code stem.graph.json} and {@code stem.safetensors}.
     *
     * @param side the model's square input size (256 for Thunder, 192 for Lightning)
     */
    public static PoseEstimator load(Path stem, int side) {
        return new PoseEstimator(GraphModel.load(stem), side);
    }

    /** The score below which a point is reported missing. */
    public double minScore() {
        return minScore;
    }

    /** Sets the score below which a point is reported missing (0 keeps every point MoveNet gives). */
    public void setMinScore(double minScore) {
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new IllegalArgumentException("a minimum score is in [0, 1], got " + minScore);
        }
        this.minScore = minScore;
    }

    /** The COCO-18 keypoints of the person in {@code photo}, in the photo's pixels. */
    public Keypoints estimate(BufferedImage photo) {
        SquareFrame square = SquareFrame.of(photo, side);
        return toCoco18(square.box(), raw(square), minScore);
    }

    /**
     * MoveNet's own output for a square: 17 x (y, x, score) in {@link Coco17} order, y and x in [0, 1] of the
     * square (they may stray a little outside it).
     */
    float[] raw(SquareFrame square) {
        try (PointerScope scope = new PointerScope()) {
            Tensor input = square.nhwc(1f); // the graph takes 0..255 values and normalises them itself
            Tensor out;
            forwardLock.lock();
            try {
                out = graph.run(input).get(0); // [1, 1, 17, 3]
            } finally {
                forwardLock.unlock();
            }
            Tensor c = out.to(ScalarType.Float).contiguous();
            if (c.numel() != (long) Coco17.count() * YXS) {
                throw new UserError(graph.source() + ": expected 17 x 3 numbers out, got shape "
                    + Arrays.toString(out.sizes().vec().get()));
            }
            float[] values = new float[Coco17.count() * YXS];
            new FloatPointer(c.data_ptr()).get(values);
            return values;
        }
    }

    /** MoveNet's output (normalised to the square) as COCO-18 in the photo's pixels. */
    static Keypoints toCoco18(Letterbox box, float[] yxs, double minScore) {
        float[] xyc = new float[3 * CocoKeypoint.count()];
        for (Coco17 k : Coco17.values()) {
            float y = yxs[YXS * k.ordinal()];
            float x = yxs[YXS * k.ordinal() + 1];
            float score = yxs[YXS * k.ordinal() + 2];
            if (score >= minScore && score > 0) {
                int at = 3 * k.coco18.ordinal();
                // the inverse of Letterbox.fit: out of the padding, then back to the photo's scale
                xyc[at] = (float) ((x * box.frameWidth() - box.x()) * box.sourceWidth() / box.width());
                xyc[at + 1] = (float) ((y * box.frameHeight() - box.y()) * box.sourceHeight() / box.height());
                xyc[at + 2] = score;
            }
        }
        int r = 3 * CocoKeypoint.RIGHT_SHOULDER.ordinal();
        int l = 3 * CocoKeypoint.LEFT_SHOULDER.ordinal();
        if (xyc[r + 2] > 0 && xyc[l + 2] > 0) {
            int neck = 3 * CocoKeypoint.NECK.ordinal();
            xyc[neck] = (xyc[r] + xyc[l]) / 2;
            xyc[neck + 1] = (xyc[r + 1] + xyc[l + 1]) / 2;
            xyc[neck + 2] = Math.min(xyc[r + 2], xyc[l + 2]);
        }
        return new Keypoints(xyc);
    }

    @Override
    public void close() {
        graph.close();
    }
}
