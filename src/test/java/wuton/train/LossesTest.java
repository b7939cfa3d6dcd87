package wuton.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static wuton.testing.TensorData.floats;
import static wuton.testing.TensorData.maxAbs;
import static wuton.testing.TensorData.shape;
import static wuton.testing.TensorData.tensor;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import wuton.model.Discriminator;
import wuton.model.ModelSize;
import wuton.model.Vgg19Features;

class LossesTest {
    private static double softplus(double x) {
        return Math.log1p(Math.exp(x));
    }

    @Test
    void relativisticAverageLossesMatchHandComputedValues() {
        // real logits 1, 3 (mean 2), fake logits 0, 2 (mean 1)
        Tensor real = tensor(new float[] {1, 3}, 2);
        Tensor fake = tensor(new float[] {0, 2}, 2);
        // D: mean softplus(-(r - 1)) + mean softplus(f - 2)
        double d = (softplus(0) + softplus(-2)) / 2 + (softplus(-2) + softplus(0)) / 2;
        // G: mean softplus(-(f - 2)) + mean softplus(r - 1)
        double g = (softplus(2) + softplus(0)) / 2 + (softplus(0) + softplus(2)) / 2;
        assertThat(Losses.relativisticDiscriminator(real, fake).item_double()).isCloseTo(d, within(1e-6));
        assertThat(Losses.relativisticGenerator(real, fake).item_double()).isCloseTo(g, within(1e-6));
    }

    @Test
    void gradientPenaltyIsTheMeanSquaredInputGradientNormAndTrainsTheCritic() {
        // critic(x) = w x^2, two outputs per sample: score = mean = w (x1^2 + x2^2) / 2, grad_x = w x,
        // penalty = mean_n sum w^2 x^2, d penalty / dw = 2 w mean_n sum x^2
        Tensor w = tensor(new float[] {1.5f}, 1).set_requires_grad(true);
        Tensor x = tensor(new float[] {1, 2, 3, -1}, 2, 2);
        Tensor penalty = Losses.gradientPenalty(in -> in.pow(new Scalar(2.0)).mul(w), x);
        double sumSquares = (1 + 4 + 9 + 1) / 2.0;
        assertThat(penalty.item_double()).isCloseTo(1.5 * 1.5 * sumSquares, within(1e-5));
        penalty.backward();
        assertThat(floats(w.grad())[0]).isCloseTo((float) (2 * 1.5 * sumSquares), within(1e-4f));
    }

    @Tag("learning")
    @Test
    void withTheDefaultPenaltyTheDiscriminatorStillLearnsToTellRealFromFake() {
        torch.manual_seed(3);
        Discriminator d = new Discriminator(ModelSize.TINY, 3);
        Adam adam = Optimizers.adam(d.parameters(), AdamSettings.GAN);
        Tensor real = torch.rand(4, 3, 64, 48).mul(new Scalar(2.0)).sub(new Scalar(1.0));
        Tensor fake = torch.zeros(4, 3, 64, 48);
        Scalar weight = new Scalar(LossWeights.DEFAULTS.gradientPenalty());
        double loss = 0;
        for (int step = 0; step < 100; step++) {
            try (PointerScope scope = new PointerScope()) {
                adam.zero_grad();
                Tensor relativistic = Losses.relativisticDiscriminator(d.forward(real), d.forward(fake));
                relativistic.add(Losses.gradientPenalty(d::forward, real).mul(weight)).backward();
                adam.step();
                loss = relativistic.item_double();
            }
        }
        // 2 ln 2 = 1.386 is a critic that cannot tell them apart
        assertThat(loss).isLessThan(1.0);
    }

    @Test
    void gradientPenaltyRunsThroughThePatchDiscriminator() {
        Discriminator d = new Discriminator(ModelSize.TINY, 3);
        Tensor real = torch.rand(2, 3, 64, 48);
        assertThat(shape(d.forward(real))).containsExactly(2, 1, 6, 4);
        Tensor penalty = Losses.gradientPenalty(d::forward, real);
        penalty.backward();
        assertThat(penalty.item_double()).isGreaterThan(0.0);
        assertThat(maxAbs(d.named_parameters().get("0.conv.weight").grad())).isGreaterThan(0.0);
    }

    @Test
    void perceptualLossIsZeroForEqualImagesAndOnlyTrainsTheGenerator() {
        Vgg19Features vgg = Vgg19Features.seededRandom();
        Tensor target = torch.rand(1, 3, 32, 32);
        assertThat(Losses.perceptual(vgg, target, target).item_double()).isZero();
        Tensor output = torch.rand(1, 3, 32, 32).set_requires_grad(true);
        Tensor loss = Losses.perceptual(vgg, output, target);
        loss.backward();
        assertThat(loss.item_double()).isGreaterThan(0.0);
        assertThat(maxAbs(output.grad())).isGreaterThan(0.0);
        assertThat(vgg.named_parameters().get("features.0.weight").grad().defined()).isFalse();
    }
}
