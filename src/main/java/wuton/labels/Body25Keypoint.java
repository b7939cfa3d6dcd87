package wuton.labels;

/**
 * The 25 keypoints of OpenPose's BODY_25 skeleton, in file order, each with its COCO-18 counterpart
 * (null for the points COCO-18 lacks: the mid-hip and the feet). VITON-HD's pose files use this order.
 */
public enum Body25Keypoint {
    NOSE(CocoKeypoint.NOSE), NECK(CocoKeypoint.NECK),
    RIGHT_SHOULDER(CocoKeypoint.RIGHT_SHOULDER), RIGHT_ELBOW(CocoKeypoint.RIGHT_ELBOW),
    RIGHT_WRIST(CocoKeypoint.RIGHT_WRIST),
    LEFT_SHOULDER(CocoKeypoint.LEFT_SHOULDER), LEFT_ELBOW(CocoKeypoint.LEFT_ELBOW),
    LEFT_WRIST(CocoKeypoint.LEFT_WRIST),
    MID_HIP(null),
    RIGHT_HIP(CocoKeypoint.RIGHT_HIP), RIGHT_KNEE(CocoKeypoint.RIGHT_KNEE), RIGHT_ANKLE(CocoKeypoint.RIGHT_ANKLE),
    LEFT_HIP(CocoKeypoint.LEFT_HIP), LEFT_KNEE(CocoKeypoint.LEFT_KNEE), LEFT_ANKLE(CocoKeypoint.LEFT_ANKLE),
    RIGHT_EYE(CocoKeypoint.RIGHT_EYE), LEFT_EYE(CocoKeypoint.LEFT_EYE),
    RIGHT_EAR(CocoKeypoint.RIGHT_EAR), LEFT_EAR(CocoKeypoint.LEFT_EAR),
    LEFT_BIG_TOE(null), LEFT_SMALL_TOE(null), LEFT_HEEL(null),
    RIGHT_BIG_TOE(null), RIGHT_SMALL_TOE(null), RIGHT_HEEL(null);

    /** The same point in COCO-18, or null. */
    public final CocoKeypoint coco;

    Body25Keypoint(CocoKeypoint coco) {
        this.coco = coco;
    }

    /** The number of keypoints (25). */
    public static int count() {
        return values().length;
    }

    /** COCO-18 keypoints from the 75 numbers x, y, c of a BODY_25 file. */
    public static Keypoints toCoco(float[] body25) {
        if (body25.length != 3 * count()) {
            throw new IllegalArgumentException("expected " + 3 * count() + " numbers, got " + body25.length);
        }
        float[] coco = new float[3 * CocoKeypoint.count()];
        for (Body25Keypoint k : values()) {
            if (k.coco != null) {
                System.arraycopy(body25, 3 * k.ordinal(), coco, 3 * k.coco.ordinal(), 3);
            }
        }
        return new Keypoints(coco);
    }
}
