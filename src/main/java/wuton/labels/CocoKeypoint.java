package wuton.labels;

/**
 * The 18 keypoints of the COCO-18 skeleton, in OpenPose's order (the order of
 * {@code pose_keypoints_2d} in COCO-18 OpenPose JSON). "Left" and "right" are the person's own sides.
 */
public enum CocoKeypoint {
    NOSE, NECK,
    RIGHT_SHOULDER, RIGHT_ELBOW, RIGHT_WRIST,
    LEFT_SHOULDER, LEFT_ELBOW, LEFT_WRIST,
    RIGHT_HIP, RIGHT_KNEE, RIGHT_ANKLE,
    LEFT_HIP, LEFT_KNEE, LEFT_ANKLE,
    RIGHT_EYE, LEFT_EYE, RIGHT_EAR, LEFT_EAR;

    /** The limbs OpenPose draws, as pairs of keypoints. */
    public static final CocoKeypoint[][] LIMBS = {
        {NECK, RIGHT_SHOULDER}, {RIGHT_SHOULDER, RIGHT_ELBOW}, {RIGHT_ELBOW, RIGHT_WRIST},
        {NECK, LEFT_SHOULDER}, {LEFT_SHOULDER, LEFT_ELBOW}, {LEFT_ELBOW, LEFT_WRIST},
        {NECK, RIGHT_HIP}, {RIGHT_HIP, RIGHT_KNEE}, {RIGHT_KNEE, RIGHT_ANKLE},
        {NECK, LEFT_HIP}, {LEFT_HIP, LEFT_KNEE}, {LEFT_KNEE, LEFT_ANKLE},
        {NECK, NOSE}, {NOSE, RIGHT_EYE}, {RIGHT_EYE, RIGHT_EAR}, {NOSE, LEFT_EYE}, {LEFT_EYE, LEFT_EAR},
    };

    /** The number of keypoints (18). */
    public static int count() {
        return values().length;
    }
}
