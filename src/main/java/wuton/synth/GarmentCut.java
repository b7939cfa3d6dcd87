package wuton.synth;

import java.awt.geom.Point2D;

/**
 * The flat shape of a garment, in garment units (about one head unit of an average person): the
 * torso panel, the neck opening and the sleeves. Fabric coordinates (X, Y) have X across from the
 * centre line and Y down from the shoulder line. The same shape is laid flat for the product photo
 * and pulled onto a body for the worn garment.
 */
final class GarmentCut {
    /** Body measurements of the average person the flat garment is cut for, in head units. */
    static final double FLAT_SHOULDER = 0.95, FLAT_WAIST = 0.64, FLAT_HIP = 0.72, FLAT_TORSO = 2.42;
    /** How far the shoulder seam drops from the neck to the shoulder point. */
    static final double SHOULDER_DROP = 0.12;
    private static final double CHEST_DEPTH = 0.55;
    /** Below this depth no neckline reaches (the V-neck is the deepest, at 0.85). */
    static final double NECK_DEPTH = 1.0;

    final GarmentSpec spec;
    /** Torso panel length, from the shoulder line to the hem. */
    final double length;
    final Sleeve sleeveFlat;
    private final Profile flatProfile;
    private static final int PROFILE_STEPS = 512;

    /** A sleeve laid flat: a tapered band from the shoulder corner, at an angle from vertical. */
    record Sleeve(double cornerX, double cornerY, double angle, double length, double startHalfWidth,
                  double endHalfWidth) {
        double halfWidth(double t) {
            double f = Math.max(0, Math.min(1, t / length));
            return startHalfWidth + (endHalfWidth - startHalfWidth) * f;
        }

        /** Fabric coordinates of the point at (t along, s across, outwards positive) on this side's sleeve. */
        Point2D.Double fabric(Side side, double t, double s) {
            double dx = side.sign * Math.sin(angle), dy = Math.cos(angle);
            double px = side.sign * dy, py = -Math.sin(angle); // the outward normal: up and away from the body
            return new Point2D.Double(side.sign * cornerX + t * dx + s * px, cornerY + t * dy + s * py);
        }
    }

    GarmentCut(GarmentSpec spec) {
        this.spec = spec;
        this.length = FLAT_TORSO + spec.length();
        double ease = spec.ease();
        this.flatProfile = profile(FLAT_SHOULDER, FLAT_WAIST, FLAT_HIP, FLAT_TORSO, length);
        // the sleeve hangs from just inside the top corner of the torso panel
        double corner = halfWidth(0, FLAT_SHOULDER, FLAT_WAIST, FLAT_HIP, FLAT_TORSO) - 0.05;
        this.sleeveFlat = switch (spec.sleeve()) {
            case SHORT -> new Sleeve(corner, 0.1, Math.toRadians(55), 0.35 + 1.0 * spec.sleeveFraction(),
                0.3 + 0.3 * ease, 0.3 + 0.4 * ease);
            case LONG -> new Sleeve(corner, 0.1, Math.toRadians(24), 2.6, 0.27 + 0.3 * ease, 0.17 + 0.2 * ease);
            case SLEEVELESS -> null;
        };
    }

    boolean sleeveless() {
        return spec.sleeve() == GarmentSpec.Sleeve.SLEEVELESS;
    }

    /**
     * Half the width of the torso panel at depth {@code d} below the shoulder line, on a body with
     * these measurements (head units). With the flat measurements it is the product-photo outline;
     * with a person's, the worn outline.
     */
    double halfWidth(double d, double shoulder, double waist, double hip, double torso) {
        double ease = spec.ease();
        double top = sleeveless() ? 0.55 : shoulder + 0.04 + 0.3 * ease;
        double chest = 0.88 * shoulder + ease;
        double waistDepth = 0.6 * torso;
        if (d < CHEST_DEPTH) {
            return lerp(top, chest, smooth(d / CHEST_DEPTH));
        }
        if (d < waistDepth) {
            return lerp(chest, waist + ease, smooth((d - CHEST_DEPTH) / (waistDepth - CHEST_DEPTH)));
        }
        double atHip = lerp(waist + ease, hip + ease, smooth((d - waistDepth) / (torso - waistDepth)));
        return d <= torso ? atHip : atHip + 0.08 * (d - torso); // below the hips the hem flares a little
    }

