package wuton.data;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import wuton.image.Plane;
import wuton.image.Rgb;
import wuton.labels.CocoKeypoint;
import wuton.labels.Keypoints;
import wuton.labels.LipLabel;

/**
 * The paper's agnostic person p* (section 3.2) and the worn garment c_{a,p}.
 *
 * <p>p* is the person image, 3 channels, with the arms, the upper-body cloth and a box around the neck
 * painted neutral gray ({@link Rgb#GRAY}, 0 after normalisation); everything else is kept: face, hair,
 * lower body, background. The box is built from the keypoints (see {@link #neckBox}); head labels inside
 * it are kept, so the box hides the neck and the neckline's silhouette but not the face.
 *
 * <p>c_{a,p} is the person image inside the upper-cloth labels and white elsewhere: the target of the
 * warping loss. All methods are pure and thread-safe.
 */
public final class Agnostic {
    /** The labels p* hides wherever they are. */
    public static final Set<LipLabel> HIDDEN = union(LipLabel.UPPER_CLOTH, LipLabel.ARMS);
    /** The labels the neck box leaves visible. */
    public static final Set<LipLabel> KEPT_IN_NECK_BOX = LipLabel.HEAD;

    /** Half the box's width, as a fraction of the distance between the shoulders. */
    static final double HALF_WIDTH_PER_SHOULDERS = 0.3;
    /** Half the box's width, as a fraction of the head-to-neck distance, when a shoulder is missing. */
    static final double HALF_WIDTH_PER_HEAD = 0.6;
    /** The head-to-neck distance, as a fraction of the shoulders' distance, when nose and ears are missing. */
    static final double HEAD_PER_SHOULDERS = 0.5;
    /** How far the box reaches below the neck keypoint, as a fraction of the head-to-neck distance. */
    static final double BELOW_NECK_PER_HEAD = 0.3;

    private static final boolean[] HIDDEN_ID = ids(HIDDEN);
    private static final boolean[] KEPT_IN_BOX_ID = ids(KEPT_IN_NECK_BOX);
    private static final boolean[] UPPER_CLOTH_ID = ids(LipLabel.UPPER_CLOTH);

    private Agnostic() {
    }

    /**
     * The region p* hides, shape (H, W) of the parsing map: 1 for the {@link #HIDDEN} labels and for the
     * neck box outside the head labels, 0 elsewhere.
     *
     * @param pose keypoints in pixels of the parsing map
     */
    public static Plane mask(Plane parse, Keypoints pose) {
        int w = parse.width();
        byte[] ids = parse.values();
        byte[] out = new byte[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (byte) (HIDDEN_ID[ids[i]] ? 1 : 0);
        }
        neckBox(pose).map(b -> b.intersection(new Rectangle(0, 0, w, parse.height()))).ifPresent(box -> {
            for (int y = box.y; y < box.y + box.height; y++) {
                for (int x = box.x; x < box.x + box.width; x++) {
                    if (!KEPT_IN_BOX_ID[ids[y * w + x]]) {
                        out[y * w + x] = 1;
                    }
                }
            }
        });
        return new Plane(w, parse.height(), out);
    }

    /**
     * The box around the neck, in the keypoints' pixels, unclipped; empty without a neck keypoint. It spans
     * from the head point (the nose, else the ears' midpoint) to a little below the neck keypoint, and is
     * {@value #HALF_WIDTH_PER_SHOULDERS} of the shoulders' distance wide on each side of the neck.
     */
    public static Optional<Rectangle> neckBox(Keypoints pose) {
        if (!pose.present(CocoKeypoint.NECK)) {
            return Optional.empty();
        }
        float neckX = pose.x(CocoKeypoint.NECK);
        float neckY = pose.y(CocoKeypoint.NECK);
        double shoulders = bothPresent(pose, CocoKeypoint.RIGHT_SHOULDER, CocoKeypoint.LEFT_SHOULDER)
            ? Math.hypot(pose.x(CocoKeypoint.RIGHT_SHOULDER) - pose.x(CocoKeypoint.LEFT_SHOULDER),
                pose.y(CocoKeypoint.RIGHT_SHOULDER) - pose.y(CocoKeypoint.LEFT_SHOULDER))
            : 0;
        OptionalDouble headY = headY(pose);
        double head = headY.isPresent() ? neckY - headY.getAsDouble() : HEAD_PER_SHOULDERS * shoulders;
        double halfWidth = shoulders > 0 ? HALF_WIDTH_PER_SHOULDERS * shoulders : HALF_WIDTH_PER_HEAD * head;
        if (head <= 0 || halfWidth <= 0) {
            return Optional.empty();
        }
        int x0 = (int) Math.floor(neckX - halfWidth);
        int y0 = (int) Math.floor(neckY - head);
        int x1 = (int) Math.ceil(neckX + halfWidth);
        int y1 = (int) Math.ceil(neckY + BELOW_NECK_PER_HEAD * head);
        return Optional.of(new Rectangle(x0, y0, x1 - x0, y1 - y0));
    }

    /** p*: a new image, the person with the masked pixels painted {@link Rgb#GRAY}. */
    public static BufferedImage person(BufferedImage person, Plane mask) {
        return select(person, mask, Rgb.GRAY);
    }

    /** p* of a sample, at the sample's size. */
    public static BufferedImage person(Sample s) {
        return person(s.person(), mask(s.parse(), s.pose()));
    }

    /** c_{a,p}: a new image, the person inside the {@link LipLabel#UPPER_CLOTH} labels, white elsewhere. */
    public static BufferedImage wornCloth(BufferedImage person, Plane parse) {
        byte[] ids = parse.values();
        byte[] outside = new byte[ids.length];
        for (int i = 0; i < ids.length; i++) {
            outside[i] = (byte) (UPPER_CLOTH_ID[ids[i]] ? 0 : 1);
        }
        return select(person, new Plane(parse.width(), parse.height(), outside), Rgb.WHITE);
    }

    /** A copy of the image with the pixels where {@code paint} is 1 set to {@code colour}. */
    private static BufferedImage select(BufferedImage image, Plane paint, int colour) {
        int[] src = Rgb.pixels(image);
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        int[] dst = Rgb.pixels(out);
        byte[] p = paint.values();
        for (int i = 0; i < dst.length; i++) {
            dst[i] = p[i] != 0 ? colour : src[i];
        }
        return out;
    }

    private static OptionalDouble headY(Keypoints pose) {
        if (pose.present(CocoKeypoint.NOSE)) {
            return OptionalDouble.of(pose.y(CocoKeypoint.NOSE));
        }
        if (bothPresent(pose, CocoKeypoint.RIGHT_EAR, CocoKeypoint.LEFT_EAR)) {
            return OptionalDouble.of((pose.y(CocoKeypoint.RIGHT_EAR) + pose.y(CocoKeypoint.LEFT_EAR)) / 2.0);
        }
        return OptionalDouble.empty();
    }

    private static boolean bothPresent(Keypoints pose, CocoKeypoint a, CocoKeypoint b) {
        return pose.present(a) && pose.present(b);
    }

    private static boolean[] ids(Set<LipLabel> labels) {
        boolean[] out = new boolean[LipLabel.count()];
        labels.forEach(l -> out[l.id] = true);
        return out;
    }

    private static Set<LipLabel> union(Set<LipLabel> a, Set<LipLabel> b) {
        Set<LipLabel> out = EnumSet.copyOf(a);
        out.addAll(b);
        return Set.copyOf(out);
    }
}
