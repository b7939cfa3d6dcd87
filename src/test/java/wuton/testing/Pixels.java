package wuton.testing;

import java.awt.image.BufferedImage;

/** Compares pictures in tests. */
public final class Pixels {
    private Pixels() {
    }

    /**
     * The largest difference of one channel of one pixel between two pictures of one size, 0 to 255. Model
     * outputs of one input may differ by 1 where a float lands on the rounding boundary: libtorch picks its
     * CPU kernels by batch size, and their sums round differently.
     */
    public static int maxDifference(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new AssertionError(a.getWidth() + "x" + a.getHeight() + " vs " + b.getWidth() + "x" + b.getHeight());
        }
        int max = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y), q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    max = Math.max(max, Math.abs((p >> shift & 0xff) - (q >> shift & 0xff)));
                }
            }
        }
        return max;
    }
}
