package wuton.eval;

import java.awt.image.BufferedImage;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import wuton.data.GarmentMask;
import wuton.data.ImageTensors;
import wuton.image.Plane;
import wuton.image.Rgb;
import wuton.labels.LipLabel;

/**
 * How a try-on treated a real photo, which has no ground truth: three scores from the photo, the result and the
 * person's regions that h(p) found (the shipped pose and person-mask models' guessed parsing map).
 *
 * <ul>
 *   <li><b>keep</b>: SSIM between result and photo where nothing should change, everything but the upper body
 *   (upper garment and arms): face, hair, background, legs. 1 when all of it is the photo's own.</li>
 *   <li><b>placed</b>: the share of the change (squared differences, all pixels) that lies in the upper body; none
 *   when nothing changed or there is no upper body.</li>
 *   <li><b>colour</b>: how far the torso's mean colour moved toward the garment's mean colour, 1 all the way, 0 not
 *   at all, negative away: {@code (after - before) . (garment - before) / |garment - before|^2}; none when the
 *   torso already has the garment's colour or no torso was found.</li>
 * </ul>
 *
 * With no person found, the keep region is the whole photo, and placed and colour are none.
 *
 * @param keep SSIM in the keep region, NaN for a photo under 11 pixels on a side
 * @param placed null when nothing changed or no person was found
 * @param colour null when it cannot be measured
 */
public record PhotoScores(double keep, Double placed, Double colour) {
    /** Where a try-on may change a photo: the upper body (upper garment and arms) and within it the torso. */
    public record Regions(boolean[] upperBody, boolean[] torso) {
        /** From a parsing map of the photo's size (h(p)'s guessed labels); null for a photo without a person. */
        public static Regions of(Plane parse) {
            byte[] labels = parse.values();
            boolean[] upper = new boolean[labels.length];
            boolean[] torso = new boolean[labels.length];
            for (int i = 0; i < labels.length; i++) {
                LipLabel label = LipLabel.of(labels[i] & 0xff);
                torso[i] = LipLabel.UPPER_CLOTH.contains(label);
                upper[i] = torso[i] || LipLabel.ARMS.contains(label);
            }
            return new Regions(upper, torso);
        }

        /** A photo with no person: nothing may change. */
        public static Regions none(int pixels) {
            return new Regions(new boolean[pixels], new boolean[pixels]);
        }
    }

    /**
     * @param photo the person photo
     * @param result the try-on, of the photo's size
     * @param regions of the photo's size
     * @param garment the garment photo (its light background is left out of its colour)
     */
    public static PhotoScores of(BufferedImage photo, BufferedImage result, Regions regions, BufferedImage garment) {
        int w = photo.getWidth();
        int h = photo.getHeight();
        if (result.getWidth() != w || result.getHeight() != h || regions.upperBody().length != w * h) {
            throw new IllegalArgumentException("photo " + w + "x" + h + ", result " + result.getWidth() + "x"
                + result.getHeight() + " and regions of " + regions.upperBody().length + " pixels differ");
        }
        int[] before = Rgb.pixels(Rgb.of(photo));
        int[] after = Rgb.pixels(Rgb.of(result));
        return new PhotoScores(keep(photo, result, regions.upperBody()), placed(before, after, regions.upperBody()),
            colour(before, after, regions.torso(), meanColour(garment)));
    }

    /** SSIM's map, averaged where the window's centre lies outside the upper body. */
    static double keep(BufferedImage photo, BufferedImage result, boolean[] upperBody) {
        int w = photo.getWidth();
        int h = photo.getHeight();
        if (w < Ssim.WINDOW || h < Ssim.WINDOW) {
            return Double.NaN;
        }
        double[] map;
        try (PointerScope scope = new PointerScope()) {
            Tensor a = ImageTensors.of(List.of(Rgb.of(photo)));
            Tensor b = ImageTensors.of(List.of(Rgb.of(result)));
            map = DoubleTensors.values(Ssim.map(a, b).reshape(-1));
        }
        int mapW = w - 2 * Ssim.BORDER;
        double sum = 0;
        long count = 0;
        for (int i = 0; i < map.length; i++) {
            int x = i % mapW + Ssim.BORDER;
            int y = i / mapW + Ssim.BORDER;
            if (!upperBody[y * w + x]) {
                sum += map[i];
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    static Double placed(int[] before, int[] after, boolean[] upperBody) {
        double inside = 0;
        double all = 0;
        boolean anyUpperBody = false;
        for (int p = 0; p < before.length; p++) {
            double d = squaredDifference(before[p], after[p]);
            all += d;
            inside += upperBody[p] ? d : 0;
            anyUpperBody |= upperBody[p];
        }
        return all == 0 || !anyUpperBody ? null : inside / all;
    }

    static Double colour(int[] before, int[] after, boolean[] torso, double[] garment) {
        double[] b = meanColour(before, torso);
        double[] a = meanColour(after, torso);
        if (b == null || garment == null) {
            return null;
        }
        double along = 0;
        double length = 0;
        for (int ch = 0; ch < 3; ch++) {
            along += (a[ch] - b[ch]) * (garment[ch] - b[ch]);
            length += (garment[ch] - b[ch]) * (garment[ch] - b[ch]);
        }
        // under one level of the garment already: how far it moved cannot be told apart from rounding
        return length < 1 ? null : along / length;
    }

    /** The garment's mean colour (0 to 255 per channel) without its light background; null if nothing is left. */
    static double[] meanColour(BufferedImage garment) {
        Plane mask = GarmentMask.of(garment);
        boolean[] on = new boolean[mask.values().length];
        for (int i = 0; i < on.length; i++) {
            on[i] = mask.values()[i] != 0;
        }
        return meanColour(Rgb.pixels(Rgb.of(garment)), on);
    }

    private static double[] meanColour(int[] pixels, boolean[] where) {
        double[] sum = new double[3];
        long n = 0;
        for (int p = 0; p < pixels.length; p++) {
            if (where[p]) {
                sum[0] += pixels[p] >> 16 & 0xff;
                sum[1] += pixels[p] >> 8 & 0xff;
                sum[2] += pixels[p] & 0xff;
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
    }

    private static double squaredDifference(int a, int b) {
        double sum = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            double d = (a >> shift & 0xff) - (b >> shift & 0xff);
            sum += d * d;
        }
        return sum;
    }
}