    double flatHalfWidth(double d) {
        return flatProfile.at(d);
    }

    /**
     * {@link #halfWidth} tabulated from the shoulder line to {@code maxDepth}, for the per-pixel loops:
     * a table lookup costs a fraction of the smoothstep blend.
     */
    Profile profile(double shoulder, double waist, double hip, double torso, double maxDepth) {
        double[] table = new double[PROFILE_STEPS + 1];
        for (int i = 0; i <= PROFILE_STEPS; i++) {
            table[i] = halfWidth(maxDepth * i / PROFILE_STEPS, shoulder, waist, hip, torso);
        }
        return new Profile(maxDepth / PROFILE_STEPS, table);
    }

    /** A tabulated half-width profile, linearly interpolated; depths outside the table are clamped. */
    record Profile(double step, double[] table) {
        double at(double depth) {
            double f = Math.max(0, Math.min(table.length - 1.000001, depth / step));
            int i = (int) f;
            return table[i] + (table[i + 1] - table[i]) * (f - i);
        }
    }

    /** Depth of the shoulder seam at a fraction {@code f} in [-1, 1] of the way from the neck to the shoulder. */
    static double shoulderLine(double f) {
        return SHOULDER_DROP * f * f;
    }

    /**
     * Signed distance from the neck opening, in garment units: positive on the fabric, negative in the
     * opening.
     */
    double outsideNeck(double x, double y) {
        return switch (spec.neckline()) {
            case ROUND -> ellipseDistance(x, y, 0.34, 0.28);
            case COLLAR -> ellipseDistance(x, y, 0.26, 0.16);
            case V_NECK -> {
                double depth = 0.85, half = 0.34;
                // the V is |x| < half * (1 - y / depth); its distance is the larger of the side and tip distances
                double sides = (Math.abs(x) - half * (1 - y / depth)) / Geometry.length(1, half / depth);
                yield Math.min(ellipseDistance(x, y, half, 0.1), Math.max(sides, y - depth));
            }
        };
    }

    /** For collared shirts: how much of the point belongs to the collar (0 to 1, antialiased). */
    double collar(double x, double y, double px) {
        if (spec.neckline() != GarmentSpec.Neckline.COLLAR) {
            return 0;
        }
        // each side of the collar is a triangle: neck corner, shoulder tip, and a point on the chest
        double ax = Math.abs(x);
        double d = Math.min(Math.min(halfPlane(ax, y, 0.26, 0.0, 0.44, 0.02),
            halfPlane(ax, y, 0.44, 0.02, 0.03, 0.42)), halfPlane(ax, y, 0.03, 0.42, 0.26, 0.0));
        return Fabric.edge(d, px);
    }

    /** For collared shirts: the button placket down the front (0 to 1). */
    double placket(double x, double y, double px) {
        if (spec.neckline() != GarmentSpec.Neckline.COLLAR || y < 0.4) {
            return 0;
        }
        double band = Fabric.edge(0.03 - Math.abs(x), px) * 0.5;
        double buttonY = 0.6 + 0.4 * Math.max(0, Math.round((y - 0.6) / 0.4)); // buttons every 0.4 units
        double button = Fabric.edge(0.045 - Geometry.length(x, y - buttonY), px);
        return Math.max(band, button);
    }

    /** Signed distance to the line from a to b: positive on its right (for a clockwise triangle, inside). */
    private static double halfPlane(double x, double y, double ax, double ay, double bx, double by) {
        double ex = bx - ax, ey = by - ay, len = Geometry.length(ex, ey);
        return ((x - ax) * ey - (y - ay) * ex) / len;
    }

    private static double ellipseDistance(double x, double y, double rx, double ry) {
        return (Math.sqrt((x / rx) * (x / rx) + (y / ry) * (y / ry)) - 1) * Math.min(rx, ry);
    }

    static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    static double smooth(double t) {
        t = t < 0 ? 0 : Math.min(1, t);
        return t * t * (3 - 2 * t);
    }
}
