package wuton.train;

import wuton.common.UserError;

/**
 * The lambdas of equations 6 and 10, and the gradient-penalty weight of the discriminator. The paper gives
 * no values; the defaults are those of the side-by-side reference (bench/wuton_ref.py).
 *
 * @param reconstruction not in the paper, for a student only: the weight of the L1 distance between the
 *     student's output for (p_a, c_a), the person with the garment they already wear, and p_a itself. That pair
 *     has an exact ground truth (nothing should change), which teaches the student to keep what it sees rather
 *     than imitate what the masked teacher had to guess (hands, bags). Default 0, the paper's objective; see
 *     {@link StudentStep}
 */
public record LossWeights(double warp, double perceptual, double l1, double adversarial, double gradientPenalty,
                          double reconstruction) {
    public static final LossWeights DEFAULTS = new LossWeights(1.0, 1.0, 1.0, 0.1, 10.0, 0.0);

    public LossWeights {
        double[] all = {warp, perceptual, l1, adversarial, gradientPenalty, reconstruction};
        String[] names = {"warp", "perceptual", "l1", "adversarial", "gradientPenalty", "reconstruction"};
        for (int i = 0; i < all.length; i++) {
            if (!(all[i] >= 0) || Double.isInfinite(all[i])) {
                throw new UserError("config: weights." + names[i] + " " + all[i] + ": must be finite and at least 0");
            }
        }
    }
}
