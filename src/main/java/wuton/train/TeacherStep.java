package wuton.train;

import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import wuton.model.Discriminator;
import wuton.model.Vgg19Features;
import wuton.model.Wuton;

/**
 * One step of the teacher T-WUTON (paper section 3.2, equation 6). The generator sees the agnostic person
 * with two garments: (p*_a, c_a) is paired, so its output is compared with p_a (L1, perceptual) and its warp
 * with the worn garment c_(a,p); (p*_a, c_b) has no ground truth and only meets the discriminator, which
 * compares it with real persons p_a.
 */
public final class TeacherStep extends GeneratorStep {
    private final Wuton generator;

    public TeacherStep(Wuton generator, Discriminator discriminator, Vgg19Features vgg, LossWeights weights,
                       AdamSettings settings) {
        super(generator, discriminator, vgg, weights, settings);
        this.generator = generator;
    }

    @Override
    public StepResult run(StepInputs in) {
        Wuton.Output paired = generator.forward(in.agnosticPerson(), in.cloth());
        Wuton.Output unpaired = generator.forward(in.agnosticPerson(), in.otherCloth());
        AdversarialTerm.Update d = adversarial.updateDiscriminator(in.person(), unpaired.image());
        Tensor adversarialLoss = adversarial.generatorLoss(in.person(), unpaired.image());
        Tensor warp = Losses.l1(paired.warpedCloth(), in.wornCloth());
        return objective.minimise(warp, paired.image(), in.person(), adversarialLoss, d, paired.theta(), null);
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
