package wuton.train;

import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import wuton.model.Discriminator;
import wuton.train.distributed.RankAverage;

/**
 * The adversarial part of a step, the same for teacher and student: a relativistic average discriminator
 * with an R1 gradient penalty on real persons (see {@link Losses}). With an adversarial weight of 0 it is
 * off: the discriminator is neither run nor updated (it is still saved, so that checkpoints keep one layout).
 */
final class AdversarialTerm {
    private final Discriminator discriminator;
    private final Adam optimizer;
    private final Scalar penaltyWeight;
    private final boolean on;
    /** Averages the gradients over the ranks of a data-parallel run before each step; nothing on one process. */
    private RankAverage gradients = RankAverage.NONE;

    /**
     * The discriminator's side of a step, detached.
     *
     * @param loss the relativistic loss plus the weighted penalty
     * @param penalty the unweighted R1 penalty
     */
    record Update(Tensor loss, Tensor penalty) {
    }

    AdversarialTerm(Discriminator discriminator, LossWeights weights, AdamSettings settings) {
        this.discriminator = discriminator;
        this.optimizer = Optimizers.adam(discriminator.parameters(), settings);
        this.penaltyWeight = new Scalar(weights.gradientPenalty());
        this.on = weights.adversarial() != 0;
    }

    /**
     * One discriminator step: real persons against the generator's (detached) output.
     *
     * @param real (N, 3, H, W)
     * @param fake (N, 3, H, W), detached here
     */
    Update updateDiscriminator(Tensor real, Tensor fake) {
        if (!on) {
            Tensor zero = zeroOn(real);
            return new Update(zero, zero);
        }
        optimizer.zero_grad();
        Tensor penalty = Losses.gradientPenalty(discriminator::forward, real);
        Tensor loss = Losses.relativisticDiscriminator(discriminator.forward(real), discriminator.forward(fake.detach()))
            .add(penalty.mul(penaltyWeight));
        loss.backward();
        gradients.average();
        optimizer.step();
        return new Update(loss.detach(), penalty.detach());
    }

    /** The generator's relativistic loss on {@code fake} (gradients flow into the generator); 0 when off. */
    Tensor generatorLoss(Tensor real, Tensor fake) {
        if (!on) {
            return zeroOn(real);
        }
        return Losses.relativisticGenerator(discriminator.forward(real), discriminator.forward(fake));
    }

    /** A 0-dim zero on the device of {@code t}. */
    private static Tensor zeroOn(Tensor t) {
        return torch.zeros_like(t.mean());
    }

    void averageGradientsWith(RankAverage average) {
        this.gradients = average;
    }

    Adam optimizer() {
        return optimizer;
    }
}
