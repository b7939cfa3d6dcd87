package wuton.train;

import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import wuton.model.Discriminator;
import wuton.model.PerceptualFeatures;
import wuton.model.Wuton;

/**
 * One step of the teacher T-WUTON (paper section 3.2, equation 6). The generator sees the agnostic person
 * with two garments: (p*_a, c_a) is paired, so its output is compared with p_a (L1, perceptual) and its warp
 * with the worn garment c_(a,p); (p*_a, c_b) has no ground truth and only meets the discriminator, which
 * compares it with real persons p_a.
 *
 * <p>Beyond the paper, with {@link TrainConfig#borrowedMask}: the paired input also hides the region that the
 * batch's next person's p* hides (their garment, arms and neck box, where they stand in their own photo), on
 * top of p_a's own. At test time p*_a hides p_a's old garment, and wherever the new garment is smaller the
 * teacher must paint what lies under the old one (arms, background, trousers); paired training alone never asks
 * that of it, since there the garment to draw fills exactly what is hidden. With a borrowed mask the paired
 * target shows what the extra hidden pixels hold, so the teacher learns to fill them in from the context.
 */
public final class TeacherStep extends GeneratorStep {
    private final Wuton generator;
    private final boolean borrowsMask;

    /** A teacher step with the paper's paired input, p*_a as it is. */
    public TeacherStep(Wuton generator, Discriminator discriminator, PerceptualFeatures features, LossWeights weights,
                       AdamSettings settings) {
        this(generator, discriminator, features, weights, settings, false);
    }

    /** @param borrowsMask whether the paired input also hides what the next person's p* hides */
    public TeacherStep(Wuton generator, Discriminator discriminator, PerceptualFeatures features, LossWeights weights,
                       AdamSettings settings, boolean borrowsMask) {
        super(generator, discriminator, features, weights, settings);
        this.generator = generator;
        this.borrowsMask = borrowsMask;
    }

    @Override
    public StepResult run(StepInputs in) {
        Tensor pairedInput = borrowsMask ? withBorrowedMask(in.agnosticPerson()) : in.agnosticPerson();
        Wuton.Output paired = generator.forward(pairedInput, in.cloth());
        Wuton.Output unpaired = generator.forward(in.agnosticPerson(), in.otherCloth());
        AdversarialTerm.Update d = adversarial.updateDiscriminator(in.person(), unpaired.image());
        Tensor adversarialLoss = adversarial.generatorLoss(in.person(), unpaired.image());
        Tensor warp = Losses.l1(paired.warpedCloth(), in.wornCloth());
        return objective.minimise(warp, paired.image(), in.person(), adversarialLoss, d, paired.theta(), null);
    }

    /**
     * p*_a, also gray where the batch's next person's p* is: the union of the two hidden regions. A hidden pixel
     * is exactly 0 in all three channels, which no photo pixel is (x / 127.5 - 1 is never 0 for an integer x).
     *
     * @param agnostic (N, 3, H, W); with N = 1 the next person is the same one and nothing changes
     * @return (N, 3, H, W)
     */
    static Tensor withBorrowedMask(Tensor agnostic) {
        Tensor visible = agnostic.ne(new Scalar(0.0)).any(1, true);
        Tensor stillVisible = visible.logical_and(torch.roll(visible, new long[] {1}, 0));
        return agnostic.mul(stillVisible.to(ScalarType.Float));
    }

    @Override
    public List<Tensor> sampleColumns(StepInputs in) {
        Wuton.Output paired = generator.forward(in.agnosticPerson(), in.cloth());
        Wuton.Output unpaired = generator.forward(in.agnosticPerson(), in.otherCloth());
        return List.of(in.agnosticPerson(), in.cloth(), paired.warpedCloth(), paired.image(), in.person(),
            in.otherCloth(), unpaired.image());
    }

    @Override
    public List<String> sampleColumnNames() {
        return List.of("p*_a", "c_a", "warped c_a", "output (p*_a, c_a)", "p_a", "c_b", "output (p*_a, c_b)");
    }
}
