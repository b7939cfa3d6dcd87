package wuton.labels;

import java.util.Arrays;

/**
 * The 18 COCO-18 keypoints of one person, in pixels of the image they belong to, with confidences.
 * A missing point is (0, 0, 0), as in OpenPose JSON.
 */
public final class Keypoints {
    private final float[] xyc;

    /** Wraps 54 numbers x0, y0, c0, x1, y1, c1, ... in {@link CocoKeypoint} order (copied). */
    public Keypoints(float[] xyc) {
        if (xyc.length != 3 * CocoKeypoint.count()) {
            throw new IllegalArgumentException("expected " + 3 * CocoKeypoint.count() + " numbers, got " + xyc.length);
        }
        this.xyc = xyc.clone();
    }

    public float x(CocoKeypoint k) {
        return xyc[3 * k.ordinal()];
    }

    public float y(CocoKeypoint k) {
        return xyc[3 * k.ordinal() + 1];
    }

    public float confidence(CocoKeypoint k) {
        return xyc[3 * k.ordinal() + 2];
    }

    /** True when the point is present (confidence above zero). */
    public boolean present(CocoKeypoint k) {
        return confidence(k) > 0;
    }

    /** The 54 numbers in OpenPose order (a copy). */
    public float[] toArray() {
        return xyc.clone();
    }

    /** These keypoints in an image scaled by (sx, sy); missing points stay (0, 0, 0). */
    public Keypoints scaled(double sx, double sy) {
        return transformed(sx, sy, 0, 0);
    }

    /** These keypoints in an image scaled by (sx, sy), then moved by (dx, dy); missing points stay (0, 0, 0). */
    public Keypoints transformed(double sx, double sy, double dx, double dy) {
        float[] out = xyc.clone();
        for (int i = 0; i < out.length; i += 3) {
            if (out[i + 2] > 0) {
                // in float, as scaling always was: scaled() gives the same numbers as before
                out[i] = out[i] * (float) sx + (float) dx;
                out[i + 1] = out[i + 1] * (float) sy + (float) dy;
            }
        }
        return new Keypoints(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Keypoints k && Arrays.equals(xyc, k.xyc);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(xyc);
    }
}
