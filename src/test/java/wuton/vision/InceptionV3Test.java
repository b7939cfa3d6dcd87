package wuton.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.common.UserError;
import wuton.eval.Fid;
import wuton.nn.Frozen;
import wuton.nn.SafeTensors;
import wuton.testing.TensorData;

/**
 * The architecture against torchvision's, and FID on a randomly initialised network. Inputs are resized to 75x75,
 * the smallest size the network accepts, to keep the test fast.
 */
class InceptionV3Test {
    private static final int SMALL_INPUT = 75;
    /** torchvision's inception_v3 has 27,161,264 parameters, of which 3,326,696 are in AuxLogits. */
    private static final long TORCHVISION_PARAMETERS_WITHOUT_AUX = 27_161_264L - 3_326_696L;
    private static InceptionV3 net;

    @BeforeAll
    static void build() {
        torch.manual_seed(11);
        net = Frozen.freeze(RandomInception.heNormal(new InceptionV3(SMALL_INPUT)));
    }

    @Test
    void hasTorchvisionsParametersAndNames() {
        long count = 0;
        List<String> names = new ArrayList<>();
        StringTensorDict parameters = net.named_parameters();
        for (long i = 0; i < parameters.size(); i++) {
            count += parameters.get(i).value().numel();
            names.add(parameters.get(i).key().getString());
        }
        assertThat(count).isEqualTo(TORCHVISION_PARAMETERS_WITHOUT_AUX);
        assertThat(names).contains("Conv2d_1a_3x3.conv.weight", "Conv2d_1a_3x3.bn.weight", "Mixed_5b.branch5x5_2.conv.weight",
            "Mixed_6e.branch7x7dbl_5.bn.bias", "Mixed_7c.branch3x3dbl_3b.conv.weight", "fc.weight", "fc.bias");
        StringTensorDict buffers = net.named_buffers();
        List<String> bufferNames = new ArrayList<>();
        for (long i = 0; i < buffers.size(); i++) {
            bufferNames.add(buffers.get(i).key().getString());
        }
        assertThat(bufferNames).contains("Mixed_7b.branch_pool.bn.running_mean", "Mixed_7b.branch_pool.bn.running_var",
            "Mixed_7b.branch_pool.bn.num_batches_tracked");
    }

    @Test
    void givesPool3FeaturesAndLogitsInEvalModeForASingleImage() {
        // batch norm in training mode would refuse one image at 1x1: this also checks that eval mode reached it
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            InceptionV3.Outputs out = net.forward(torch.rand(1, 3, 40, 30));
            assertThat(TensorData.shape(out.pool3())).containsExactly(1, InceptionV3.FEATURES);
            assertThat(TensorData.shape(out.logits())).containsExactly(1, InceptionV3.CLASSES);
        }
    }

    @Test
    void fidOfASetWithItselfIsZeroAndGrowsWithNoise() {
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            torch.manual_seed(5);
            Tensor images = smoothImages(10);
            Tensor real = net.forward(images).pool3();
            double[] fids = new double[3];
            double[] noise = {0.05, 0.2, 0.6};
            for (int i = 0; i < noise.length; i++) {
                Tensor noisy = images.add(torch.randn(images.sizes().vec().get()).mul(new org.bytedeco.pytorch.Scalar(noise[i])))
                    .clamp(new org.bytedeco.pytorch.ScalarOptional(new org.bytedeco.pytorch.Scalar(-1.0)),
                        new org.bytedeco.pytorch.ScalarOptional(new org.bytedeco.pytorch.Scalar(1.0)));
                fids[i] = Fid.between(real, net.forward(noisy).pool3());
            }
            double self = Fid.between(real, real);
            assertThat(Math.abs(self)).isLessThan(1e-6 * fids[0]);
            assertThat(fids[0]).isPositive();
            assertThat(fids[1]).isGreaterThan(fids[0]);
            assertThat(fids[2]).isGreaterThan(fids[1]);
        }
    }

    @Test
    void loadsItsOwnSafeTensorsExportAndNamesAMissingTensor(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("inception.safetensors");
        SafeTensors.save(net, file, SafeTensors.DType.F32, Map.of());
        try (PointerScope scope = new PointerScope()) {
            StringTensorDict loaded = InceptionV3.fromSafeTensors(file).named_parameters();
            StringTensorDict saved = net.named_parameters();
            assertThat(loaded.size()).isEqualTo(saved.size());
            for (long i = 0; i < saved.size(); i++) {
                assertThat(loaded.get(i).key().getString()).isEqualTo(saved.get(i).key().getString());
                assertThat(TensorData.maxAbs(loaded.get(i).value().sub(saved.get(i).value()))).isZero();
            }
        }
        Map<String, Tensor> partial = new java.util.LinkedHashMap<>(SafeTensors.read(file).tensors());
        partial.remove("Mixed_6a.branch3x3.conv.weight");
        Path broken = dir.resolve("broken.safetensors");
        SafeTensors.write(broken, partial, SafeTensors.DType.F32, Map.of());
        assertThat(Files.exists(broken)).isTrue();
        assertThatThrownBy(() -> InceptionV3.fromSafeTensors(broken)).isInstanceOf(UserError.class)
            .hasMessageContaining("Mixed_6a.branch3x3.conv.weight");
    }

    /** Smooth random images in [-1, 1]: random 6x6 patterns upsampled to 48x48. */
    static Tensor smoothImages(int n) {
        Tensor coarse = torch.rand(n, 3, 6, 6).mul(new org.bytedeco.pytorch.Scalar(2.0)).sub(new org.bytedeco.pytorch.Scalar(1.0));
        return torch.upsample_bilinear2d(coarse, new long[] {48, 48}, false);
    }
}
