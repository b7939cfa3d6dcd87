package wuton.model;

import static org.assertj.core.api.Assertions.assertThat;
import static wuton.testing.TensorData.maxAbs;
import static wuton.testing.TensorData.shape;

import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import wuton.testing.FixedBatch;
import wuton.train.Losses;

class WutonTest {
    private static final int H = 64;
    private static final int W = 48;
    private static final ModelConfig TINY = ModelConfig.of(ModelSize.TINY, H, W);

    /** Uniform in [-1, 1], like normalised images. */
    private static Tensor images(int n) {
        return torch.rand(n, 3, H, W).mul(new Scalar(2.0)).sub(new Scalar(1.0));
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void forwardGivesZeroThetaTheUnwarpedGarmentAndTheInferencePathsImage(Architecture architecture) {
        torch.manual_seed(1);
        Wuton model = new Wuton(ModelConfig.of(ModelSize.TINY, architecture, H, W));
        model.eval();
        Tensor person = images(2);
        Tensor cloth = images(2);
        Wuton.Output out = model.forward(person, cloth);
        assertThat(shape(out.image())).containsExactly(2, 3, H, W);
        // inference skips the full-resolution warp but must draw the same image; another garment changes it
        assertThat(maxAbs(model.image(person, cloth).sub(out.image()))).isLessThan(1e-6);
        assertThat(maxAbs(model.image(person, images(2)).sub(out.image()))).isGreaterThan(1e-4);
        assertThat(shape(out.theta())).containsExactly(2, 50);
        assertThat(maxAbs(out.theta())).isZero();
        assertThat(shape(out.warpedCloth())).containsExactly(2, 3, H, W);
        assertThat(maxAbs(out.warpedCloth().sub(cloth))).isLessThan(1e-5);
    }

    @Test
    void gradientsReachTheMatcherThroughTheWarpedSkipConnections() {
        torch.manual_seed(2);
        Wuton model = new Wuton(TINY);
        Tensor person = images(2);
        Tensor cloth = images(2);
        Tensor target = images(2);
        // only the image loss: the warp loss would reach the matcher without the U-Net
        Losses.l1(model.forward(person, cloth).image(), target).backward();
        Tensor thetaWeightGrad = model.matcher().named_parameters().get("to_theta.weight").grad();
        assertThat(maxAbs(thetaWeightGrad)).isGreaterThan(0.0);

        // once the last layer is no longer zero, the gradient goes on into the garment feature extractor
        try (NoGradGuard noGrad = new NoGradGuard()) {
            model.matcher().thetaLayer().weight().normal_(0.0, 0.01, new org.bytedeco.pytorch.GeneratorOptional());
        }
        model.zero_grad(true);
        Losses.l1(model.forward(person, cloth).image(), target).backward();
        Tensor featureGrad = model.matcher().named_parameters().get("cloth_features.0.conv.weight").grad();
        assertThat(maxAbs(featureGrad)).isGreaterThan(0.0);
    }

    @Tag("learning")
    @ParameterizedTest
    @EnumSource(Architecture.class)
    void aTinyModelFitsAFixedBatch(Architecture architecture) {
        double[] losses = FixedBatch.fit(architecture, 80, FixedBatch.ModelHook.none());
        double first = losses[0];
        double last = losses[losses.length - 1];
        assertThat(last).as("first %.4f last %.4f", first, last).isLessThan(0.65 * first);
    }

    @Test
    void theFastLayoutKeepsTheImageSizeWithFewerParameters() {
        ModelConfig paper = ModelConfig.of(ModelSize.SLIM, Architecture.PAPER, 128, 96);
        ModelConfig fast = ModelConfig.of(ModelSize.SLIM, Architecture.FAST, 128, 96);
        Wuton fastModel = new Wuton(fast);
        try (NoGradGuard noGrad = new NoGradGuard()) {
            Tensor image = torch.zeros(1, 3, 128, 96);
            assertThat(shape(fastModel.forward(image, image).image())).containsExactly(1, 3, 128, 96);
        }
        // a shallower matcher and a smaller output layer: fewer weights (the encoders and decoder are unchanged)
        assertThat(fastModel.parameterCount()).isLessThan(new Wuton(paper).parameterCount());
    }

    @Test
    void anUntrainedFastModelDrawsTwoByTwoBlocksNotACheckerboard() {
        torch.manual_seed(3);
        Wuton model = new Wuton(ModelConfig.of(ModelSize.TINY, Architecture.FAST, H, W));
        model.eval();
        try (NoGradGuard noGrad = new NoGradGuard()) {
            Tensor image = model.image(images(1), images(1));
            // every pixel equals the top-left one of its 2x2 block: a nearest-neighbour upsampling
            Tensor topLeft = torch.upsample_nearest2d(image, H / 2, W / 2);
            Tensor blocks = torch.upsample_nearest2d(topLeft, H, W);
            assertThat(maxAbs(image.sub(blocks))).isLessThan(1e-6);
            assertThat(maxAbs(image.sub(image.mean()))).isGreaterThan(1e-3);
        }
    }

    @Test
    void theImageAloneIsTheForwardPassesImage() {
        torch.manual_seed(4);
        Wuton model = new Wuton(TINY);
        model.eval();
        try (NoGradGuard noGrad = new NoGradGuard()) {
            Tensor person = images(2);
            Tensor cloth = images(2);
            assertThat(maxAbs(model.image(person, cloth).sub(model.forward(person, cloth).image()))).isZero();
        }
    }
}
