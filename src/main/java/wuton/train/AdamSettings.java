package wuton.train;

import wuton.common.UserError;

/**
 * Adam hyper-parameters, in the usual (beta1, beta2) order.
 *
 * @param learningRate step size
 * @param beta1 decay of the first-moment (mean) estimate
 * @param beta2 decay of the second-moment estimate
 * @param epsilon added to the denominator
 */
public record AdamSettings(double learningRate, double beta1, double beta2, double epsilon) {
    /** GAN practice (pix2pix, CP-VTON): lr 1e-4, betas (0.5, 0.999). */
    public static final AdamSettings GAN = new AdamSettings(1e-4, 0.5, 0.999, 1e-8);

    public AdamSettings {
        // a compact constructor's fields are not set yet, so the message names the parameters themselves
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new UserError("config: adam.learningRate " + learningRate + ": must be finite and above 0");
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new UserError("config: adam.beta1 " + beta1 + ": must be at least 0 and below 1");
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new UserError("config: adam.beta2 " + beta2 + ": must be at least 0 and below 1");
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new UserError("config: adam.epsilon " + epsilon + ": must be finite and above 0");
        }
    }
}
