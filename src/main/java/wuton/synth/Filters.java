package wuton.synth;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import wuton.image.ImageFiles;

/** The image operations of a camera, on packed 0xRRGGBB images: blur, sensor noise and JPEG. Deterministic. */
final class Filters {
    private Filters() {
    }

    /** A Gaussian blur of standard deviation {@code sigma} pixels, separable, with edges extended. */
    static int[] gaussian(int[] rgb, int width, int height, double sigma) {
        float[][] channels = split(rgb);
        for (float[] c : channels) {
            blur(c, width, height, sigma);
        }
        return join(channels);
    }

    /** Blurs one channel in place (Gaussian, separable, edges extended). */
    static void blur(float[] c, int width, int height, double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = (float) Math.exp(-k * k / (2 * sigma * sigma));
            sum += kernel[k + radius];
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= (float) sum;
        }
        float[] tmp = new float[c.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v = 0;
                for (int k = -radius; k <= radius; k++) {
                    v += kernel[k + radius] * c[y * width + Math.min(width - 1, Math.max(0, x + k))];
                }
                tmp[y * width + x] = v;
            }
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v = 0;
                for (int k = -radius; k <= radius; k++) {
                    v += kernel[k + radius] * tmp[Math.min(height - 1, Math.max(0, y + k)) * width + x];
                }
                c[y * width + x] = v;
            }
        }
    }

    /**
     * Adds Gaussian sensor noise of standard deviation {@code sigma} levels, the same in each channel's own pattern,
     * drawn from a hash of ({@code seed}, pixel, channel): the same seed gives the same noise on any image.
     */
    static int[] noise(int[] rgb, double sigma, long seed) {
        int[] out = new int[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            int c = rgb[i];
            out[i] = Colors.of(
                (int) Math.round(Colors.red(c) + sigma * gaussian(seed, 3L * i)),
                (int) Math.round(Colors.green(c) + sigma * gaussian(seed, 3L * i + 1)),
                (int) Math.round(Colors.blue(c) + sigma * gaussian(seed, 3L * i + 2)));
        }
        return out;
    }

    /** A standard normal number from two hashed uniforms (Box-Muller). */
    private static double gaussian(long seed, long n) {
        long h = Seeds.mix(seed, n);
        double u1 = ((h >>> 11) + 1.0) / (1L << 53);
        double u2 = (Seeds.mix(h, 1) >>> 11) / (double) (1L << 53);
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** The image as a JPEG of {@code quality} (1 to 100) would decode: blocks, ringing and chroma subsampling. */
    static int[] jpeg(int[] rgb, int width, int height, int quality) {
        byte[] bytes = ImageFiles.jpeg(ImageFiles.rgbImage(rgb, width, height), quality / 100f);
        try {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes));
            int[] out = decoded.getRGB(0, 0, width, height, null, 0, width);
            for (int i = 0; i < out.length; i++) {
                out[i] &= 0xFFFFFF;
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[][] split(int[] rgb) {
        float[][] c = new float[3][rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            c[0][i] = Colors.red(rgb[i]);
            c[1][i] = Colors.green(rgb[i]);
            c[2][i] = Colors.blue(rgb[i]);
        }
        return c;
    }

    private static int[] join(float[][] c) {
        int[] rgb = new int[c[0].length];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = Colors.of(Math.round(c[0][i]), Math.round(c[1][i]), Math.round(c[2][i]));
        }
        return rgb;
    }
}
