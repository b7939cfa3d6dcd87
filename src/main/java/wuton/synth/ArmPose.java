package wuton.synth;

/** How one arm is held, in a front view. */
enum ArmPose {
    /** Hanging at the side, nearly straight. */
    DOWN,
    /** Upper arm down, forearm bent outwards. */
    BENT,
    /** Hand on the hip, elbow out. */
    HIP,
    /** Forearm across the torso, in front of the garment. */
    ACROSS,
    /** Raised above the shoulder. */
    RAISED
}
