package wuton.labels;

import java.util.EnumSet;
import java.util.Set;

/**
 * The LIP / CIHP human-parsing labels used by VITON, VITON-HD and MPV parsing maps (values 0 to 19).
 *
 * <p>Label 10 is "jumpsuits" in LIP, but VITON-HD's CIHP maps use it for visible neck and torso skin;
 * we follow VITON-HD and call it {@link #NECK}. "Left" and "right" are the person's own sides: in a
 * front view the person's right arm appears on the left of the image.
 */
public enum LipLabel {
    BACKGROUND(0, 0, 0, 0),
    HAT(1, 128, 0, 0),
    HAIR(2, 254, 0, 0),
    GLOVE(3, 0, 85, 0),
    SUNGLASSES(4, 169, 0, 51),
    UPPER_CLOTHES(5, 254, 85, 0),
    DRESS(6, 0, 0, 85),
    COAT(7, 0, 119, 221),
    SOCKS(8, 85, 85, 0),
    PANTS(9, 0, 85, 85),
    NECK(10, 85, 51, 0),
    SCARF(11, 52, 86, 128),
    SKIRT(12, 0, 128, 0),
    FACE(13, 0, 0, 254),
    LEFT_ARM(14, 51, 169, 220),
    RIGHT_ARM(15, 0, 254, 254),
    LEFT_LEG(16, 85, 255, 170),
    RIGHT_LEG(17, 170, 255, 85),
    LEFT_SHOE(18, 255, 255, 0),
    RIGHT_SHOE(19, 255, 170, 0);

    /** The labels of upper-body clothing, which the agnostic person hides. */
    public static final Set<LipLabel> UPPER_CLOTH = EnumSet.of(UPPER_CLOTHES, DRESS, COAT);
    /** The arm labels (LIP arms include the hands). */
    public static final Set<LipLabel> ARMS = EnumSet.of(LEFT_ARM, RIGHT_ARM);
    /** The head labels. */
    public static final Set<LipLabel> HEAD = EnumSet.of(HAT, HAIR, SUNGLASSES, FACE);
    /** The lower-body clothing labels. */
    public static final Set<LipLabel> LOWER_CLOTH = EnumSet.of(PANTS, SKIRT);

    private static final LipLabel[] BY_ID = values();

    /** The value stored in parsing maps. */
    public final int id;
    /** The colour of this label in the usual CIHP palette, as 0xRRGGBB (for palette PNGs and pictures). */
    public final int rgb;

    LipLabel(int id, int r, int g, int b) {
        this.id = id;
        this.rgb = (r << 16) | (g << 8) | b;
    }

    /** The number of labels (20). */
    public static int count() {
        return BY_ID.length;
    }

    /** The label with this id; throws for ids outside 0 to 19. */
    public static LipLabel of(int id) {
        if (id < 0 || id >= BY_ID.length) {
            throw new IllegalArgumentException("LIP label out of range 0-19: " + id);
        }
        return BY_ID[id];
    }
}
