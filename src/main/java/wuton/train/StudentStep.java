package wuton.train;

import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import wuton.model.Discriminator;
import wuton.model.PerceptualFeatures;
import wuton.model.Wuton;
import wuton.modelfile.TrainedModel;

/**
 * One step of the student S-WUTON (paper section 3.3, equations 7 to 10). The frozen teacher turns
 * (p*_a, c_b) into a synthetic ground truth: its warp T_theta(c_b) and its image p~_b. The student sees the
 * unmasked person with the same garment, (p_a, c_b), and learns to give the same warp (equation 7) and image
 * (L1 and perceptual, equations 8 and 9), while its own discriminator compares its image with real persons
 * p_a. That adversarial term is what lets the student keep what the teacher never saw (hands, bags,
 * jewellery); with weight 0 it is the plain distillation of the paper's section 4.6 ablation.
 *
 * <p>Beyond the paper, with a {@link LossWeights#reconstruction} weight above 0, the student also sees the person
 * with the garment they already wear, (p_a, c_a), whose true result is p_a itself, and learns to return it
 * (an L1 loss): the one pair of the step with an exact ground truth rather than the teacher's guess.
 *
 * <p>Also beyond the paper, with {@link TrainConfig#keepArms}: the teacher never sees the arms (its agnostic
 * person hides them), so it draws arms of its own, often in the garment's colours. The student's image target
 * then takes p_a's own pixels on its arm and hand labels wherever the new garment would not hide them: the
 * parser of the training data, which the student never needs at inference, tells it what to keep. An arm is
 * hidden where the teacher's warp of c_b's mask covers it, unless it lies across the torso (see
 * {@link #armsAcrossTorso}): a forearm held in front of the body stays in front of any garment, while the warp,
 * which knows nothing of depth, lays the new garment's body panel under it.
 */
public final class StudentStep extends GeneratorStep {
    private final Wuton student;
    private final TrainedModel teacher;
    private final boolean reconstructs;
    /** Per step object, built outside any step's scope: a scope would free a static one with its first step. */
    private final Scalar one = new Scalar(1.0);

    /** @param teacher frozen, in eval mode, on the student's device and at its image size */
    public StudentStep(Wuton student, TrainedModel teacher, Discriminator discriminator, PerceptualFeatures features,
                       LossWeights weights, AdamSettings settings) {
        super(student, discriminator, features, weights, settings);
        this.student = student;
        this.teacher = teacher;
        this.reconstructs = weights.reconstruction() != 0;
    }

    @Override
    public StepResult run(StepInputs in) {
        Wuton.Output target = in.teacherOutput() != null ? in.teacherOutput()
            : teacher.forward(in.agnosticPerson(), in.otherCloth());
        Wuton.Output output = student.forward(in.person(), in.otherCloth());
        AdversarialTerm.Update d = adversarial.updateDiscriminator(in.person(), output.image());
        Tensor adversarialLoss = adversarial.generatorLoss(in.person(), output.image());
        Tensor warp = Losses.l1(output.warpedCloth(), target.warpedCloth());
        Tensor image = in.personArms() == null ? target.image() : keepArms(in, target);
        Tensor reconstruction = reconstructs ? Losses.l1(student.image(in.person(), in.cloth()), in.person()) : null;
        return objective.minimise(warp, output.image(), image, adversarialLoss, d, output.theta(),
            reconstruction);
    }

    /**
     * The teacher's image with p_a's arms and hands where c_b, warped by the teacher, does not hide them.
     *
     * @return (N, 3, H, W)
     */
    private Tensor keepArms(StepInputs in, Wuton.Output target) {
        Tensor covered = teacher.generator().warp(in.otherClothMask(), target.theta());
        Tensor behind = in.personArms().sub(armsAcrossTorso(in.personArms(), in.personGarment()));
        // keep = arms - behind * covered: soft, as the warped mask is bilinear at the garment's edge
        Tensor keep = in.personArms().sub(behind.mul(covered));
        return target.image().add(in.person().sub(target.image()).mul(keep));
    }

    /**
     * The arm pixels that lie across the torso: those with the person's own garment somewhere to their left and
     * somewhere to their right on the same image row. An arm hanging beside the body has garment on one side
     * only, so a new garment's sleeve may still cover it.
     *
     * @param arms (N, 1, H, W), 1 on arm and hand labels
     * @param garment (N, 1, H, W), 1 on upper-body clothing labels
     * @return (N, 1, H, W), 0 or 1
     */
    static Tensor armsAcrossTorso(Tensor arms, Tensor garment) {
        Tensor upToHere = garment.cumsum(3);
        Tensor onRow = garment.sum(new long[] {3}, true, new ScalarTypeOptional());
        Tensor left = upToHere.sub(garment).gt(new Scalar(0.0));
        Tensor right = onRow.sub(upToHere).gt(new Scalar(0.0));
        return arms.mul(left.logical_and(right).to(ScalarType.Float));
    }

    @Override
    public List<Tensor> sampleColumns(StepInputs in) {
        Wuton.Output target = teacher.forward(in.agnosticPerson(), in.otherCloth());
        Wuton.Output output = student.forward(in.person(), in.otherCloth());
        return List.of(in.person(), in.otherCloth(), target.warpedCloth(), output.warpedCloth(), target.image(),
            output.image());
    }

    @Override
    public List<String> sampleColumnNames() {
        return List.of("p_a", "c_b", "teacher warp of c_b", "student warp of c_b", "teacher (p*_a, c_b)",
            "student (p_a, c_b)");
    }
}
