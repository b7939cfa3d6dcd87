package wuton.synth;

import java.awt.geom.Point2D;
import java.util.EnumMap;
import java.util.Map;
import wuton.labels.CocoKeypoint;

/**
 * Where a {@link PersonSpec}'s joints fall in an image of a given size, in pixels. The person stands
 * facing the camera, centred, 7.5 head units tall, and fills most of the image height.
 */
final class Skeleton {
    /** Fraction of the image height the person fills (the rest is margin above and below). */
    private static final double FILL = 0.93;
    /** Height over width of the frame the person is fitted in (VITON's 256 x 192). */
    private static final double FRAME_ASPECT = 4.0 / 3.0;
    private static final double HEAD_UNITS_TALL = 7.5;

    /** Pixels per head unit. */
    final double hu;
    /** The body's vertical axis. */
    final double cx;
    /** Top of the head. */
    final double top;
    final double chinY, neckY, shoulderY, waistY, hipY, ankleY, soleY;
    final PersonSpec spec;
    private final Map<CocoKeypoint, Point2D.Double> joints = new EnumMap<>(CocoKeypoint.class);
    private final Map<Side, Point2D.Double> handTips = new EnumMap<>(Side.class);

    /** Pixels per head unit of a person drawn on a canvas of {@code width} by {@code height}. */
    static double headUnit(int width, int height) {
        return FILL * Math.min(height, width * FRAME_ASPECT) / HEAD_UNITS_TALL;
    }

    Skeleton(PersonSpec spec, int width, int height) {
        this.spec = spec;
        double personHeight = FILL * Math.min(height, width * FRAME_ASPECT);
        hu = personHeight / HEAD_UNITS_TALL;
        cx = width / 2.0;
        top = (height - personHeight) * 0.4;
        chinY = top + hu;
        neckY = chinY + spec.neckLength();
        shoulderY = neckY + 0.1 * hu;
        hipY = neckY + spec.torsoLength() * hu;
        waistY = neckY + 0.6 * spec.torsoLength() * hu;
        ankleY = top + 7.1 * hu;
        soleY = top + 7.45 * hu;

        put(CocoKeypoint.NOSE, cx, top + 0.68 * hu);
        put(CocoKeypoint.NECK, cx, neckY);
        put(CocoKeypoint.RIGHT_EYE, cx - 0.15 * hu, top + 0.5 * hu);
        put(CocoKeypoint.LEFT_EYE, cx + 0.15 * hu, top + 0.5 * hu);
        put(CocoKeypoint.RIGHT_EAR, cx - 0.93 * spec.headHalfWidth() * hu, top + 0.56 * hu);
        put(CocoKeypoint.LEFT_EAR, cx + 0.93 * spec.headHalfWidth() * hu, top + 0.56 * hu);
        for (Side side : Side.values()) {
            placeLeg(side);
            placeArm(side, width, height);
        }
    }

    Point2D.Double joint(CocoKeypoint k) {
        return joints.get(k);
    }

    /** The fingertips: the hand extends from the wrist along the forearm. */
    Point2D.Double handTip(Side side) {
        return handTips.get(side);
    }

    Point2D.Double shoulder(Side side) {
        return sided(side, CocoKeypoint.RIGHT_SHOULDER, CocoKeypoint.LEFT_SHOULDER);
    }

    Point2D.Double elbow(Side side) {
        return sided(side, CocoKeypoint.RIGHT_ELBOW, CocoKeypoint.LEFT_ELBOW);
    }

    Point2D.Double wrist(Side side) {
        return sided(side, CocoKeypoint.RIGHT_WRIST, CocoKeypoint.LEFT_WRIST);
    }

    Point2D.Double hip(Side side) {
        return sided(side, CocoKeypoint.RIGHT_HIP, CocoKeypoint.LEFT_HIP);
    }

    Point2D.Double knee(Side side) {
        return sided(side, CocoKeypoint.RIGHT_KNEE, CocoKeypoint.LEFT_KNEE);
    }

    Point2D.Double ankle(Side side) {
        return sided(side, CocoKeypoint.RIGHT_ANKLE, CocoKeypoint.LEFT_ANKLE);
    }

    private Point2D.Double sided(Side side, CocoKeypoint right, CocoKeypoint left) {
        return joint(side == Side.RIGHT ? right : left);
    }

    /** x of a point {@code d} head units out from the body's axis on this side. */
    double out(Side side, double d) {
        return cx + side.sign * d * hu;
    }

    private void placeLeg(Side side) {
        boolean right = side == Side.RIGHT;
        double stance = spec.stance();
        put(right ? CocoKeypoint.RIGHT_HIP : CocoKeypoint.LEFT_HIP, out(side, 0.6 * spec.hipHalfWidth()), hipY);
        put(right ? CocoKeypoint.RIGHT_KNEE : CocoKeypoint.LEFT_KNEE,
            out(side, 0.5 * spec.hipHalfWidth() + 0.5 * stance), (hipY + ankleY) / 2);
        put(right ? CocoKeypoint.RIGHT_ANKLE : CocoKeypoint.LEFT_ANKLE, out(side, 0.3 + stance), ankleY);
    }

