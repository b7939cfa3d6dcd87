package wuton.train;

import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
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

    /** Scalar losses of the step (0-dim tensors, read them with {@code item_double()}). */
    public record Result(Tensor generatorLoss, Tensor discriminatorLoss) {
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
    }

    public Result run(Batch b) {
        Wuton.Output paired = generator.forward(b.agnosticPerson(), b.cloth());
        Wuton.Output unpaired = generator.forward(b.agnosticPerson(), b.otherCloth());

        discriminatorOptimizer.zero_grad();
        Tensor discriminatorLoss = Losses.relativisticDiscriminator(discriminator.forward(b.realPerson()),
                discriminator.forward(unpaired.image().detach()))
            .add(Losses.gradientPenalty(discriminator::forward, b.realPerson()).mul(penaltyWeight));
        discriminatorLoss.backward();
        discriminatorOptimizer.step();

        generatorOptimizer.zero_grad();
        Tensor adversarial = Losses.relativisticGenerator(discriminator.forward(b.realPerson()),
            discriminator.forward(unpaired.image()));
        Tensor generatorLoss = Losses.l1(paired.warpedCloth(), b.wornCloth()).mul(warpWeight)
            .add(Losses.perceptual(vgg, paired.image(), b.person()).mul(perceptualWeight))
            .add(Losses.l1(paired.image(), b.person()).mul(l1Weight))
            .add(adversarial.mul(adversarialWeight));
        generatorLoss.backward();
        generatorOptimizer.step();
        return new Result(generatorLoss.detach(), discriminatorLoss.detach());
    }
}
