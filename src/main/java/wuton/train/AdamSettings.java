package wuton.train;

import java.util.List;
import wuton.common.DeclaredSetting;
import wuton.common.Setting;
import wuton.common.UserError;

/**
 * Adam hyper-parameters, in the usual (beta1, beta2) order; a config's {@code adam}. Each field is declared once,
 * with its default and description, in {@link Builder}.
 */
public record AdamSettings(double learningRate, double beta1, double beta2, double epsilon) {
    /** GAN practice (pix2pix, CP-VTON): the defaults of {@link Builder}. */
    public static final AdamSettings GAN = builder().build();

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

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        return builder().learningRate(learningRate).beta1(beta1).beta2(beta2).epsilon(epsilon);
    }

    /** The declared settings, named as in a config ({@code adam.beta1}). */
    static List<DeclaredSetting> declared(String prefix) {
        return DeclaredSetting.in(prefix, AdamSettings.class, builder());
    }

    /** Every setting with its default and description; all optional. */
    public static final class Builder {
        @Setting("Step size of both optimizers (the first step's, under a schedule)")
        private double learningRate = 1e-4;
        @Setting("Decay of the first-moment (mean) estimate")
        private double beta1 = 0.5;
        @Setting("Decay of the second-moment estimate")
        private double beta2 = 0.999;
        @Setting("Added to the denominator")
        private double epsilon = 1e-8;

        private Builder() {
        }

        public Builder learningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder beta1(double beta1) {
            this.beta1 = beta1;
            return this;
        }

        public Builder beta2(double beta2) {
            this.beta2 = beta2;
            return this;
        }

        public Builder epsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** @throws UserError naming the first setting out of range */
        public AdamSettings build() {
            return new AdamSettings(learningRate, beta1, beta2, epsilon);
        }
    }
}
