package wuton.synth;

import wuton.labels.Keypoints;

/**
 * One rendered person image and what the renderer knows about it.
 *
 * @param rgb              the image, 0xRRGGBB row-major
 * @param parts            the {@link Part} ordinal drawn on top at each pixel
 * @param garmentCoverage  how much of each pixel the upper garment covered (0 to 255), including
 *                         pixels later hidden by arms, hair or accessories
 * @param keypoints        COCO-18 keypoints with confidences
 */
record Rendering(int width, int height, int[] rgb, byte[] parts, byte[] garmentCoverage, Keypoints keypoints) {

    /** True where the garment put any colour: the pixels another garment may change. */
    boolean inGarmentFootprint(int pixel) {
        return garmentCoverage[pixel] != 0;
    }

    /** The parsing map as LIP label ids, one byte per pixel. */
    byte[] lipLabels() {
        byte[] lip = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            lip[i] = (byte) Part.of(parts[i]).lip.id;
        }
        return lip;
    }

    /** 255 where an accessory (bag, necklace, bracelet) is visible, else 0. */
    byte[] accessoryMask() {
        byte[] mask = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            mask[i] = (byte) (Part.of(parts[i]).isAccessory() ? 255 : 0);
        }
        return mask;
    }
}
