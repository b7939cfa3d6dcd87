package wuton.data;

import java.awt.image.BufferedImage;

/** Conversions between images and the float planes of NCHW tensors. */
final class Tensors {
    private Tensors() {
    }

    /** A byte 0-255 in [-1, 1]: x / 127.5 - 1. */
    static float normalise(int value) {
        return value / 127.5f - 1f;
    }

    /** Writes an RGB image (H, W) as 3 planes (3, H, W) in [-1, 1] into {@code out} from {@code offset}. */
    static void normalise(BufferedImage rgb, float[] out, int offset) {
        int[] pixels = Rgb.pixels(rgb);
        int plane = pixels.length;
        for (int p = 0; p < plane; p++) {
            int v = pixels[p];
            out[offset + p] = normalise(v >> 16 & 0xff);
            out[offset + plane + p] = normalise(v >> 8 & 0xff);
            out[offset + 2 * plane + p] = normalise(v & 0xff);
        }
    }

    /** Sets the 3 planes at {@code offset} to 0 where the mask (H, W) is 1: gray, exactly. */
    static void zeroWhere(Plane mask, float[] out, int offset) {
        byte[] m = mask.values();
        int plane = m.length;
        for (int p = 0; p < plane; p++) {
            if (m[p] != 0) {
                out[offset + p] = 0;
                out[offset + plane + p] = 0;
                out[offset + 2 * plane + p] = 0;
            }
        }
    }
}
