package wuton.labels;

import java.util.Arrays;

/** The label set a dataset's parsing maps are stored in, and how each stored value maps to LIP. */
public enum LabelSet {
    /** LIP / CIHP ids, stored as they are (VITON, VITON-HD, MPV). */
    LIP(Arrays.stream(LipLabel.values()).mapToInt(l -> l.id).toArray()),
    /** DressCode's 18 labels, mapped with {@link DressCodeLabel#lip}. */
    DRESSCODE(Arrays.stream(DressCodeLabel.values()).mapToInt(l -> l.lip.id).toArray());

    private final int[] toLip;

    LabelSet(int[] toLip) {
        this.toLip = toLip;
    }

    /** The number of valid stored values (0 to size - 1). */
    public int size() {
        return toLip.length;
    }

    /** The LIP id of a stored value; the caller checks the range with {@link #size()}. */
    public int lipId(int stored) {
        return toLip[stored];
    }
}
