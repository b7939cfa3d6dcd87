package wuton.train;

import java.lang.reflect.RecordComponent;
import java.util.List;
import wuton.common.DeclaredSetting;
import wuton.common.Setting;
import wuton.common.UserError;

/**
 * The lambdas of equations 6 and 10, and the gradient-penalty weight of the discriminator; a config's
 * {@code weights}. The paper gives no values; the defaults weigh the paired terms equally and the adversarial term
 * at a tenth of them, the usual balance of GAN image translation (pix2pix, CP-VTON), with the gradient penalty of
 * WGAN-GP. Each weight is declared once, with its default and description, in {@link Builder}.
 */
public record LossWeights(double warp, double perceptual, double l1, double adversarial, double gradientPenalty,
                          double reconstruction) {
    /** The defaults of {@link Builder}. */
    public static final LossWeights DEFAULTS = builder().build();

    public LossWeights {
        // in the order of the components: their names are read from the record itself
        double[] all = {warp, perceptual, l1, adversarial, gradientPenalty, reconstruction};
        RecordComponent[] components = LossWeights.class.getRecordComponents();
        for (int i = 0; i < all.length; i++) {
            if (!(all[i] >= 0) || Double.isInfinite(all[i])) {
                throw new UserError("config: weights." + components[i].getName() + " " + all[i]
                    + ": must be finite and at least 0");
            }
        }
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these weights. */
    public Builder toBuilder() {
        return builder().warp(warp).perceptual(perceptual).l1(l1).adversarial(adversarial)
            .gradientPenalty(gradientPenalty).reconstruction(reconstruction);
    }

    /** The declared weights, named as in a config ({@code weights.l1}). */
    static List<DeclaredSetting> declared(String prefix) {
        return DeclaredSetting.in(prefix, LossWeights.class, builder());
    }

    /** Every weight with its default and description; all optional. */
    public static final class Builder {
        @Setting("Weight of the L1 distance of the warped garment to its target: the garment as worn (eq. 6), or the"
            + " teacher's warp for a student (eq. 7)")
        private double warp = 1.0;
        @Setting("Weight of the VGG19 perceptual loss (0 skips the VGG19 passes)")
        private double perceptual = 1.0;
        @Setting("Weight of the L1 distance of the generated image to its target: the person, or the teacher's image"
            + " for a student")
        private double l1 = 1.0;
        @Setting("Weight of the relativistic adversarial loss (0: no discriminator step)")
        private double adversarial = 0.1;
        @Setting("Weight of the discriminator's R1 gradient penalty")
        private double gradientPenalty = 10.0;
        @Setting("For a student: weight of the loss that asks it to return the person unchanged when given the"
            + " garment they already wear (an exact ground truth; not in the paper)")
        private double reconstruction = 0.0;

        private Builder() {
        }

        public Builder warp(double warp) {
            this.warp = warp;
            return this;
        }

        public Builder perceptual(double perceptual) {
            this.perceptual = perceptual;
            return this;
        }

        public Builder l1(double l1) {
            this.l1 = l1;
            return this;
        }

        public Builder adversarial(double adversarial) {
            this.adversarial = adversarial;
            return this;
        }

        public Builder gradientPenalty(double gradientPenalty) {
            this.gradientPenalty = gradientPenalty;
            return this;
        }

        public Builder reconstruction(double reconstruction) {
            this.reconstruction = reconstruction;
            return this;
        }

        /** @throws UserError naming the first weight below 0 or not finite */
        public LossWeights build() {
            return new LossWeights(warp, perceptual, l1, adversarial, gradientPenalty, reconstruction);
        }
    }
}
