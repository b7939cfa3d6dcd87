package wuton.synth;

import java.awt.BasicStroke;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.RoundRectangle2D;
import java.util.SplittableRandom;
import wuton.labels.CocoKeypoint;
import wuton.labels.Keypoints;

/**
 * Draws a whole person wearing a garment, back to front: background, back hair, legs and lower
 * garment, torso and head, the garment's torso panel, bag and necklace, then each arm with its sleeve
 * (arms across the torso last, so they are in front), bracelet, and hair falling over the shoulders.
 *
 * <p>Everything but the garment is a function of the person alone, which is why the same person in
 * another garment differs only where either garment or the arms are.
 */
final class PersonPainter {
    /** The studio background, near RGB (246, 246, 246). */
    private static final int BACKGROUND = 246;
    /** Keypoints under a carried bag are reported with reduced confidence, below this. */
    static final double VISIBLE = 0.5;

    private PersonPainter() {
    }

    /**
     * Renders a person in a garment.
     *
     * @param background     the colour of each pixel behind the person: {@link #studio} or a photograph
     * @param confidenceSeed seeds the keypoint confidences
     */
    static Rendering render(PersonSpec person, GarmentSpec garment, int width, int height,
                            Canvas.Paint background, long confidenceSeed) {
        Canvas canvas = new Canvas(width, height);
        Skeleton s = new Skeleton(person, width, height);
        byte[] garmentCoverage = new byte[width * height];
        GarmentPainter garmentPainter = new GarmentPainter(garment);

        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                canvas.rgb[y * width + x] = background.colorAt(x, y);
            }
        }
        backHair(canvas, s);
        legs(canvas, s);
        torso(canvas, s);
        head(canvas, s);
        garmentPainter.paintTorso(canvas, s, garmentCoverage);
        if (person.handbag()) {
            bag(canvas, s);
        }
        if (person.necklace()) {
            necklace(canvas, s);
        }
        for (Side side : armOrder(person)) {
            arm(canvas, s, side);
            garmentPainter.paintSleeve(canvas, s, side, garmentCoverage);
            hand(canvas, s, side);
            if (person.bracelet() && person.braceletSide() == side) {
                bracelet(canvas, s, side);
            }
        }
        frontHair(canvas, s);
        return new Rendering(width, height, canvas.rgb, canvas.part, garmentCoverage, keypoints(s, canvas, confidenceSeed));
    }

    /** Arms across the body are drawn last, in front of everything else. */
    private static Side[] armOrder(PersonSpec p) {
        return p.rightArm() == ArmPose.ACROSS && p.leftArm() != ArmPose.ACROSS
            ? new Side[] {Side.LEFT, Side.RIGHT} : new Side[] {Side.RIGHT, Side.LEFT};
    }

    /**
     * The studio background, near RGB (246, 246, 246): a faint gradient, a tint and per-pixel noise, seeded by
     * {@code seed}, for an image of {@code width} by {@code height}.
     */
    static Canvas.Paint studio(long seed, int width, int height) {
        SplittableRandom r = new SplittableRandom(seed);
        double topShift = Seeds.uniform(r, -8, 5), bottomShift = Seeds.uniform(r, -12, 3), tilt = Seeds.uniform(r, -4, 4);
        int tint = r.nextInt(3);
        int salt = (int) seed;
        return (x, y) -> {
            double row = BACKGROUND + topShift + (bottomShift - topShift) * y / height - tilt / 2;
            int g = (int) (row + tilt * x / width + 0.5) + (noise(y * width + x, salt) & 3) - 2; // noise: -2 to 1
            return Colors.of(g + (tint == 0 ? 1 : 0), g, g + (tint == 1 ? 2 : 0));
        };
    }

    /** A cheap integer hash of a pixel index, for per-pixel noise. */
    private static int noise(int i, int salt) {
        int h = (i ^ salt) * 0x9E3779B1;
        h ^= h >>> 15;
        h *= 0x85EBCA77;
        return h ^ (h >>> 13);
    }

    private static void backHair(Canvas c, Skeleton s) {
        PersonSpec p = s.spec;
        double bottom = switch (p.hair()) {
            case BOB -> s.chinY + 0.15 * s.hu;
            case LONG -> s.shoulderY + 1.1 * s.hu;
            default -> Double.NaN;
        };
        if (Double.isNaN(bottom)) {
            return;
        }
        double half = (p.headHalfWidth() + 0.14) * s.hu, top = s.top + 0.3 * s.hu;
        c.fill(new RoundRectangle2D.Double(s.cx - half, top, 2 * half, bottom - top, half, 0.6 * s.hu),
            hairPaint(p, s), Part.HAIR);
    }

    private static void legs(Canvas c, Skeleton s) {
        PersonSpec p = s.spec;
        Fabric fabric = new Fabric(p.lowerTexture());
        double hu = s.hu;
        Canvas.Paint cloth = (x, y) -> fabric.colorAt(x / hu, y / hu, 1 / hu);
        double beltY = s.hipY - 0.45 * hu;
        if (p.lower() == PersonSpec.LowerGarment.SKIRT) {
            for (Side side : Side.values()) {
                Part label = side == Side.RIGHT ? Part.RIGHT_LEG : Part.LEFT_LEG;
                c.fill(limb(s.hip(side), s.knee(side), s.ankle(side), p.thighHalfWidth() * hu, 0.13 * hu), p.skin(), label);
            }
            double hem = s.hipY + p.skirtLength() * hu, flare = (p.hipHalfWidth() + 0.1 + 0.18 * p.skirtLength()) * hu;
            Path2D.Double skirt = new Path2D.Double();
            skirt.moveTo(s.cx - (p.waistHalfWidth() + 0.05) * hu, beltY);
            skirt.lineTo(s.cx + (p.waistHalfWidth() + 0.05) * hu, beltY);
            skirt.lineTo(s.cx + flare, hem);
            skirt.quadTo(s.cx, hem + 0.12 * hu, s.cx - flare, hem);
            skirt.closePath();
            c.fill(skirt, cloth, Part.SKIRT);
        } else {
            Area trousers = new Area(new Path2D.Double(waistBlock(s, beltY)));
            for (Side side : Side.values()) {
                trousers.add(new Area(limb(s.hip(side), s.knee(side), s.ankle(side), (p.thighHalfWidth() + 0.04) * hu,
                    0.17 * hu)));
            }
            c.fill(trousers, cloth, Part.PANTS);
        }
        for (Side side : Side.values()) {
            Point2D.Double a = s.ankle(side);
            c.fill(new Ellipse2D.Double(a.x - 0.3 * hu + side.sign * 0.08 * hu, a.y - 0.02 * hu, 0.6 * hu, 0.36 * hu),
                p.shoeColor(), side == Side.RIGHT ? Part.RIGHT_SHOE : Part.LEFT_SHOE);
        }
    }

    private static Shape waistBlock(Skeleton s, double beltY) {
        PersonSpec p = s.spec;
        Path2D.Double block = new Path2D.Double();
        block.moveTo(s.cx - (p.waistHalfWidth() + 0.04) * s.hu, beltY);
        block.lineTo(s.cx + (p.waistHalfWidth() + 0.04) * s.hu, beltY);
        block.lineTo(s.cx + (p.hipHalfWidth() + 0.04) * s.hu, s.hipY);
        block.lineTo(s.cx, s.hipY + 0.6 * s.hu);
        block.lineTo(s.cx - (p.hipHalfWidth() + 0.04) * s.hu, s.hipY);
        block.closePath();
        return block;
    }

    /** Neck and torso skin (label 10, as VITON-HD), visible in necklines and around sleeveless tops. */
    private static void torso(Canvas c, Skeleton s) {
        PersonSpec p = s.spec;
        double hu = s.hu;
        Area body = new Area(new Ellipse2D.Double(s.cx - p.neckHalfWidth() * hu, s.chinY - 0.4 * hu,
            2 * p.neckHalfWidth() * hu, s.neckY - s.chinY + 0.6 * hu));
        Path2D.Double trunk = new Path2D.Double();
        trunk.moveTo(s.cx - p.neckHalfWidth() * hu, s.neckY - 0.05 * hu);
        trunk.lineTo(s.cx + p.neckHalfWidth() * hu, s.neckY - 0.05 * hu);
        trunk.lineTo(s.out(Side.LEFT, p.shoulderHalfWidth() - 0.1), s.shoulderY);
        trunk.lineTo(s.out(Side.LEFT, p.waistHalfWidth()), s.waistY);
        trunk.lineTo(s.out(Side.LEFT, p.hipHalfWidth()), s.hipY);
        trunk.lineTo(s.out(Side.RIGHT, p.hipHalfWidth()), s.hipY);
        trunk.lineTo(s.out(Side.RIGHT, p.waistHalfWidth()), s.waistY);
        trunk.lineTo(s.out(Side.RIGHT, p.shoulderHalfWidth() - 0.1), s.shoulderY);
        trunk.closePath();
        body.add(new Area(trunk));
        for (Side side : Side.values()) {
            Point2D.Double sh = s.shoulder(side);
            double r = (p.armHalfWidth() + 0.03) * hu;
            body.add(new Area(new Ellipse2D.Double(sh.x - r, sh.y - r * 0.6, 2 * r, 2 * r)));
        }
        int shadow = Colors.scale(p.skin(), 0.9);
        c.fill(body, (x, y) -> y < s.chinY + 0.12 * hu ? shadow : p.skin(), Part.NECK);
    }

    private static void head(Canvas c, Skeleton s) {
        PersonSpec p = s.spec;
        double hu = s.hu, half = p.headHalfWidth() * hu;
        for (Side side : Side.values()) { // ears, half hidden by the face
            c.fill(new Ellipse2D.Double(s.out(side, p.headHalfWidth()) - 0.08 * hu, s.top + 0.45 * hu, 0.16 * hu, 0.24 * hu),
                Colors.scale(p.skin(), 0.95), Part.FACE);
        }
        c.fill(new Ellipse2D.Double(s.cx - half, s.top, 2 * half, hu), p.skin(), Part.FACE);
        for (Side side : Side.values()) {
            Point2D.Double eye = s.joint(side == Side.RIGHT ? CocoKeypoint.RIGHT_EYE : CocoKeypoint.LEFT_EYE);
            c.fill(new Ellipse2D.Double(eye.x - 0.07 * hu, eye.y - 0.035 * hu, 0.14 * hu, 0.07 * hu), 0xF8F8F4, Part.FACE);
            c.fill(new Ellipse2D.Double(eye.x - 0.035 * hu, eye.y - 0.035 * hu, 0.07 * hu, 0.07 * hu), p.eyeColor(), Part.FACE);
            c.fill(stroke(new Line2D.Double(eye.x - 0.08 * hu, eye.y - 0.1 * hu, eye.x + 0.08 * hu, eye.y - 0.11 * hu),
                0.03 * hu), Colors.scale(p.hairColor(), 0.9), Part.FACE);
        }
        Point2D.Double nose = s.joint(CocoKeypoint.NOSE);
        c.fill(new Ellipse2D.Double(nose.x - 0.05 * hu, nose.y - 0.03 * hu, 0.1 * hu, 0.06 * hu),
            Colors.scale(p.skin(), 0.85), Part.FACE);
        c.fill(new Ellipse2D.Double(s.cx - 0.1 * hu, s.top + 0.8 * hu, 0.2 * hu, 0.06 * hu), p.lipColor(), Part.FACE);
        hairCap(c, s);
    }

    /** Hair on top of the head: a large ellipse minus the face below the hairline. */
    private static void hairCap(Canvas c, Skeleton s) {
        PersonSpec p = s.spec;
        double hu = s.hu, half = p.headHalfWidth() * hu;
        double thick = p.hair() == PersonSpec.HairStyle.BUZZ ? 0.03 : 0.08;
        Area cap = new Area(new Ellipse2D.Double(s.cx - half - thick * hu, s.top - thick * 1.5 * hu,
            2 * (half + thick * hu), 0.95 * hu));
        cap.subtract(new Area(new Ellipse2D.Double(s.cx - 0.97 * half, s.top + 0.3 * hu, 1.94 * half, 0.9 * hu)));
        if (p.hair() == PersonSpec.HairStyle.BUN) {
            cap.add(new Area(new Ellipse2D.Double(s.cx - 0.2 * hu, s.top - 0.3 * hu, 0.4 * hu, 0.4 * hu)));
        }
        c.fill(cap, hairPaint(p, s), Part.HAIR);
    }

    /** Long hair falling over one or both shoulders, in front of the garment. */
    private static void frontHair(Canvas c, Skeleton s) {
        PersonSpec p = s.spec;
        if (p.hair() != PersonSpec.HairStyle.LONG || !p.hairOverShoulders()) {
            return;
        }
        double hu = s.hu;
        for (Side side : Side.values()) {
            double x0 = s.out(side, p.headHalfWidth() + 0.02);
            double x1 = s.out(side, 0.5 * (p.shoulderHalfWidth() + p.neckHalfWidth()));
            QuadCurve2D lock = new QuadCurve2D.Double(x0, s.top + 0.5 * hu, s.out(side, p.headHalfWidth() + 0.1),
                s.shoulderY - 0.1 * hu, x1, s.shoulderY + 0.9 * hu);
            c.fill(stroke(lock, 0.26 * hu), hairPaint(p, s), Part.HAIR);
        }
    }

    private static Canvas.Paint hairPaint(PersonSpec p, Skeleton s) {
        int dark = Colors.scale(p.hairColor(), 0.8);
        return (x, y) -> Colors.mix(p.hairColor(), dark, 0.5 + 0.5 * Math.sin(x * 9 / s.hu + y * 1.5 / s.hu));
    }

    private static void arm(Canvas c, Skeleton s, Side side) {
        PersonSpec p = s.spec;
        Shape arm = limb(s.shoulder(side), s.elbow(side), s.wrist(side), p.armHalfWidth() * s.hu,
            0.75 * p.armHalfWidth() * s.hu);
        c.fill(arm, p.skin(), side == Side.RIGHT ? Part.RIGHT_ARM : Part.LEFT_ARM);
    }

    /** The hand: a rounded mitten from the wrist to the fingertips, part of the arm in LIP. */
    private static void hand(Canvas c, Skeleton s, Side side) {
        PersonSpec p = s.spec;
        Point2D.Double w = s.wrist(side), tip = s.handTip(side);
        Shape hand = stroke(new Line2D.Double(w.x + (tip.x - w.x) * 0.25, w.y + (tip.y - w.y) * 0.25,
            w.x + (tip.x - w.x) * 0.75, w.y + (tip.y - w.y) * 0.75), 0.24 * s.hu);
        c.fill(hand, Colors.scale(p.skin(), 0.97), side == Side.RIGHT ? Part.RIGHT_ARM : Part.LEFT_ARM);
    }

    private static void bracelet(Canvas c, Skeleton s, Side side) {
        PersonSpec p = s.spec;
        Point2D.Double w = s.wrist(side), e = s.elbow(side);
        double len = w.distance(e), ux = (w.x - e.x) / len, uy = (w.y - e.y) / len;
        double bx = w.x - ux * 0.1 * s.hu, by = w.y - uy * 0.1 * s.hu, half = (0.8 * p.armHalfWidth() + 0.03) * s.hu;
        c.fill(stroke(new Line2D.Double(bx - uy * half, by + ux * half, bx + uy * half, by - ux * half), 0.08 * s.hu),
            p.braceletColor(), Part.BRACELET);
    }

    /** A crossbody bag: strap from the opposite shoulder, bag at the hip on the bag's side. */
    private static void bag(Canvas c, Skeleton s) {
        PersonSpec p = s.spec;
        double hu = s.hu;
        Side side = p.bagSide();
        double bagW = 0.95 * hu, bagH = 0.75 * hu;
        double bx = s.out(side, p.hipHalfWidth() + 0.1) - bagW / 2, by = s.hipY - 0.2 * hu;
        Point2D.Double from = new Point2D.Double(s.out(side, -0.5 * (p.neckHalfWidth() + p.shoulderHalfWidth())),
            s.shoulderY - 0.02 * hu);
        int strapColor = Colors.scale(p.bagColor(), 0.75);
        c.fill(stroke(new Line2D.Double(from.x, from.y, bx + bagW / 2 - side.sign * 0.25 * hu, by + 0.05 * hu), 0.07 * hu),
            strapColor, Part.BAG);
        int flap = Colors.scale(p.bagColor(), 0.85);
        c.fill(new RoundRectangle2D.Double(bx, by, bagW, bagH, 0.25 * hu, 0.25 * hu),
            (x, y) -> y < by + 0.3 * hu ? flap : p.bagColor(), Part.BAG);
    }

    private static void necklace(Canvas c, Skeleton s) {
        PersonSpec p = s.spec;
        double hu = s.hu, half = (p.neckHalfWidth() + 0.14) * hu;
        QuadCurve2D chain = new QuadCurve2D.Double(s.cx - half, s.neckY - 0.08 * hu, s.cx, s.neckY + 0.55 * hu,
            s.cx + half, s.neckY - 0.08 * hu);
        Area necklace = new Area(stroke(chain, 0.035 * hu));
        necklace.add(new Area(new Ellipse2D.Double(s.cx - 0.06 * hu, s.neckY + 0.17 * hu, 0.12 * hu, 0.14 * hu)));
        c.fill(necklace, p.necklaceColor(), Part.NECKLACE);
    }

    /** A tapered limb through three joints, with round ends. */
    private static Shape limb(Point2D.Double a, Point2D.Double b, Point2D.Double c, double halfA, double halfC) {
        Area limb = new Area(segment(a, b, halfA, (halfA + halfC) / 2));
        limb.add(new Area(segment(b, c, (halfA + halfC) / 2, halfC)));
        return limb;
    }

    /** A quadrilateral from a to b, {@code ha} wide at a and {@code hb} at b, with round ends. */
    private static Shape segment(Point2D.Double a, Point2D.Double b, double ha, double hb) {
        double len = Math.max(1e-6, a.distance(b)), nx = -(b.y - a.y) / len, ny = (b.x - a.x) / len;
        Path2D.Double quad = new Path2D.Double();
        quad.moveTo(a.x + nx * ha, a.y + ny * ha);
        quad.lineTo(b.x + nx * hb, b.y + ny * hb);
        quad.lineTo(b.x - nx * hb, b.y - ny * hb);
        quad.lineTo(a.x - nx * ha, a.y - ny * ha);
        quad.closePath();
        Area shape = new Area(quad);
        shape.add(new Area(new Ellipse2D.Double(a.x - ha, a.y - ha, 2 * ha, 2 * ha)));
        shape.add(new Area(new Ellipse2D.Double(b.x - hb, b.y - hb, 2 * hb, 2 * hb)));
        return shape;
    }

    private static Shape stroke(Shape path, double width) {
        return new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND).createStrokedShape(path);
    }

    /**
     * OpenPose-style keypoints: every joint in the frame, with a confidence that drops below
     * {@link #VISIBLE} where a bag covers it; points outside the image are (0, 0, 0).
     */
    private static Keypoints keypoints(Skeleton s, Canvas c, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] xyc = new float[3 * CocoKeypoint.count()];
        for (CocoKeypoint k : CocoKeypoint.values()) {
            Point2D.Double p = s.joint(k);
            double confidence = Seeds.uniform(r, 0.6, 0.97);
            int x = (int) Math.floor(p.x), y = (int) Math.floor(p.y);
            if (x < 0 || y < 0 || x >= c.width || y >= c.height) {
                continue;
            }
            if (c.partAt(x, y) == Part.BAG) {
                confidence *= 0.4;
            }
            xyc[3 * k.ordinal()] = (float) p.x;
            xyc[3 * k.ordinal() + 1] = (float) p.y;
            xyc[3 * k.ordinal() + 2] = (float) confidence;
        }
        return new Keypoints(xyc);
    }
}
