package wuton.train;

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
        if (!(learningRate > 0) || beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1 || !(epsilon > 0)) {
            throw new IllegalArgumentException("invalid Adam settings " + this);
        }
    }
}
