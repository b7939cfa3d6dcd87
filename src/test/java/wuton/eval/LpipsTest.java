package wuton.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.common.UserError;
import wuton.nn.Frozen;
import wuton.nn.SafeTensors;
import wuton.testing.TensorData;

class LpipsTest {
    @Test
    void layerTermByHand() {
        // one pixel, two channels: (3, 4) -> (0.6, 0.8) and (0, 1) -> (0, 1); squared differences (0.36, 0.04);
        // lin weights (1, 2): 0.36 + 0.08 = 0.44
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            Conv2dOptions options = new Conv2dOptions(2, 1, new LongPointer(1, 1));
            options.bias().put(false);
            Conv2dImpl lin = new Conv2dImpl(options);
            lin.weight().copy_(TensorData.tensor(new float[] {1, 2}, 1, 2, 1, 1));
            Tensor d = Lpips.layerDistance(TensorData.tensor(new float[] {3, 4}, 1, 2, 1, 1),
                TensorData.tensor(new float[] {0, 1}, 1, 2, 1, 1), lin);
            assertThat(d.item_double()).isCloseTo(0.44, within(1e-6));
        }
    }

    @Test
    void identicalImagesAreAtZeroAndTheDistanceIsSymmetric() {
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            torch.manual_seed(2);
            Lpips lpips = Frozen.freeze(positiveLins(new Lpips()));
            Tensor x = torch.rand(2, 3, 64, 64).mul(new Scalar(2.0)).sub(new Scalar(1.0));
            Tensor y = torch.rand(2, 3, 64, 64).mul(new Scalar(2.0)).sub(new Scalar(1.0));
            assertThat(TensorData.shape(lpips.forward(x, y))).containsExactly(2);
            assertThat(TensorData.maxAbs(lpips.forward(x, x))).isZero();
            double[] xy = DoubleTensors.values(lpips.forward(x, y));
            double[] yx = DoubleTensors.values(lpips.forward(y, x));
            assertThat(xy[0]).isPositive().isCloseTo(yx[0], within(1e-6));
        }
    }

    @Test
    void readsTheLpipsPackagesNamesAndNamesAMissingTensor(@TempDir Path dir) {
        Path file = dir.resolve("lpips.safetensors");
        try (PointerScope scope = new PointerScope()) {
            SafeTensors.save(new Lpips(), file, SafeTensors.DType.F32, Map.of());
            Map<String, Tensor> tensors = new LinkedHashMap<>(SafeTensors.read(file).tensors());
            assertThat(tensors.keySet()).containsExactlyInAnyOrder("net.slice1.0.weight", "net.slice1.0.bias", "lin0.model.1.weight",
                "net.slice2.3.weight", "net.slice2.3.bias", "lin1.model.1.weight", "net.slice3.6.weight", "net.slice3.6.bias",
                "lin2.model.1.weight", "net.slice4.8.weight", "net.slice4.8.bias", "lin3.model.1.weight",
                "net.slice5.10.weight", "net.slice5.10.bias", "lin4.model.1.weight");
            assertThat(Lpips.fromSafeTensors(file)).isNotNull();
            tensors.remove("lin3.model.1.weight");
            Path broken = dir.resolve("broken.safetensors");
            SafeTensors.write(broken, tensors, SafeTensors.DType.F32, Map.of());
            assertThatThrownBy(() -> Lpips.fromSafeTensors(broken)).isInstanceOf(UserError.class)
                .hasMessageContaining("lin3.model.1.weight");
        }
    }

    /** The learnt lin weights are non-negative; random ones are made so. */
    private static Lpips positiveLins(Lpips lpips) {
        StringTensorDict parameters = lpips.named_parameters();
        try (NoGradGuard g = new NoGradGuard()) {
            for (long i = 0; i < parameters.size(); i++) {
                if (parameters.get(i).key().getString().startsWith("lin")) {
                    parameters.get(i).value().abs_();
                }
            }
        }
        return lpips;
    }
}
