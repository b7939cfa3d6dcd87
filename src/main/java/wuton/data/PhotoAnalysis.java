package wuton.data;

import java.awt.image.BufferedImage;
import wuton.common.UserError;
import wuton.image.FloodFill;
import wuton.image.Plane;
import wuton.labels.CocoKeypoint;
import wuton.labels.Keypoints;
import wuton.vision.PersonSegmenter;
import wuton.vision.PoseEstimator;

/**
 * The teacher's h(p) on any photo: a pose estimator's keypoints, a person segmenter's silhouette, and from both
 * the {@link ApproximateParsing} that {@link Agnostic#mask} turns into the agnostic person p*. The shipped models
 * are MoveNet Thunder and the MediaPipe selfie segmenter ({@code models/vision/}, docs/vision.md): real
 * pretrained networks, where the paper used a LIP human parser, which cannot be had.
 *
 * <p>Thread-safe: the two models take turns with their own locks.
 */
public final class PhotoAnalysis implements AutoCloseable {
    /**
     * What h(p) finds in one photo, all in the photo's pixels, and how long each step took.
     *
     * @param pose       COCO-18 keypoints; points the estimator is unsure of are missing
     * @param silhouette (H, W): 1 on the person, 0 elsewhere
     * @param parse      (H, W): LIP labels, as {@link ApproximateParsing} describes them
     */
    public record Result(Keypoints pose, Plane silhouette, Plane parse, Timing timing) {
    }

    /** The steps' times for one photo, in milliseconds: the rows of the runtime table ({@code bench --table2}). */
    public record Timing(double poseMs, double maskMs, double parseMs) {
    }

    private final PoseEstimator pose;
    private final PersonSegmenter segmenter;

    public PhotoAnalysis(PoseEstimator pose, PersonSegmenter segmenter) {
        this.pose = pose;
        this.segmenter = segmenter;
    }

    /**
     * Loads the shipped pose estimator and person segmenter.
     *
     * @throws UserError naming the missing file when a model is not there
     */
    public static PhotoAnalysis loadDefault() {
        PoseEstimator pose = PoseEstimator.loadDefault();
        try {
            return new PhotoAnalysis(pose, PersonSegmenter.loadDefault());
        } catch (RuntimeException e) {
            pose.close();
            throw e;
        }
    }

    /**
     * h(p) of a photo.
     *
     * @throws UserError when no upright person is found: both shoulders are needed to guess the parsing
     */
    public Result analyse(BufferedImage photo) {
        long t0 = System.nanoTime();
        Keypoints keypoints = pose.estimate(photo);
        long t1 = System.nanoTime();
        // before the mask: a photo without both shoulders is refused without running the segmenter
        if (!keypoints.present(CocoKeypoint.RIGHT_SHOULDER) || !keypoints.present(CocoKeypoint.LEFT_SHOULDER)) {
            throw new UserError("no person found: the pose estimator found " + (keypoints.present(CocoKeypoint.RIGHT_SHOULDER)
                || keypoints.present(CocoKeypoint.LEFT_SHOULDER) ? "one shoulder" : "no shoulders")
                + " (a score of " + pose.minScore() + " or more is needed for each); the photo should show one person,"
                + " upright, from the front, head to at least the hips");
        }
        Plane silhouette = PersonSegmenter.binary(segmenter.mask(photo));
        long t2 = System.nanoTime();
        int[] torso = torsoCentre(keypoints);
        if (!inside(silhouette, torso)) {
            throw new UserError("no person found: the person segmenter's silhouette misses the torso that the pose"
                + " estimator found; the photo should show one person, upright, from the front, not too small");
        }
        // the segmenter masks every person, the pose is of one: keep the part of the mask that holds its torso
        silhouette = connectedPart(silhouette, torso[0], torso[1]);
        Plane parse = ApproximateParsing.of(silhouette, keypoints);
        long t3 = System.nanoTime();
        return new Result(keypoints, silhouette, parse, new Timing(millis(t0, t1), millis(t1, t2), millis(t2, t3)));
    }

    /**
     * The torso's centre (x, y) in pixels: between the shoulders' and the hips' mid-points, or half the shoulders'
     * width below the shoulders without both hips. When the silhouette misses it, the two models saw different
     * things, and a parsing map guessed from them would hide nothing of the garment.
     */
    static int[] torsoCentre(Keypoints pose) {
        double x = (pose.x(CocoKeypoint.RIGHT_SHOULDER) + pose.x(CocoKeypoint.LEFT_SHOULDER)) / 2.0;
        double y = (pose.y(CocoKeypoint.RIGHT_SHOULDER) + pose.y(CocoKeypoint.LEFT_SHOULDER)) / 2.0;
        if (pose.present(CocoKeypoint.RIGHT_HIP) && pose.present(CocoKeypoint.LEFT_HIP)) {
            x = (x + (pose.x(CocoKeypoint.RIGHT_HIP) + pose.x(CocoKeypoint.LEFT_HIP)) / 2.0) / 2.0;
            y = (y + (pose.y(CocoKeypoint.RIGHT_HIP) + pose.y(CocoKeypoint.LEFT_HIP)) / 2.0) / 2.0;
        } else {
            y += Math.abs(pose.x(CocoKeypoint.RIGHT_SHOULDER) - pose.x(CocoKeypoint.LEFT_SHOULDER)) / 2.0;
        }
        return new int[] {(int) Math.round(x), (int) Math.round(y)};
    }

    private static boolean inside(Plane mask, int[] xy) {
        return xy[0] >= 0 && xy[1] >= 0 && xy[0] < mask.width() && xy[1] < mask.height() && mask.at(xy[0], xy[1]) != 0;
    }

    /** The 4-connected part of a 0/1 mask that holds pixel (x, y), as a new 0/1 mask. */
    static Plane connectedPart(Plane mask, int x, int y) {
        byte[] in = mask.values(), out = new byte[in.length];
        boolean[] reached = FloodFill.reach(mask.width(), mask.height(), i -> in[i] != 0, y * mask.width() + x);
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (reached[i] ? 1 : 0);
        }
        return new Plane(mask.width(), mask.height(), out);
    }

    private static double millis(long from, long to) {
        return (to - from) / 1e6;
    }

    @Override
    public void close() {
        pose.close();
        segmenter.close();
    }
}
