package wuton.eval;

/**
 * Peak signal-to-noise ratio, in decibels, for images on [0, 1] (peak 1): {@code PSNR = 10 log10(1 / MSE)}, with
 * MSE the mean squared error over the pixels and channels compared. Identical images have an infinite PSNR;
 * it is capped at {@link #MAX_DB} so that means and JSON stay finite (8-bit images that differ in one value
 * of one pixel stay well below it).
 */
public final class Psnr {
    /** The value reported for identical images. */
    public static final double MAX_DB = 100;
    private static final double MIN_MSE = Math.pow(10, -MAX_DB / 10);

    private Psnr() {
    }

    /** PSNR from a mean squared error on the [0, 1] scale. */
    public static double of(double meanSquaredError) {
        return meanSquaredError <= MIN_MSE ? MAX_DB : 10 * Math.log10(1 / meanSquaredError);
    }
}
