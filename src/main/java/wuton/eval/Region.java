package wuton.eval;

import java.util.Locale;
import java.util.Set;
import wuton.image.Plane;
import wuton.labels.LipLabel;

/**
 * The parts of a try-on result that are scored apart against the unpaired ground truth, so that "keeps the
 * person's attributes" is a number. Each pixel belongs to exactly one region, decided in this order:
 * <ol>
 *   <li>{@link #ACCESSORIES}: the accessory mask (bag and strap, necklace, bracelet) is set;</li>
 *   <li>{@link #GARMENT}: upper-body clothing ({@link LipLabel#UPPER_CLOTH}) in the truth's parsing or in the
 *       person's own parsing: everywhere the garment changes, the old garment's area included;</li>
 *   <li>{@link #ARMS_AND_HANDS}: an arm label ({@link LipLabel#ARMS}, hands included) in the truth's parsing;</li>
 *   <li>{@link #FACE_AND_REST}: every other pixel: face, hair, neck, lower body, background.</li>
 * </ol>
 * Accessories come first because they are drawn in front of the garment and the arms.
 */
public enum Region {
    GARMENT, ARMS_AND_HANDS, ACCESSORIES, FACE_AND_REST;

    /** The name used in metrics.json and the report: {@code arms_and_hands}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The region of each pixel, as {@link #ordinal()}s, row-major (H, W).
     *
     * @param personParse the person's own parsing (LIP ids)
     * @param truthParse  the parsing of the ground truth, same size
     * @param accessories 1 where an accessory is, same size; null when the dataset has no accessory masks
     */
    public static byte[] label(Plane personParse, Plane truthParse, Plane accessories) {
        byte[] person = personParse.values();
        byte[] truth = truthParse.values();
        byte[] out = new byte[truth.length];
        for (int p = 0; p < truth.length; p++) {
            Region r;
            if (accessories != null && accessories.values()[p] != 0) {
                r = ACCESSORIES;
            } else if (is(truth[p], LipLabel.UPPER_CLOTH) || is(person[p], LipLabel.UPPER_CLOTH)) {
                r = GARMENT;
            } else if (is(truth[p], LipLabel.ARMS)) {
                r = ARMS_AND_HANDS;
            } else {
                r = FACE_AND_REST;
            }
            out[p] = (byte) r.ordinal();
        }
        return out;
    }

    private static boolean is(byte id, Set<LipLabel> labels) {
        return labels.contains(LipLabel.of(id & 0xff));
    }
}
