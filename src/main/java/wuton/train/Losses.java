package wuton.train;

import java.util.List;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import wuton.model.PerceptualFeatures;

/**
 * The loss terms of equations 4 to 10. Every term is a mean over its elements (and the batch), so the
 * weights of {@link LossWeights} do not depend on the image size.
 */
public final class Losses {
    private Losses() {
    }

    /** Mean absolute difference; also the warp loss (equations 4, 7) on T_theta(c) and its target. */
    public static Tensor l1(Tensor output, Tensor target) {
        return torch.l1_loss(output, target);
    }

    /**
     * Equation 5: the sum over the feature maps (VGG19's relu1_1..relu5_1, or Inception-v3's four layers of
     * {@link wuton.model.InceptionFeatures}) of their mean absolute difference. Unweighted, as written in the paper
     * (CP-VTON weights the layers 1/32 ... 1): each map counts the same whatever its channels and size. The
     * target's features carry no gradient; the output's carry it back to the output, not into the frozen network.
     *
     * @param output generated images (N, 3, H, W) in [-1, 1]
     * @param target reference images (N, 3, H, W) in [-1, 1]
     */
    public static Tensor perceptual(PerceptualFeatures features, Tensor output, Tensor target) {
        List<Tensor> generated = features.forward(output);
        List<Tensor> reference = features.forward(target.detach());
        Tensor sum = null;
        for (int i = 0; i < generated.size(); i++) {
            Tensor term = torch.l1_loss(generated.get(i), reference.get(i).detach());
            sum = sum == null ? term : sum.add(term);
        }
        return sum;
    }

    /**
     * Relativistic average discriminator loss (Jolicoeur-Martineau 2019, RaSGAN):
     * E_r[-log sigmoid(D(r) - E_f D(f))] + E_f[-log(1 - sigmoid(D(f) - E_r D(r)))], written with softplus
     * (-log sigmoid(x) = softplus(-x)) for numerical stability. Patch logits count as samples.
     *
     * @param realLogits D on real images, any shape
     * @param fakeLogits D on generated images (detached from the generator by the caller)
     */
    public static Tensor relativisticDiscriminator(Tensor realLogits, Tensor fakeLogits) {
        return relativistic(realLogits, fakeLogits);
    }

    /** The generator's side: the same loss with real and fake swapped, so fakes should look more real than reals. */
    public static Tensor relativisticGenerator(Tensor realLogits, Tensor fakeLogits) {
        return relativistic(fakeLogits, realLogits);
    }

    private static Tensor relativistic(Tensor shouldBeReal, Tensor shouldBeFake) {
        Tensor realVsFake = shouldBeReal.sub(shouldBeFake.mean());
        Tensor fakeVsReal = shouldBeFake.sub(shouldBeReal.mean());
        return torch.softplus(realVsFake.neg()).mean().add(torch.softplus(fakeVsReal).mean());
    }

    /**
     * Gradient penalty on <b>real images only</b> (R1, Mescheder et al. 2018): E_x ||grad_x s(x)||^2, where
     * s(x) is the sample's realness score as the relativistic loss sees it, the mean of the critic's patch
     * logits; the squared norm is taken per sample over all of its pixels. Taking the gradient of the mean,
     * not of the sum, keeps the penalty independent of the number of patches: with the sum, a 256 x 192
     * PatchGAN (660 patches) under weight 10 was held flat and never told real from fake. Real images do not
     * depend on the generator, so the double backward stays inside the discriminator (libtorch's
     * grid_sampler has none). Multiply by the penalty weight and add to the discriminator loss;
     * {@code backward()} through it trains D.
     *
     * @param critic the discriminator's forward, e.g. {@code discriminator::forward}
     * @param real (N, C, H, W), no gradient needed
     */
    public static Tensor gradientPenalty(UnaryOperator<Tensor> critic, Tensor real) {
        Tensor x = real.detach().requires_grad_(true);
        // one score per sample (mean over patches), summed over the batch: sample n's gradient is its own
        Tensor score = critic.apply(x).flatten(1, -1).mean(new long[] {1}, false, new ScalarTypeOptional()).sum();
        TensorVector gradients = torch.grad(new TensorVector(score), new TensorVector(x),
            new TensorVector(torch.ones_like(score)), new BoolOptional(true), true, false);
        Tensor g = gradients.get(0);
        return g.pow(new Scalar(2.0)).flatten(1, -1).sum(new long[] {1}, false, new ScalarTypeOptional()).mean();
    }
}
