package wuton.train;

import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import wuton.model.Discriminator;
import wuton.model.Vgg19Features;
import wuton.model.Wuton;

/**
 * One optimisation step of the teacher T-WUTON (paper section 3.2): a discriminator update, then a
 * generator update with equation 6. Models and optimizers are built once by the caller; run each step
 * inside its own {@code PointerScope}.
 */
public final class TeacherStep {
    private final Wuton generator;
    private final Discriminator discriminator;
    private final Vgg19Features vgg;
    private final Adam generatorOptimizer;
    private final Adam discriminatorOptimizer;
    private final Scalar warpWeight;
    private final Scalar perceptualWeight;
    private final Scalar l1Weight;
    private final Scalar adversarialWeight;
    private final Scalar penaltyWeight;
    /** A zero perceptual weight skips the VGG19 passes, by far the dearest part of a step at small model sizes. */
    private final boolean perceptualOn;

    /**
     * The images of one step, all (N, 3, H, W) in [-1, 1].
     *
     * @param agnosticPerson p*_a, the person with the upper body masked
     * @param cloth c_a, the garment the person wears
     * @param otherCloth c_b, another garment (unpaired: only the adversarial loss sees the result)
     * @param person p_a, the reconstruction target
     * @param wornCloth c_(a,p), the garment cut out of p_a, the warp target
     * @param realPerson real person images for the discriminator
     */
    public record Batch(Tensor agnosticPerson, Tensor cloth, Tensor otherCloth, Tensor person, Tensor wornCloth,
                        Tensor realPerson) {
    }

    /**
     * Losses of the step, 0-dim tensors detached from the graph (read them with {@code item_double()}).
     * The terms are unweighted; the two totals are weighted as optimised.
     *
     * @param warp equation 4, ||T_theta_a(c_a) - c_(a,p)||_1
     * @param l1 ||p~_a - p_a||_1
     * @param perceptual equation 5 on (p~_a, p_a); 0 when its weight is 0 (then it is not computed)
     * @param adversarial the generator's relativistic loss on p~_b
     * @param generatorLoss equation 6, the weighted sum of the four terms above
     * @param discriminatorLoss the relativistic discriminator loss plus the weighted gradient penalty
     * @param gradientPenalty R1 on the real persons, unweighted
     * @param thetaMagnitude mean |theta_a|, how far the paired warp is from the identity
     */
    public record Result(Tensor warp, Tensor l1, Tensor perceptual, Tensor adversarial, Tensor generatorLoss,
                         Tensor discriminatorLoss, Tensor gradientPenalty, Tensor thetaMagnitude) {
    }

    public TeacherStep(Wuton generator, Discriminator discriminator, Vgg19Features vgg, LossWeights weights,
                       AdamSettings settings) {
        this.generator = generator;
        this.discriminator = discriminator;
        this.vgg = vgg;
        this.generatorOptimizer = Optimizers.adam(generator.parameters(), settings);
        this.discriminatorOptimizer = Optimizers.adam(discriminator.parameters(), settings);
        this.warpWeight = new Scalar(weights.warp());
        this.perceptualWeight = new Scalar(weights.perceptual());
        this.l1Weight = new Scalar(weights.l1());
        this.adversarialWeight = new Scalar(weights.adversarial());
        this.penaltyWeight = new Scalar(weights.gradientPenalty());
        this.perceptualOn = weights.perceptual() != 0;
    }

    public Result run(Batch b) {
        Wuton.Output paired = generator.forward(b.agnosticPerson(), b.cloth());
        Wuton.Output unpaired = generator.forward(b.agnosticPerson(), b.otherCloth());

        discriminatorOptimizer.zero_grad();
        Tensor penalty = Losses.gradientPenalty(discriminator::forward, b.realPerson());
        Tensor discriminatorLoss = Losses.relativisticDiscriminator(discriminator.forward(b.realPerson()),
                discriminator.forward(unpaired.image().detach()))
            .add(penalty.mul(penaltyWeight));
        discriminatorLoss.backward();
        discriminatorOptimizer.step();

        generatorOptimizer.zero_grad();
        Tensor adversarial = Losses.relativisticGenerator(discriminator.forward(b.realPerson()),
            discriminator.forward(unpaired.image()));
        Tensor warp = Losses.l1(paired.warpedCloth(), b.wornCloth());
        Tensor perceptual = perceptualOn ? Losses.perceptual(vgg, paired.image(), b.person()) : torch.zeros_like(warp);
        Tensor l1 = Losses.l1(paired.image(), b.person());
        Tensor generatorLoss = warp.mul(warpWeight)
            .add(perceptual.mul(perceptualWeight))
            .add(l1.mul(l1Weight))
            .add(adversarial.mul(adversarialWeight));
        generatorLoss.backward();
        generatorOptimizer.step();
        return new Result(warp.detach(), l1.detach(), perceptual.detach(), adversarial.detach(), generatorLoss.detach(),
            discriminatorLoss.detach(), penalty.detach(), paired.theta().detach().abs().mean());
    }

    public Adam generatorOptimizer() {
        return generatorOptimizer;
    }

    public Adam discriminatorOptimizer() {
        return discriminatorOptimizer;
    }
}
