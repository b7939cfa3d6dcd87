package wuton.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static wuton.testing.TensorData.shape;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.common.UserError;
import wuton.nn.SafeTensors;

class Vgg19FeaturesTest {
    @TempDir
    Path dir;

    @Test
    void givesRelu1To5FeaturesAtHalvingResolutions() {
        Vgg19Features vgg = Vgg19Features.seededRandom();
        assertThat(vgg.weights()).isEqualTo(VggWeights.SEEDED_RANDOM);
        assertThat(vgg.description()).contains("seeded random").contains("not ImageNet");
        List<Tensor> features = vgg.forward(torch.rand(2, 3, 64, 48));
        assertThat(features).hasSize(5);
        long[][] expected = {{2, 64, 64, 48}, {2, 128, 32, 24}, {2, 256, 16, 12}, {2, 512, 8, 6}, {2, 512, 4, 3}};
        for (int i = 0; i < expected.length; i++) {
            assertThat(shape(features.get(i))).containsExactly(expected[i]);
        }
    }

    @Test
    void theFallbackIsTheSameOnEveryRun() {
        // the scope keeps the modules and their parameter dicts alive (and not collected) while the tensors are read
        try (PointerScope scope = new PointerScope()) {
            Tensor a = Vgg19Features.seededRandom().named_parameters().get("features.28.weight");
            Tensor b = Vgg19Features.seededRandom().named_parameters().get("features.28.weight");
            assertThat(a.equal(b)).isTrue();
        }
    }

    @Test
    void loadsTorchvisionNamesAndIgnoresTheClassifier() {
        Vgg19Features source = Vgg19Features.seededRandom();
        StringTensorDict params = source.named_parameters();
        Map<String, Tensor> file = new LinkedHashMap<>();
        for (long i = 0; i < params.size(); i++) {
            file.put(params.get(i).key().getString(), params.get(i).value().mul(new org.bytedeco.pytorch.Scalar(2.0)));
        }
        file.put("classifier.0.weight", torch.zeros(4, 4));
        Path path = dir.resolve("vgg19.safetensors");
        SafeTensors.write(path, file, SafeTensors.DType.F32, Map.of());

        Vgg19Features loaded = Vgg19Features.fromSafeTensors(path);
        assertThat(loaded.weights()).isEqualTo(VggWeights.PRETRAINED);
        assertThat(loaded.named_parameters().get("features.10.weight").equal(file.get("features.10.weight"))).isTrue();

        file.remove("features.28.bias");
        SafeTensors.write(path, file, SafeTensors.DType.F32, Map.of());
        assertThatThrownBy(() -> Vgg19Features.fromSafeTensors(path)).isInstanceOf(UserError.class)
            .hasMessageContaining("features.28.bias");
    }
}
