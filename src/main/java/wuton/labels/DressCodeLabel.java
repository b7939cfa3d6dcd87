package wuton.labels;

/**
 * DressCode's parsing labels (an ATR-like set), in id order, each with the {@link LipLabel} it becomes.
 * LIP has no belt, head or bag: the belt joins the pants (lower body, kept), the head becomes the face
 * (DressCode's head includes the neck skin), the bag becomes background.
 */
public enum DressCodeLabel {
    BACKGROUND(LipLabel.BACKGROUND), HAT(LipLabel.HAT), HAIR(LipLabel.HAIR), SUNGLASSES(LipLabel.SUNGLASSES),
    UPPER_CLOTHES(LipLabel.UPPER_CLOTHES), SKIRT(LipLabel.SKIRT), PANTS(LipLabel.PANTS), DRESS(LipLabel.DRESS),
    BELT(LipLabel.PANTS), LEFT_SHOE(LipLabel.LEFT_SHOE), RIGHT_SHOE(LipLabel.RIGHT_SHOE), HEAD(LipLabel.FACE),
    LEFT_LEG(LipLabel.LEFT_LEG), RIGHT_LEG(LipLabel.RIGHT_LEG), LEFT_ARM(LipLabel.LEFT_ARM),
    RIGHT_ARM(LipLabel.RIGHT_ARM), BAG(LipLabel.BACKGROUND), SCARF(LipLabel.SCARF);

    /** The LIP label it maps to. */
    public final LipLabel lip;

    DressCodeLabel(LipLabel lip) {
        this.lip = lip;
    }

    /** The id of this label in DressCode's maps. */
    public int id() {
        return ordinal();
    }
}
