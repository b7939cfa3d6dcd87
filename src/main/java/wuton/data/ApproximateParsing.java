package wuton.data;

import java.util.OptionalDouble;
import wuton.image.Plane;
import wuton.labels.CocoKeypoint;
import wuton.labels.Keypoints;
import wuton.labels.LipLabel;

/**
 * A parsing map guessed from a person's silhouette and keypoints, for photos that have no human parser's map:
 * what the teacher's h(p) can do with a person segmenter and a pose estimator, since no LIP parser can be had.
 *
 * <p>It tells apart only what the agnostic person p* needs ({@link Agnostic#mask}: the upper-body garment and the
 * arms hidden, the head and the lower body kept), with a few labels, each standing for more than its name:
 * <ul>
 *   <li>{@link LipLabel#RIGHT_ARM} and {@link LipLabel#LEFT_ARM}: the silhouette within a capsule along each arm's
 *       keypoints, shoulder to elbow to wrist and a hand's length past the wrist; sleeves are in it too.</li>
 *   <li>{@link LipLabel#FACE}: the silhouette above the neck keypoint (hair, hats and the face together).</li>
 *   <li>{@link LipLabel#NECK}: the silhouette between the neck keypoint and the shoulders, near the neck.</li>
 *   <li>{@link LipLabel#UPPER_CLOTHES}: the rest of the silhouette from the neck down to a hem a little below
 *       the hips, whatever is worn there (bags and long hair in that band too).</li>
 *   <li>{@link LipLabel#PANTS}: the silhouette below that hem (skirts and legs too).</li>
 *   <li>{@link LipLabel#BACKGROUND}: outside the silhouette.</li>
 * </ul>
 * The hem and the arms' width are fractions of the shoulders' distance and the torso's height, chosen against the
 * exact maps of the synthetic world (docs/vision.md gives the agreement). Where the person stands upright in a
 * front view, as try-on photos are taken, the bands follow the body; a lying or much-tilted person is outside
 * what it can describe. Pure and thread-safe.
 */
public final class ApproximateParsing {
    /** An arm capsule's radius, as a fraction of the shoulders' distance. */
    static final double ARM_RADIUS_PER_SHOULDERS = 0.2;
    /** How far the hand reaches past the wrist, as a fraction of the forearm (elbow to wrist). */
    static final double HAND_PER_FOREARM = 0.45;
    /**
     * The hem: how far below the hips' line the garment band ends, as a fraction of the torso (neck to hips). On
     * the synthetic world 0.10 agrees best with the exact maps (hidden regions' intersection over union 0.897
     * against 0.893), but leaves 3.5% of the old garment visible against 2.4%: an old garment left in p* shows
     * through the new one, while a band of trousers hidden too many is painted back by the teacher.
     */
    static final double HEM_PER_TORSO = 0.15;
    /** Half the neck's width, as a fraction of the shoulders' distance. */
    static final double NECK_HALF_WIDTH_PER_SHOULDERS = 0.18;
    /** The torso's height (neck to hips) as a fraction of the shoulders' distance, when no hip was found. */
    static final double TORSO_PER_SHOULDERS = 1.35;

    private ApproximateParsing() {
    }