    private void placeArm(Side side, int width, int height) {
        Point2D.Double shoulder = new Point2D.Double(out(side, spec.shoulderHalfWidth()), shoulderY);
        boolean right = side == Side.RIGHT;
        put(right ? CocoKeypoint.RIGHT_SHOULDER : CocoKeypoint.LEFT_SHOULDER, shoulder.x, shoulder.y);
        double upper = spec.upperArmLength() * hu, fore = spec.forearmLength() * hu;
        double u1 = spec.armAngles()[right ? 0 : 2], u2 = spec.armAngles()[right ? 1 : 3];
        Point2D.Double[] arm = null;
        // A raised or bent arm may leave the frame: lower it step by step, then fall back to hanging down.
        for (double shrink = 1; shrink > 0.2 && arm == null; shrink -= 0.2) {
            Point2D.Double[] candidate = armJoints(side, spec.pose(side), shoulder, upper, fore, u1 * shrink, u2);
            if (inFrame(candidate[0], width, height) && inFrame(candidate[1], width, height)
                && inFrame(candidate[2], width, height)) {
                arm = candidate;
            }
        }
        if (arm == null) {
            arm = armJoints(side, ArmPose.DOWN, shoulder, upper, fore, u1, u2);
        }
        put(right ? CocoKeypoint.RIGHT_ELBOW : CocoKeypoint.LEFT_ELBOW, arm[0].x, arm[0].y);
        put(right ? CocoKeypoint.RIGHT_WRIST : CocoKeypoint.LEFT_WRIST, arm[1].x, arm[1].y);
        handTips.put(side, arm[2]);
    }

    /** Elbow, wrist and fingertip for a pose; u1 and u2 in [0, 1) vary the pose. */
    private Point2D.Double[] armJoints(Side side, ArmPose pose, Point2D.Double shoulder, double upper, double fore,
                                       double u1, double u2) {
        Point2D.Double elbow, wrist;
        switch (pose) {
            case DOWN, BENT, RAISED -> {
                double a = switch (pose) {
                    case DOWN -> 8 + 12 * u1;
                    case BENT -> 8 + 17 * u1;
                    default -> 100 + 55 * u1;
                };
                double b = switch (pose) {
                    case DOWN -> a + 2 + 8 * u2;
                    case BENT -> a + 45 + 55 * u2;
                    default -> a - 35 + 50 * u2;
                };
                elbow = along(shoulder, side, a, upper);
                wrist = along(elbow, side, b, fore);
            }
            case HIP -> {
                Point2D.Double target = new Point2D.Double(out(side, spec.waistHalfWidth() + 0.05),
                    waistY + (0.1 + 0.4 * u1) * hu);
                elbow = elbowTowards(side, shoulder, target, upper, fore);
                wrist = reach(elbow, target, fore);
            }
            case ACROSS -> {
                Point2D.Double target = new Point2D.Double(out(side, -(0.1 + 0.45 * u1) * spec.shoulderHalfWidth()),
                    hipY - (0.35 + 0.8 * u2) * hu);
                elbow = elbowTowards(side, shoulder, target, upper, fore);
                wrist = reach(elbow, target, fore);
            }
            default -> throw new IllegalStateException(pose.toString());
        }
        double hand = 0.55 * hu, len = wrist.distance(elbow);
        Point2D.Double tip = new Point2D.Double(wrist.x + (wrist.x - elbow.x) / len * hand,
            wrist.y + (wrist.y - elbow.y) / len * hand);
        return new Point2D.Double[] {elbow, wrist, tip};
    }

    /** A point {@code length} away from {@code from}, {@code degrees} away from straight down, outwards. */
    private static Point2D.Double along(Point2D.Double from, Side side, double degrees, double length) {
        double a = Math.toRadians(degrees);
        return new Point2D.Double(from.x + side.sign * Math.sin(a) * length, from.y + Math.cos(a) * length);
    }

    /** Two-bone inverse kinematics: the elbow that brings the wrist to the target, bent outwards. */
    private static Point2D.Double elbowTowards(Side side, Point2D.Double shoulder, Point2D.Double target,
                                               double upper, double fore) {
        double dx = target.x - shoulder.x, dy = target.y - shoulder.y;
        double dist = Geometry.length(dx, dy);
        double reach = Math.max(Math.abs(upper - fore) + 1e-3, Math.min(upper + fore - 1e-3, dist));
        double cos = (upper * upper + reach * reach - fore * fore) / (2 * upper * reach);
        double bend = Math.acos(Math.max(-1, Math.min(1, cos)));
        double base = Math.atan2(dy, dx);
        Point2D.Double a = new Point2D.Double(shoulder.x + upper * Math.cos(base + bend), shoulder.y + upper * Math.sin(base + bend));
        Point2D.Double b = new Point2D.Double(shoulder.x + upper * Math.cos(base - bend), shoulder.y + upper * Math.sin(base - bend));
        return (a.x - b.x) * side.sign > 0 ? a : b;
    }

    /** The wrist: the forearm from the elbow towards the target. */
    private static Point2D.Double reach(Point2D.Double elbow, Point2D.Double target, double fore) {
        double dx = target.x - elbow.x, dy = target.y - elbow.y, d = Geometry.length(dx, dy);
        return new Point2D.Double(elbow.x + dx / d * fore, elbow.y + dy / d * fore);
    }

    private static boolean inFrame(Point2D.Double p, int width, int height) {
        return p.x >= 1 && p.y >= 1 && p.x < width - 1 && p.y < height - 1;
    }

    private void put(CocoKeypoint k, double x, double y) {
        joints.put(k, new Point2D.Double(x, y));
    }
}
