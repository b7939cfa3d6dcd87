package wuton.image;

import java.awt.image.BufferedImage;
import java.util.stream.IntStream;

/**
 * A try-on at the photo's own resolution. The model works in its frame (128 x 96 for the shipped student) and says,
 * pixel by pixel, how much of its result it copied from the person input ({@code share}, 1 where it keeps the
 * person) and what the rest of the result is ({@code rest}: the drawn image and the warped garment, blended). Scaling
 * the whole result back up would blur what the model only kept; here the share and the rest are scaled up instead,
 * and the photo's own pixels take the person's share:
 *
 * <pre>  out(p) = share(p) * photo(p) + rest(p)          (share and rest sampled bilinearly at p)</pre>
 *
 * Where the model changed the pixel by less than half a level ({@code (1 - share) * 255 < 0.5}: it kept the person)
 * the photo's pixel is copied as it is, bit for bit. A photo smaller than the frame works the same way.
 */
public final class PhotoComposite {
    /** Below this share of change, a pixel is the photo's own: the model's result differs by under half a level. */
    static final float KEPT = 0.5f / 255f;
    /** Photos of at least this many pixels are composed on all cores, row by row. */
    private static final int PARALLEL_PIXELS = 1 << 18;

    private PhotoComposite() {
    }

    /**
     * @param photo the person photo at its own size, any type
     * @param box where the photo lies in the model's frame
     * @param share the person's share of the result, frame height x frame width, row-major, in [0, 1]
     * @param rest the result less the person's part, three planes (R, G, B) of the frame's size, in levels (0 to 255)
     * @return a new TYPE_INT_RGB image of the photo's size
     */
    public static BufferedImage compose(BufferedImage photo, Letterbox box, float[] share, float[] rest) {
        int frameW = box.frameWidth();
        int plane = frameW * box.frameHeight();
        if (share.length != plane || rest.length != 3 * plane) {
            throw new IllegalArgumentException("share and rest must be 1 and 3 planes of " + frameW + "x"
                + box.frameHeight() + ", got " + share.length + " and " + rest.length + " values");
        }
        BufferedImage rgb = Rgb.of(photo);
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        if (w != box.sourceWidth() || h != box.sourceHeight()) {
            throw new IllegalArgumentException("the photo is " + w + "x" + h + ", the letterbox is for "
                + box.sourceWidth() + "x" + box.sourceHeight());
        }
        Axis columns = Axis.of(w, box.x(), box.width());
        Axis rows = Axis.of(h, box.y(), box.height());
        int[] in = Rgb.pixels(rgb);
        BufferedImage result = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] out = Rgb.pixels(result);
        IntStream ys = IntStream.range(0, h);
        (Math.multiplyExact(w, h) >= PARALLEL_PIXELS ? ys.parallel() : ys).forEach(y -> {
            int top = rows.low[y] * frameW;
            int bottom = rows.high[y] * frameW;
            float fy = rows.weight[y];
            for (int x = 0; x < w; x++) {
                int a = top + columns.low[x];
                int b = top + columns.high[x];
                int c = bottom + columns.low[x];
                int d = bottom + columns.high[x];
                float fx = columns.weight[x];
                float s = lerp(lerp(share[a], share[b], fx), lerp(share[c], share[d], fx), fy);
                int p = y * w + x;
                if (1f - s < KEPT) {
                    out[p] = in[p] & 0xffffff;
                    continue;
                }
                int pixel = 0;
                for (int ch = 0; ch < 3; ch++) {
                    int o = ch * plane;
                    float r = lerp(lerp(rest[o + a], rest[o + b], fx), lerp(rest[o + c], rest[o + d], fx), fy);
                    int photoLevel = (in[p] >> (16 - 8 * ch)) & 0xff;
                    int level = Math.round(s * photoLevel + r);
                    pixel = pixel << 8 | Math.max(0, Math.min(255, level));
                }
                out[p] = pixel;
            }
        });
        return result;
    }

    private static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }

    /**
     * For each photo pixel along one axis, the two frame pixels it falls between and the weight of the second: pixel
     * centres mapped onto the photo's span of the frame ({@code offset}, {@code span} frame pixels), clamped to it so
     * that the padding around the photo never bleeds in.
     */
    private record Axis(int[] low, int[] high, float[] weight) {
        static Axis of(int photoSize, int offset, int span) {
            int[] low = new int[photoSize];
            int[] high = new int[photoSize];
            float[] weight = new float[photoSize];
            double scale = (double) span / photoSize;
            for (int i = 0; i < photoSize; i++) {
                double f = Math.max(0, Math.min(span - 1, (i + 0.5) * scale - 0.5));
                int l = (int) Math.floor(f);
                low[i] = offset + l;
                high[i] = offset + Math.min(span - 1, l + 1);
                weight[i] = (float) (f - l);
            }
            return new Axis(low, high, weight);
        }
    }
}
