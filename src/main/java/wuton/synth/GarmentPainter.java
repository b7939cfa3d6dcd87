package wuton.synth;

import java.awt.geom.Point2D;

/**
 * Draws a garment flat (the product photo) and worn (on a {@link Skeleton}). Both read the same
 * fabric through a mapping from pixels to fabric coordinates; on the body that mapping follows the
 * body's outline and the arms, with a smooth bend, so stripes curve and sleeves follow the elbows.
 */
final class GarmentPainter {
    /** Fraction of the product photo the flat garment fills. */
    private static final double PRODUCT_FILL = 0.86;
    /** How far the sleeve starts inside the torso panel, so no seam gap shows (garment units / head units). */
    private static final double SLEEVE_TUCK = 0.12;

    private final GarmentCut cut;
    private final Fabric fabric;

    GarmentPainter(GarmentSpec spec) {
        this.cut = new GarmentCut(spec);
        this.fabric = new Fabric(spec.fabric());
    }

    /**
     * The product photo: the garment laid flat, centred on white.
     *
     * @param rgb  receives the image, 0xRRGGBB row-major
     * @param mask receives the garment mask, 255 on the garment and 0 elsewhere
     */
    void paintFlat(int[] rgb, byte[] mask, int width, int height) {
        double[] box = flatBounds(); // minX, maxX, minY, maxY
        double scale = PRODUCT_FILL * Math.min(width / (box[1] - box[0]), height / (box[3] - box[2]));
        double originX = width / 2.0 - scale * (box[0] + box[1]) / 2;
        double originY = height / 2.0 - scale * (box[2] + box[3]) / 2;
        double px = 1 / scale;
        java.util.Arrays.fill(rgb, 0xFFFFFF);
        java.util.Arrays.fill(mask, (byte) 0);
        // only the garment's bounding box can hold fabric
        int x0 = clamp((int) (originX + box[0] * scale) - 2, width), x1 = clamp((int) (originX + box[1] * scale) + 3, width);
        int y0 = clamp((int) (originY + box[2] * scale) - 2, height), y1 = clamp((int) (originY + box[3] * scale) + 3, height);
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                double fx = (x + 0.5 - originX) * px, fy = (y + 0.5 - originY) * px;
                double torso = flatTorsoInside(fx, fy);
                // a pixel well inside the torso panel cannot change by also being on a sleeve
                double a = Fabric.edge(torso > px ? torso : Math.max(torso, flatSleeveInside(fx, fy)), px);
                if (a > 0) {
                    int i = y * width + x;
                    int c = Colors.scale(detailed(fx, fy, px), 1 - 0.04 * fy / cut.length);
                    rgb[i] = Colors.mix(0xFFFFFF, c, a);
                    mask[i] = (byte) (a >= 0.5 ? 255 : 0);
                }
            }
        }
    }

    /** The torso panel on the body (before the arms, which may cross in front of it). */
    void paintTorso(Canvas canvas, Skeleton s, byte[] coverage) {
        PersonSpec p = s.spec;
        double lengthHu = p.torsoLength() + cut.spec.length(); // shoulder line to hem, head units
        double lengthPx = lengthHu * s.hu;
        GarmentCut.Profile body = cut.profile(p.shoulderHalfWidth(), p.waistHalfWidth(), p.hipHalfWidth(),
            p.torsoLength(), lengthHu);
        double topHalfPx = body.at(0) * s.hu;
        double maxHalfPx = 0;
        for (double w : body.table()) {
            maxHalfPx = Math.max(maxHalfPx, w * s.hu);
        }
        double pxFabric = cut.length / lengthPx; // fabric units per pixel
        double phase = cut.spec.fabric().angle() * 3;
        int x0 = clamp((int) (s.cx - maxHalfPx) - 1, canvas.width), x1 = clamp((int) (s.cx + maxHalfPx) + 2, canvas.width);
        int y0 = clamp((int) s.neckY - 1, canvas.height);
        int y1 = clamp((int) (s.neckY + lengthPx + GarmentCut.SHOULDER_DROP * s.hu) + 2, canvas.height);
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                double dx = x + 0.5 - s.cx;
                double f = Math.max(-1, Math.min(1, dx / topHalfPx));
                double depthPx = y + 0.5 - (s.neckY + GarmentCut.shoulderLine(f) * s.hu);
                double v = depthPx / lengthPx;
                double halfPx = body.at(v * lengthHu) * s.hu;
                double u = dx / halfPx;
                double fy = v * cut.length, fx = u * cut.flatHalfWidth(Math.max(0, fy));
                double inside = Math.min(Math.min(halfPx - Math.abs(dx), depthPx), lengthPx - depthPx);
                if (fy < GarmentCut.NECK_DEPTH) {
                    inside = Math.min(inside, cut.outsideNeck(fx, fy) / pxFabric);
                }
                double a = Fabric.edge(inside, 1);
                if (a <= 0) {
                    continue;
                }
                // the fabric bends over the body: vertical lines bow, horizontal lines sag at the centre
                double bend = 1 - u * u;
                double bx = fx + 0.07 * bend * Math.sin(Math.PI * 1.3 * v + phase);
                double by = fy - 0.1 * bend;
                double fold = Math.pow(Math.max(0, Math.sin(10 * u + 5 * v + phase)), 6) * 0.12 * GarmentCut.smooth((v - 0.45) / 0.3);
                double shade = 1.02 - 0.22 * Math.abs(u * u * u) - 0.04 * u - fold;
                int i = y * canvas.width + x;
                coverage[i] = (byte) Math.max(coverage[i] & 0xff, (int) Math.round(255 * a));
                canvas.blend(i, Colors.scale(detailed(bx, by, pxFabric), shade), a, Part.GARMENT);
            }
        }
    }

    /** One sleeve on the body, along the arm from the shoulder through the elbow. */
    void paintSleeve(Canvas canvas, Skeleton s, Side side, byte[] coverage) {
        if (cut.sleeveless()) {
            return;
        }
        GarmentCut.Sleeve flat = cut.sleeveFlat;
        PersonSpec p = s.spec;
        Point2D.Double shoulder = s.shoulder(side), elbow = s.elbow(side), wrist = s.wrist(side);
        // the sleeve's round top is centred on the shoulder joint, so it covers the arm's round end
        Point2D.Double start = new Point2D.Double(shoulder.x - side.sign * 0.03 * s.hu, shoulder.y + 0.02 * s.hu);
        double upper = start.distance(elbow), fore = elbow.distance(wrist);
        double ease = cut.spec.ease();
        boolean longSleeve = cut.spec.sleeve() == GarmentSpec.Sleeve.LONG;
        double length = longSleeve ? upper + fore - 0.03 * s.hu
            : 0.15 * s.hu + cut.spec.sleeveFraction() * p.upperArmLength() * s.hu;
        double startHalf = (p.armHalfWidth() + 0.07 + 0.3 * ease) * s.hu;
        double endHalf = longSleeve ? (0.85 * p.armHalfWidth() + 0.04 + 0.2 * ease) * s.hu
            : (p.armHalfWidth() + 0.1 + 0.4 * ease) * s.hu;
        double reach = Math.max(startHalf, endHalf) + 2;
        Point2D.Double end = longSleeve || length > upper ? wrist : elbow;
        int x0 = clamp((int) (Math.min(Math.min(start.x, elbow.x), end.x) - reach), canvas.width);
        int x1 = clamp((int) (Math.max(Math.max(start.x, elbow.x), end.x) + reach) + 1, canvas.width);
        int y0 = clamp((int) (Math.min(Math.min(start.y, elbow.y), end.y) - reach), canvas.height);
        int y1 = clamp((int) (Math.max(Math.max(start.y, elbow.y), end.y) + reach) + 1, canvas.height);
        double pxFabric = flat.length() / length;
        ArmFrame frame = new ArmFrame(start, elbow, wrist, side);
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                frame.locate(x + 0.5, y + 0.5);
                double t = frame.t, across = frame.s;
                double half = startHalf + (endHalf - startHalf) * Math.max(0, Math.min(1, t / length));
                double inside = t < 0 ? half - Geometry.length(x + 0.5 - start.x, y + 0.5 - start.y)
                    : Math.min(half - Math.abs(across), length - t);
                double a = Fabric.edge(inside, 1);
                if (a <= 0) {
                    continue;
                }
                double tf = t * pxFabric, sf = across / half * flat.halfWidth(tf);
                Point2D.Double fab = flat.fabric(side, tf, sf);
                double shade = 1.02 - 0.28 * (across / half) * (across / half) - (length - t < 0.12 * s.hu ? 0.1 : 0);
                int i = y * canvas.width + x;
                coverage[i] = (byte) Math.max(coverage[i] & 0xff, (int) Math.round(255 * a));
                canvas.blend(i, Colors.scale(detailed(fab.x, fab.y, pxFabric), shade), a, Part.GARMENT);
            }
        }
    }

    /** Fabric plus the garment's own details (collar, placket). */
    private int detailed(double x, double y, double px) {
        int c = fabric.colorAt(x, y, px);
        double collar = cut.collar(x, y, px);
        if (collar > 0) {
            c = Colors.mix(c, cut.spec.collarColor(), collar);
        }
        double placket = cut.placket(x, y, px);
        return placket > 0 ? Colors.mix(c, Colors.scale(cut.spec.collarColor(), 0.8), placket) : c;
    }

    /** Signed distance inside the flat torso panel, in garment units. */
    private double flatTorsoInside(double x, double y) {
        double topHalf = cut.flatHalfWidth(0);
        double top = y - GarmentCut.shoulderLine(Math.max(-1, Math.min(1, x / topHalf)));
        double side = cut.flatHalfWidth(Math.max(0, y)) - Math.abs(x);
        double inside = Math.min(Math.min(top, side), cut.length - y);
        return y < GarmentCut.NECK_DEPTH ? Math.min(inside, cut.outsideNeck(x, y)) : inside;
    }

    /** Signed distance inside either flat sleeve, in garment units. */
    private double flatSleeveInside(double x, double y) {
        if (cut.sleeveless()) {
            return Double.NEGATIVE_INFINITY;
        }
        GarmentCut.Sleeve sl = cut.sleeveFlat;
        Side side = x < 0 ? Side.RIGHT : Side.LEFT;
        double dx = side.sign * Math.sin(sl.angle()), dy = Math.cos(sl.angle());
        double rx = x - side.sign * sl.cornerX(), ry = y - sl.cornerY();
        double t = rx * dx + ry * dy, s = side.sign * (rx * dy - ry * dx);
        return Math.min(Math.min(t + SLEEVE_TUCK, sl.length() - t), sl.halfWidth(t) - Math.abs(s));
    }

    /** The extent of the flat garment, sampled: {minX, maxX, minY, maxY} in garment units. */
    private double[] flatBounds() {
        double maxX = 0;
        for (double y = 0; y <= cut.length; y += 0.05) {
            maxX = Math.max(maxX, cut.flatHalfWidth(y));
        }
        double maxY = cut.length;
        if (!cut.sleeveless()) {
            GarmentCut.Sleeve sl = cut.sleeveFlat;
            for (double s : new double[] {-1, 1}) {
                Point2D.Double tip = sl.fabric(Side.LEFT, sl.length(), s * sl.halfWidth(sl.length()));
                maxX = Math.max(maxX, tip.x);
                maxY = Math.max(maxY, tip.y);
            }
        }
        return new double[] {-maxX, maxX, -0.05, maxY};
    }

    private static int clamp(int v, int size) {
        return v < 0 ? 0 : Math.min(size, v);
    }

    /**
     * Coordinates along an arm: {@code t} is the distance along the polyline shoulder, elbow, wrist
     * (negative before the shoulder), {@code s} the signed distance across it, outwards positive.
     * Mutable and reused per pixel to avoid allocation in the inner loop.
     */
    private static final class ArmFrame {
        private final Point2D.Double a, b, c;
        private final double len0, len1, d0x, d0y, d1x, d1y;
        private final int sign;
        double t, s;

        ArmFrame(Point2D.Double a, Point2D.Double b, Point2D.Double c, Side side) {
            this.a = a;
            this.b = b;
            this.c = c;
            len0 = Math.max(1e-6, a.distance(b));
            len1 = Math.max(1e-6, b.distance(c));
            d0x = (b.x - a.x) / len0;
            d0y = (b.y - a.y) / len0;
            d1x = (c.x - b.x) / len1;
            d1y = (c.y - b.y) / len1;
            sign = side.sign;
        }

        void locate(double x, double y) {
            double p0 = (x - a.x) * d0x + (y - a.y) * d0y;
            double p1 = (x - b.x) * d1x + (y - b.y) * d1y;
            double q0 = Math.min(p0, len0), q1 = Math.max(p1, 0);
            double dist0 = Geometry.length(x - (a.x + q0 * d0x), y - (a.y + q0 * d0y));
            double dist1 = Geometry.length(x - (b.x + Math.min(q1, len1) * d1x), y - (b.y + Math.min(q1, len1) * d1y));
            if (dist0 <= dist1) {
                t = p0;
                s = sign * ((x - a.x) * d0y - (y - a.y) * d0x);
            } else {
                t = len0 + p1;
                s = sign * ((x - b.x) * d1y - (y - b.y) * d1x);
            }
        }
    }
}
