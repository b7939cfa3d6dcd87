package wuton.train;

/**
 * The lambdas of equations 6 and 10, and the gradient-penalty weight of the discriminator. The paper gives
 * no values; the defaults are those of the side-by-side reference (bench/wuton_ref.py).
 */
public record LossWeights(double warp, double perceptual, double l1, double adversarial, double gradientPenalty) {
    public static final LossWeights DEFAULTS = new LossWeights(1.0, 1.0, 1.0, 0.1, 10.0);
}
