package wuton.data;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import wuton.image.FloodFill;
import wuton.image.Plane;
import wuton.image.Rgb;

/**
 * The garment's mask in an in-shop product photo: everything but the plain background around it. Shop photos
 * show the garment alone on a flat, light background (white or near white in VITON, VITON-HD and DressCode), so
 * the background is the colour of the photo's light border pixels, and it is what can be reached from the border
 * through pixels of that colour. A white print or a white collar inside the garment is kept, since the garment's edge
 * parts it from the border; a white garment on white is beyond this and needs a real segmenter.
 *
 * <p>{@code prepare} writes it as VITON-HD's {@code cloth-mask} files (0 / 255), and the DressCode and MPV readers
 * use it for their garments, which come without masks. Pure and thread-safe.
 */
public final class GarmentMask {
    /**
     * How far, in levels of any channel, a pixel may be from the border's colour and still be background:
     * above JPEG's ringing and a studio's uneven light, below a pale garment's difference from white.
     */
    static final int BACKGROUND_TOLERANCE = 24;
    /** The least level of every channel of a light border pixel, the kind the background is made of. */
    static final int LIGHT = 200;

    private GarmentMask() {
    }

    /**
     * The mask of the garment in a product photo.
     *
     * @return (H, W): 1 on the garment, 0 on the background
     */
    public static Plane of(BufferedImage photo) {
        BufferedImage rgb = Rgb.of(photo);
        int w = rgb.getWidth(), h = rgb.getHeight();
        int[] pixels = Rgb.pixels(rgb);
        int background = borderMedian(pixels, w, h);
        // a flood fill from every border pixel, through background-like pixels
        int[] border = new int[2 * w + 2 * h];
        int n = 0;
        for (int x = 0; x < w; x++) {
            border[n++] = x;
            border[n++] = (h - 1) * w + x;
        }
        for (int y = 0; y < h; y++) {
            border[n++] = y * w;
            border[n++] = y * w + w - 1;
        }
        boolean[] reached = FloodFill.reach(w, h, i -> near(pixels[i], background), border);
        byte[] mask = new byte[w * h];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = (byte) (reached[i] ? 0 : 1);
        }
        return new Plane(w, h, mask);
    }

    private static boolean near(int rgb, int background) {
        return Math.abs((rgb >> 16 & 0xff) - (background >> 16 & 0xff)) <= BACKGROUND_TOLERANCE
            && Math.abs((rgb >> 8 & 0xff) - (background >> 8 & 0xff)) <= BACKGROUND_TOLERANCE
            && Math.abs((rgb & 0xff) - (background & 0xff)) <= BACKGROUND_TOLERANCE;
    }

    /**
     * The per-channel median of the border's light pixels (all of its pixels when none is light): the
     * background, even where the garment runs off the edge and covers most of the border.
     */
    private static int borderMedian(int[] pixels, int w, int h) {
        // each border pixel once: the top and bottom rows, then the two columns between them
        int[] border = new int[2 * w + 2 * h];
        int n = 0;
        for (int x = 0; x < w; x++) {
            border[n++] = pixels[x];
            if (h > 1) {
                border[n++] = pixels[(h - 1) * w + x];
            }
        }
        for (int y = 1; y < h - 1; y++) {
            border[n++] = pixels[y * w];
            if (w > 1) {
                border[n++] = pixels[y * w + w - 1];
            }
        }
        int light = 0;
        for (int i = 0; i < n; i++) {
            if (isLight(border[i])) {
                border[light++] = border[i]; // gathered at the front; the rest is no longer needed
            }
        }
        int count = light > 0 ? light : n;
        int median = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int[] channel = new int[count];
            for (int i = 0; i < count; i++) {
                channel[i] = border[i] >> shift & 0xff;
            }
            Arrays.sort(channel);
            median = median << 8 | channel[count / 2];
        }
        return median;
    }

    /** Every channel at {@value #LIGHT} or above: a studio background, white or pale gray. */
    private static boolean isLight(int rgb) {
        return (rgb >> 16 & 0xff) >= LIGHT && (rgb >> 8 & 0xff) >= LIGHT && (rgb & 0xff) >= LIGHT;
    }
}
