package wuton.train;

import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import wuton.model.PerceptualFeatures;
import wuton.train.distributed.RankAverage;

/**
 * The generator's side of a step, the same weighted sum for teacher (equation 6) and student (equation 10):
 * lambda_w L_warp + lambda_p L_perceptual + lambda_L1 L_1 + lambda_adv L_adv (+ lambda_rec L_rec for a student,
 * see {@link LossWeights#reconstruction}), then one Adam step.
 */
final class GeneratorObjective {
    private final PerceptualFeatures features;
    private final Adam optimizer;
    private final Scalar warpWeight;
    private final Scalar perceptualWeight;
    private final Scalar l1Weight;
    private final Scalar adversarialWeight;
    private final Scalar reconstructionWeight;
    /** A zero perceptual weight skips the feature network's passes, the dearest part of a step at small model sizes. */
    private final boolean perceptualOn;
    /** Averages the gradients over the ranks of a data-parallel run before each step; nothing on one process. */
    private RankAverage gradients = RankAverage.NONE;

    GeneratorObjective(PerceptualFeatures features, Adam optimizer, LossWeights weights) {
        this.features = features;
        this.optimizer = optimizer;
        this.warpWeight = new Scalar(weights.warp());
        this.perceptualWeight = new Scalar(weights.perceptual());
        this.l1Weight = new Scalar(weights.l1());
        this.adversarialWeight = new Scalar(weights.adversarial());
        this.reconstructionWeight = new Scalar(weights.reconstruction());
        this.perceptualOn = weights.perceptual() != 0;
    }

    /**
     * Minimises the weighted sum by one step of the generator's optimiser.
     *
     * @param warp the warp loss, with its graph
     * @param image the generator's output (N, 3, H, W) that is compared with {@code target}
     * @param target what {@code image} should be (a real person for the teacher, the teacher's output for the student)
     * @param adversarial the generator's adversarial loss, with its graph
     * @param discriminator the discriminator's side of the same step, for the result
     * @param theta the warp parameters of the step, for the result
     * @param reconstruction the student's reconstruction loss with its graph, or null for none
     */
    StepResult minimise(Tensor warp, Tensor image, Tensor target, Tensor adversarial, AdversarialTerm.Update discriminator,
                        Tensor theta, Tensor reconstruction) {
        optimizer.zero_grad();
        Tensor perceptual = perceptualOn ? Losses.perceptual(features, image, target) : torch.zeros_like(warp);
        Tensor l1 = Losses.l1(image, target);
        Tensor total = warp.mul(warpWeight)
            .add(perceptual.mul(perceptualWeight))
            .add(l1.mul(l1Weight))
            .add(adversarial.mul(adversarialWeight));
        Tensor rec = reconstruction == null ? torch.zeros_like(warp) : reconstruction;
        if (reconstruction != null) {
            total = total.add(reconstruction.mul(reconstructionWeight));
        }
        total.backward();
        gradients.average();
        optimizer.step();
        return new StepResult(warp.detach(), l1.detach(), perceptual.detach(), adversarial.detach(), total.detach(),
            discriminator.loss(), discriminator.penalty(), theta.detach().abs().mean(), rec.detach());
    }

    void averageGradientsWith(RankAverage average) {
        this.gradients = average;
    }

    Adam optimizer() {
        return optimizer;
    }
}
