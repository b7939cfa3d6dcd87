package wuton.synth;

import wuton.labels.LipLabel;

/**
 * What the renderer drew at a pixel. Finer than the LIP labels: accessories keep their own identity
 * here and are mapped to the nearest LIP label only when the parsing map is written.
 *
 * <p>Accessory mapping (LIP has no accessory labels):
 * <ul>
 *   <li>{@link #BAG} (handbag and its strap) is {@link LipLabel#BACKGROUND}: LIP annotates only
 *       human parts and clothes, and leaves carried objects unlabelled;</li>
 *   <li>{@link #NECKLACE} is {@link LipLabel#SCARF}, the only LIP label for something worn round the neck;</li>
 *   <li>{@link #BRACELET} (bracelet or watch) is {@link LipLabel#GLOVE}, the only LIP label for
 *       something worn on the hand or wrist.</li>
 * </ul>
 */
enum Part {
    BACKGROUND(LipLabel.BACKGROUND),
    HAIR(LipLabel.HAIR),
    FACE(LipLabel.FACE),
    NECK(LipLabel.NECK),
    GARMENT(LipLabel.UPPER_CLOTHES),
    RIGHT_ARM(LipLabel.RIGHT_ARM),
    LEFT_ARM(LipLabel.LEFT_ARM),
    PANTS(LipLabel.PANTS),
    SKIRT(LipLabel.SKIRT),
    RIGHT_LEG(LipLabel.RIGHT_LEG),
    LEFT_LEG(LipLabel.LEFT_LEG),
    RIGHT_SHOE(LipLabel.RIGHT_SHOE),
    LEFT_SHOE(LipLabel.LEFT_SHOE),
    BAG(LipLabel.BACKGROUND),
    NECKLACE(LipLabel.SCARF),
    BRACELET(LipLabel.GLOVE);

    private static final Part[] BY_ORDINAL = values();

    /** The LIP label written to parsing maps for this part. */
    final LipLabel lip;

    Part(LipLabel lip) {
        this.lip = lip;
    }

    static Part of(byte ordinal) {
        return BY_ORDINAL[ordinal];
    }

    boolean isAccessory() {
        return this == BAG || this == NECKLACE || this == BRACELET;
    }

    boolean isArm() {
        return this == RIGHT_ARM || this == LEFT_ARM;
    }
}
