package wuton.synth;

import java.util.SplittableRandom;
import wuton.labels.CocoKeypoint;
import wuton.labels.Keypoints;

/**
 * Simulates the mistakes of a real human parser (the WUTON paper's Fig. 1), for robustness
 * experiments: label boundaries that wander by a few pixels, a hand or forearm that the parser
 * misses, and a bag absorbed into the upper-clothes label. Each mistake happens with its own
 * probability, from the image's own random stream.
 */
final class ParseNoise {
    static final double P_JITTER = 0.8, P_MISSED_HAND = 0.4, P_BAG_ABSORBED = 0.8;
    /** Amplitude of the boundary jitter, as a fraction of the image height. */
    private static final double JITTER = 0.008;

    private ParseNoise() {
    }

    /** The degraded parsing map, as LIP ids. */
    static byte[] degrade(Rendering r, SplittableRandom random) {
        byte[] parts = r.parts().clone();
        if (random.nextDouble() < P_MISSED_HAND) {
            missHand(parts, r, random.nextBoolean() ? CocoKeypoint.RIGHT_WRIST : CocoKeypoint.LEFT_WRIST);
        }
        if (random.nextDouble() < P_BAG_ABSORBED) {
            for (int i = 0; i < parts.length; i++) {
                if (parts[i] == Part.BAG.ordinal()) {
                    parts[i] = (byte) Part.GARMENT.ordinal();
                }
            }
        }
        if (random.nextDouble() < P_JITTER) {
            parts = jitter(parts, r.width(), r.height(), random);
        }
        byte[] lip = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            lip[i] = (byte) Part.of(parts[i]).lip.id;
        }
        return lip;
    }

    /** Relabels the arm pixels near a wrist: upper clothes over the garment, background elsewhere. */
    private static void missHand(byte[] parts, Rendering r, CocoKeypoint wrist) {
        Keypoints k = r.keypoints();
        CocoKeypoint elbow = wrist == CocoKeypoint.RIGHT_WRIST ? CocoKeypoint.RIGHT_ELBOW : CocoKeypoint.LEFT_ELBOW;
        if (!k.present(wrist) || !k.present(elbow)) {
            return;
        }
        double wx = k.x(wrist), wy = k.y(wrist);
        double radius = 0.6 * Geometry.length(k.x(elbow) - wx, k.y(elbow) - wy);
        for (int y = 0; y < r.height(); y++) {
            for (int x = 0; x < r.width(); x++) {
                int i = y * r.width() + x;
                if (Part.of(parts[i]).isArm() && Geometry.length(x + 0.5 - wx, y + 0.5 - wy) < radius) {
                    parts[i] = (byte) (r.inGarmentFootprint(i) ? Part.GARMENT : Part.BACKGROUND).ordinal();
                }
            }
        }
    }

    /** Moves every label by a smooth random displacement field of a few pixels. */
    private static byte[] jitter(byte[] parts, int width, int height, SplittableRandom random) {
        double amplitude = JITTER * height;
        // wavelengths scale with the image, so a 1024-pixel map wanders like a 256-pixel one
        double fx = Seeds.uniform(random, 6, 14) / height, fy = Seeds.uniform(random, 6, 14) / height;
        double p1 = random.nextDouble() * 2 * Math.PI, p2 = random.nextDouble() * 2 * Math.PI;
        byte[] out = new byte[parts.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                // two slow waves per axis: boundaries drift by up to two amplitudes, never tear
                int sx = (int) Math.round(x + amplitude * (Math.sin(fx * y + p1) + Math.sin(1.7 * fy * x + p2)));
                int sy = (int) Math.round(y + amplitude * (Math.sin(fy * x + p2) + Math.sin(1.9 * fx * y + p1)));
                sx = Math.max(0, Math.min(width - 1, sx));
                sy = Math.max(0, Math.min(height - 1, sy));
                out[y * width + x] = parts[sy * width + sx];
            }
        }
        return out;
    }
}
