package wuton.synth;

import java.util.SplittableRandom;

/**
 * Everything about a drawn person except the upper garment: body proportions, arm poses, skin, face,
 * hair, lower garment, shoes and accessories. Lengths are in head units (one head height; a person is
 * 7.5 heads tall). Sampled from one random stream, so a person is a pure function of its seed.
 */
record PersonSpec(
    // proportions, in head units
    double headHalfWidth, double neckHalfWidth, double neckLength, double shoulderHalfWidth,
    double torsoLength, double waistHalfWidth, double hipHalfWidth, double upperArmLength,
    double forearmLength, double armHalfWidth, double thighHalfWidth, double stance,
    ArmPose rightArm, ArmPose leftArm, double[] armAngles,
    int skin, HairStyle hair, int hairColor, boolean hairOverShoulders, int eyeColor, int lipColor,
    LowerGarment lower, TextureSpec lowerTexture, double skirtLength, int shoeColor,
    boolean handbag, Side bagSide, int bagColor, boolean necklace, int necklaceColor,
    boolean bracelet, Side braceletSide, int braceletColor) {

    /** Hair styles, from short to long. */
    enum HairStyle { BUZZ, SHORT, BUN, BOB, LONG }

    /** What the person wears below the waist. */
    enum LowerGarment { TROUSERS, SKIRT }

    /** Skin tones from very light to very dark (RGB), interpolated between neighbours. */
    private static final int[] SKIN_TONES = {
        0xF6D7C3, 0xEEC1A2, 0xE0AC8A, 0xC68E6A, 0xA9704C, 0x8D5A3B, 0x6B4029, 0x4A2C1D,
    };
    private static final int[] HAIR_COLORS = {
        0x1B1612, 0x2E1F17, 0x4A3224, 0x6F4A2F, 0xA7763F, 0xD9B870, 0x8E3B1F, 0x9A9A98, 0xE6E2DA,
    };

    /** Samples a person; {@code accessoryFraction} is the probability of each accessory. */
    static PersonSpec sample(SplittableRandom r, double accessoryFraction) {
        ArmPose[] poses = samplePoses(r);
        double[] angles = new double[4];
        for (int i = 0; i < angles.length; i++) {
            angles[i] = r.nextDouble(); // resolved into angles by Skeleton, per pose
        }
        HairStyle hair = Seeds.pick(r, HairStyle.values());
        LowerGarment lower = r.nextInt(3) == 0 ? LowerGarment.SKIRT : LowerGarment.TROUSERS;
        double skinT = r.nextDouble() * (SKIN_TONES.length - 1);
        int skin = Colors.mix(SKIN_TONES[(int) skinT], SKIN_TONES[Math.min((int) skinT + 1, SKIN_TONES.length - 1)],
            skinT - (int) skinT);
        return new PersonSpec(
            Seeds.uniform(r, 0.34, 0.41), Seeds.uniform(r, 0.15, 0.21), Seeds.uniform(r, 0.22, 0.34),
            Seeds.uniform(r, 0.82, 1.08), Seeds.uniform(r, 2.25, 2.6), Seeds.uniform(r, 0.52, 0.75),
            Seeds.uniform(r, 0.6, 0.85), Seeds.uniform(r, 1.32, 1.48), Seeds.uniform(r, 1.18, 1.32),
            Seeds.uniform(r, 0.15, 0.21), Seeds.uniform(r, 0.27, 0.34), Seeds.uniform(r, 0.0, 0.3),
            poses[0], poses[1], angles,
            skin, hair, HAIR_COLORS[r.nextInt(HAIR_COLORS.length)],
            hair == HairStyle.LONG && r.nextDouble() < 0.6,
            Colors.mix(0x2B1B10, 0x4A6E8A, r.nextDouble()), Colors.mix(skin, 0xB0404A, Seeds.uniform(r, 0.3, 0.7)),
            lower, TextureSpec.sampleLower(r), Seeds.uniform(r, 1.0, 2.6),
            Colors.hsv(r.nextDouble(), Seeds.uniform(r, 0, 0.6), Seeds.uniform(r, 0.1, 0.9)),
            r.nextDouble() < accessoryFraction, Seeds.pick(r, Side.values()),
            Colors.hsv(r.nextDouble(), Seeds.uniform(r, 0.3, 0.8), Seeds.uniform(r, 0.25, 0.7)),
            r.nextDouble() < accessoryFraction, r.nextBoolean() ? 0xD4AF37 : 0xC0C0C8,
            r.nextDouble() < accessoryFraction, Seeds.pick(r, Side.values()),
            r.nextBoolean() ? 0x202020 : 0xD4AF37);
    }

    ArmPose pose(Side side) {
        return side == Side.RIGHT ? rightArm : leftArm;
    }

    /** Arm poses: mostly relaxed, with enough crossed forearms and raised arms to test occlusion. */
    private static ArmPose[] samplePoses(SplittableRandom r) {
        double u = r.nextDouble();
        if (u < 0.1) {
            return new ArmPose[] {ArmPose.ACROSS, ArmPose.ACROSS};
        }
        if (u < 0.2) {
            return new ArmPose[] {ArmPose.HIP, ArmPose.HIP};
        }
        ArmPose[] weighted = {ArmPose.DOWN, ArmPose.DOWN, ArmPose.DOWN, ArmPose.BENT, ArmPose.HIP,
            ArmPose.ACROSS, ArmPose.RAISED};
        ArmPose right = Seeds.pick(r, weighted);
        ArmPose left = Seeds.pick(r, weighted);
        if (right == ArmPose.ACROSS && left == ArmPose.ACROSS) {
            left = ArmPose.DOWN; // both across is drawn above, with its own frequency
        }
        return new ArmPose[] {right, left};
    }
}
