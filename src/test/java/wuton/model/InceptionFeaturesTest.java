package wuton.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static wuton.testing.TensorData.maxAbs;
import static wuton.testing.TensorData.shape;

import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import wuton.train.Losses;
import wuton.vision.InceptionV3;

/** The perceptual features of the shipped ImageNet Inception-v3 layers. */
class InceptionFeaturesTest {
    private static InceptionFeatures inception;

    @BeforeAll
    static void load() {
        inception = InceptionFeatures.load(Path.of(InceptionV3.SHIPPED_MIXED_6C));
    }

    @AfterAll
    static void close() {
        inception.network().close();
    }

    /** Images in [-1, 1], as the loader gives them. */
    private static Tensor images(int n, int height, int width) {
        return torch.rand(n, 3, height, width).mul(new Scalar(2.0)).sub(new Scalar(1.0));
    }

    @Test
    void givesFourLayersFromEarlyToDeepAtTheImagesOwnSize() {
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            List<Tensor> features = inception.forward(images(2, 64, 48));
            assertThat(features).hasSize(InceptionFeatures.LAYERS.size());
            long[][] expected = {{2, 64, 29, 21}, {2, 192, 12, 8}, {2, 288, 5, 3}, {2, 768, 2, 1}};
            for (int i = 0; i < expected.length; i++) {
                assertThat(shape(features.get(i))).as(InceptionFeatures.LAYERS.get(i)).containsExactly(expected[i]);
            }
            // the smallest side the layers take gives Mixed_6c one pixel
            List<Tensor> smallest = inception.forward(images(1, InceptionV3.SMALLEST_INPUT, InceptionV3.SMALLEST_INPUT));
            assertThat(shape(smallest.get(3))).containsExactly(1, 768, 1, 1);
        }
    }

    @Test
    void theNetworkIsInEvalModeSoAnImagesFeaturesDoNotDependOnItsBatch() {
        assertThat(inception.network().is_training()).isFalse();
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            Tensor a = images(1, 64, 48);
            Tensor alone = inception.forward(a).get(3);
            Tensor inBatch = inception.forward(torch.cat(new TensorVector(a, images(3, 64, 48)), 0)).get(3).narrow(0, 0, 1);
            assertThat(maxAbs(alone.sub(inBatch))).isLessThan(1e-5 * maxAbs(alone));
            assertThat(maxAbs(alone)).isPositive();
        }
    }

    @Test
    void theLossIsZeroForEqualImagesAndItsGradientReachesTheOutputNotTheWeights() {
        try (PointerScope scope = new PointerScope()) {
            Tensor target = images(2, 64, 48);
            assertThat(Losses.perceptual(inception, target, target).item_double()).isZero();
            Tensor output = images(2, 64, 48).set_requires_grad(true);
            Tensor loss = Losses.perceptual(inception, output, target);
            loss.backward();
            assertThat(loss.item_double()).isPositive();
            assertThat(maxAbs(output.grad())).isPositive();
            StringTensorDict parameters = inception.network().named_parameters();
            for (long i = 0; i < parameters.size(); i++) {
                Tensor p = parameters.get(i).value();
                assertThat(p.requires_grad()).as(parameters.get(i).key().getString()).isFalse();
                assertThat(p.grad().defined()).as(parameters.get(i).key().getString()).isFalse();
            }
        }
    }

    @Test
    void theLossGrowsWithTheDifference() {
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            Tensor target = images(2, 64, 48);
            Tensor noise = torch.randn(2, 3, 64, 48);
            double slightly = Losses.perceptual(inception, target.add(noise.mul(new Scalar(0.05))), target).item_double();
            double strongly = Losses.perceptual(inception, target.add(noise.mul(new Scalar(0.5))), target).item_double();
            assertThat(slightly).isPositive();
            assertThat(strongly).isGreaterThan(slightly);
        }
    }

    @Test
    void aLayerTheNetworkDoesNotHaveIsNamed() {
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            assertThatThrownBy(() -> inception.network().outputs(images(1, 64, 48), List.of("Mixed_7c")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Mixed_7c");
        }
    }

    @Test
    void describesItsLayersAndFileForTheProvenance() {
        assertThat(inception.description()).startsWith("inception ").contains("Conv2d_2b_3x3").contains("Mixed_6c")
            .contains(Path.of(InceptionV3.SHIPPED_MIXED_6C).toAbsolutePath().toString());
    }
}
