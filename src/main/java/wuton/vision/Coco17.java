package wuton.vision;

import wuton.labels.CocoKeypoint;

/**
 * The 17 keypoints of the COCO keypoint task, in the order MoveNet outputs them, and where each goes in
 * wuton's COCO-18 ({@link CocoKeypoint}, OpenPose order). COCO-18 adds the neck, which COCO-17 lacks: it is
 * taken as the mid-point of the shoulders. "Left" and "right" are the person's own sides in both.
 */
enum Coco17 {
    NOSE(CocoKeypoint.NOSE),
    LEFT_EYE(CocoKeypoint.LEFT_EYE),
    RIGHT_EYE(CocoKeypoint.RIGHT_EYE),
    LEFT_EAR(CocoKeypoint.LEFT_EAR),
    RIGHT_EAR(CocoKeypoint.RIGHT_EAR),
    LEFT_SHOULDER(CocoKeypoint.LEFT_SHOULDER),
    RIGHT_SHOULDER(CocoKeypoint.RIGHT_SHOULDER),
    LEFT_ELBOW(CocoKeypoint.LEFT_ELBOW),
    RIGHT_ELBOW(CocoKeypoint.RIGHT_ELBOW),
    LEFT_WRIST(CocoKeypoint.LEFT_WRIST),
    RIGHT_WRIST(CocoKeypoint.RIGHT_WRIST),
    LEFT_HIP(CocoKeypoint.LEFT_HIP),
    RIGHT_HIP(CocoKeypoint.RIGHT_HIP),
    LEFT_KNEE(CocoKeypoint.LEFT_KNEE),
    RIGHT_KNEE(CocoKeypoint.RIGHT_KNEE),
    LEFT_ANKLE(CocoKeypoint.LEFT_ANKLE),
    RIGHT_ANKLE(CocoKeypoint.RIGHT_ANKLE);

    /** The same point in COCO-18. */
    final CocoKeypoint coco18;

    Coco17(CocoKeypoint coco18) {
        this.coco18 = coco18;
    }

    /** The number of keypoints (17). */
    static int count() {
        return values().length;
    }
}