    /**
     * The parsing map of a person.
     *
     * @param silhouette (H, W): 0 outside the person, anything else inside
     * @param pose       keypoints in the silhouette's pixels; both shoulders are needed
     * @return (H, W) LIP labels as described above
     * @throws IllegalArgumentException when a shoulder is missing: without them there is no scale to draw with
     */
    public static Plane of(Plane silhouette, Keypoints pose) {
        if (!pose.present(CocoKeypoint.RIGHT_SHOULDER) || !pose.present(CocoKeypoint.LEFT_SHOULDER)) {
            throw new IllegalArgumentException("both shoulders are needed to guess a parsing map");
        }
        int w = silhouette.width(), h = silhouette.height();
        float rsx = pose.x(CocoKeypoint.RIGHT_SHOULDER), rsy = pose.y(CocoKeypoint.RIGHT_SHOULDER);
        float lsx = pose.x(CocoKeypoint.LEFT_SHOULDER), lsy = pose.y(CocoKeypoint.LEFT_SHOULDER);
        double shoulders = Math.hypot(rsx - lsx, rsy - lsy);
        double shoulderY = (rsy + lsy) / 2.0;
        double neckX = pose.present(CocoKeypoint.NECK) ? pose.x(CocoKeypoint.NECK) : (rsx + lsx) / 2.0;
        double neckY = pose.present(CocoKeypoint.NECK) ? pose.y(CocoKeypoint.NECK) : shoulderY;
        double hipY = hipY(pose).orElse(neckY + TORSO_PER_SHOULDERS * shoulders);
        double hemY = hipY + HEM_PER_TORSO * (hipY - neckY);
        double neckHalfWidth = NECK_HALF_WIDTH_PER_SHOULDERS * shoulders;
        double armRadius = ARM_RADIUS_PER_SHOULDERS * shoulders;

        byte[] person = silhouette.values();
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (person[i] == 0) {
                    continue; // BACKGROUND is 0
                }
                LipLabel label;
                if (y < neckY) {
                    label = LipLabel.FACE;
                } else if (y < shoulderY && Math.abs(x - neckX) <= neckHalfWidth) {
                    label = LipLabel.NECK;
                } else if (y < hemY) {
                    label = LipLabel.UPPER_CLOTHES;
                } else {
                    label = LipLabel.PANTS;
                }
                out[i] = (byte) label.id;
            }
        }
        // the arms last: a raised arm crosses the head's band, a hanging one the garment's or the legs'
        paintArm(out, person, w, h, pose, Side.RIGHT, armRadius);
        paintArm(out, person, w, h, pose, Side.LEFT, armRadius);
        return new Plane(w, h, out);
    }

    /** The person's own side, with its arm's keypoints and label. */
    private enum Side {
        RIGHT(CocoKeypoint.RIGHT_SHOULDER, CocoKeypoint.RIGHT_ELBOW, CocoKeypoint.RIGHT_WRIST, LipLabel.RIGHT_ARM),
        LEFT(CocoKeypoint.LEFT_SHOULDER, CocoKeypoint.LEFT_ELBOW, CocoKeypoint.LEFT_WRIST, LipLabel.LEFT_ARM);

        final CocoKeypoint shoulder, elbow, wrist;
        final LipLabel label;

        Side(CocoKeypoint shoulder, CocoKeypoint elbow, CocoKeypoint wrist, LipLabel label) {
            this.shoulder = shoulder;
            this.elbow = elbow;
            this.wrist = wrist;
            this.label = label;
        }
    }

    /** Labels the silhouette within the arm's capsules: upper arm, forearm, and the hand past the wrist. */
    private static void paintArm(byte[] out, byte[] person, int w, int h, Keypoints pose, Side side, double radius) {
        float sx = pose.x(side.shoulder), sy = pose.y(side.shoulder);
        boolean elbow = pose.present(side.elbow), wrist = pose.present(side.wrist);
        if (elbow) {
            capsule(out, person, w, h, sx, sy, pose.x(side.elbow), pose.y(side.elbow), radius, side.label);
        }
        if (wrist) {
            // the forearm from the elbow, or the whole arm from the shoulder when the elbow was not found
            float fx = elbow ? pose.x(side.elbow) : sx, fy = elbow ? pose.y(side.elbow) : sy;
            float wx = pose.x(side.wrist), wy = pose.y(side.wrist);
            capsule(out, person, w, h, fx, fy, wx, wy, radius, side.label);
            double handX = wx + HAND_PER_FOREARM * (wx - fx), handY = wy + HAND_PER_FOREARM * (wy - fy);
            capsule(out, person, w, h, wx, wy, handX, handY, radius, side.label);
        }
    }

    /** Sets {@code label} on the silhouette's pixels within {@code radius} of the segment (ax, ay)-(bx, by). */
    private static void capsule(byte[] out, byte[] person, int w, int h, double ax, double ay, double bx, double by,
                                double radius, LipLabel label) {
        int x0 = Math.max(0, (int) Math.floor(Math.min(ax, bx) - radius));
        int x1 = Math.min(w - 1, (int) Math.ceil(Math.max(ax, bx) + radius));
        int y0 = Math.max(0, (int) Math.floor(Math.min(ay, by) - radius));
        int y1 = Math.min(h - 1, (int) Math.ceil(Math.max(ay, by) + radius));
        double dx = bx - ax, dy = by - ay, length2 = dx * dx + dy * dy, r2 = radius * radius;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                int i = y * w + x;
                if (person[i] == 0) {
                    continue;
                }
                // the nearest point of the segment: its parameter t clamped to [0, 1]
                double t = length2 == 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / length2));
                double ex = x - (ax + t * dx), ey = y - (ay + t * dy);
                if (ex * ex + ey * ey <= r2) {
                    out[i] = (byte) label.id;
                }
            }
        }
    }

    /** The mean height of the hips found, if any. */
    private static OptionalDouble hipY(Keypoints pose) {
        boolean right = pose.present(CocoKeypoint.RIGHT_HIP), left = pose.present(CocoKeypoint.LEFT_HIP);
        if (right && left) {
            return OptionalDouble.of((pose.y(CocoKeypoint.RIGHT_HIP) + pose.y(CocoKeypoint.LEFT_HIP)) / 2.0);
        }
        if (right || left) {
            return OptionalDouble.of(pose.y(right ? CocoKeypoint.RIGHT_HIP : CocoKeypoint.LEFT_HIP));
        }
        return OptionalDouble.empty();
    }
}
