package wuton.eval;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * One result compared with its ground truth pixel by pixel, on the [0, 1] scale, kept as Java arrays so that any
 * set of pixels (the whole image, a {@link Region}) can be scored without going back to the tensors.
 *
 * @param height   H
 * @param width    W
 * @param ssim     the SSIM map, (H - 10, W - 10) row-major: pixel (x, y) of the image is entry
 *                 (y - 5, x - 5) when it lies inside the border
 * @param squared  the squared error averaged over the channels, (H, W)
 * @param absolute the absolute error averaged over the channels, (H, W)
 */
public record PixelErrors(int height, int width, double[] ssim, double[] squared, double[] absolute) {
    /** SSIM, PSNR (dB) and L1 (mean absolute error on [0, 1]) over a set of pixels. */
    public record Scores(double ssim, double psnr, double l1) {
    }

    /**
     * The errors of each image of a batch.
     *
     * @param result (N, 3, H, W) in [-1, 1]
     * @param truth  (N, 3, H, W) in [-1, 1]
     */
    public static List<PixelErrors> of(Tensor result, Tensor truth) {
        int n = Math.toIntExact(result.size(0));
        int h = Math.toIntExact(result.size(2));
        int w = Math.toIntExact(result.size(3));
        Tensor difference = DoubleTensors.unitRange(result).sub(DoubleTensors.unitRange(truth));
        double[] ssim = DoubleTensors.values(Ssim.map(result, truth));
        double[] squared = DoubleTensors.values(difference.mul(difference).mean(1));
        double[] absolute = DoubleTensors.values(difference.abs().mean(1));
        int plane = h * w;
        int ssimPlane = (h - 2 * Ssim.BORDER) * (w - 2 * Ssim.BORDER);
        List<PixelErrors> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new PixelErrors(h, w, slice(ssim, i, ssimPlane), slice(squared, i, plane), slice(absolute, i, plane)));
        }
        return out;
    }

    /** The scores over the whole image. */
    public Scores scores() {
        return scores(null, 0);
    }

    /**
     * The scores over the pixels whose label is {@code label}; null when none of them lies inside the SSIM
     * border (the image then has nothing to say about that region).
     *
     * @param labels (H, W) row-major, or null for every pixel
     */
    public Scores scores(byte[] labels, int label) {
        double ssimSum = 0;
        int ssimCount = 0;
        double squaredSum = 0;
        double absoluteSum = 0;
        int count = 0;
        int ssimWidth = width - 2 * Ssim.BORDER;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                if (labels != null && labels[p] != label) {
                    continue;
                }
                squaredSum += squared[p];
                absoluteSum += absolute[p];
                count++;
                if (insideBorder(x, y)) {
                    ssimSum += ssim[(y - Ssim.BORDER) * ssimWidth + x - Ssim.BORDER];
                    ssimCount++;
                }
            }
        }
        if (ssimCount == 0) {
            return null;
        }
        return new Scores(ssimSum / ssimCount, Psnr.of(squaredSum / count), absoluteSum / count);
    }

    private boolean insideBorder(int x, int y) {
        return x >= Ssim.BORDER && y >= Ssim.BORDER && x < width - Ssim.BORDER && y < height - Ssim.BORDER;
    }

    private static double[] slice(double[] values, int index, int length) {
        double[] out = new double[length];
        System.arraycopy(values, index * length, out, 0, length);
        return out;
    }
}
