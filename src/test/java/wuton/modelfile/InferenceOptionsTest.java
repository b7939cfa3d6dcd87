package wuton.modelfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.DeviceType;
import org.bytedeco.pytorch.global.torch.MemoryFormat;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import wuton.common.UserError;
import wuton.data.ImageTensors;
import wuton.eval.Ssim;
import wuton.model.Architecture;
import wuton.model.Composition;
import wuton.model.ModelConfig;
import wuton.model.ModelSize;
import wuton.model.Wuton;
import wuton.synth.SyntheticWorld;
import wuton.synth.WorldConfig;

class InferenceOptionsTest {
    private static final Device CPU = new Device(DeviceType.CPU);
    private static final int H = 64;
    private static final int W = 48;
    private static final int PAIRS = 4;
    private static Wuton model;
    private static Tensor person;
    private static Tensor cloth;

    @BeforeAll
    static void drawAModelAndPhotos() {
        torch.manual_seed(0);
        // no composition: the output is the U-Net's own, so autocast's dtype shows in it
        model = new Wuton(ModelConfig.of(ModelSize.TINY, Architecture.DEFAULT, Composition.NONE, H, W));
        model.eval();
        SyntheticWorld world = new SyntheticWorld(WorldConfig.builder(H, W).count(PAIRS).build());
        List<BufferedImage> persons = new ArrayList<>();
        List<BufferedImage> clothes = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            persons.add(world.personPhoto(i));
            clothes.add(world.garmentPhoto((i + 1) % PAIRS));
        }
        person = ImageTensors.of(persons);
        cloth = ImageTensors.of(clothes);
    }

    @AfterAll
    static void free() {
        model.close();
        person.close();
        cloth.close();
    }

    private static Tensor output(InferenceOptions options) {
        options.prepare(model);
        try (InferenceMode inference = new InferenceMode()) {
            Tensor p = options.input(person);
            Tensor c = options.input(cloth);
            Tensor out = options.run(CPU, () -> model.image(p, c)).contiguous();
            out.retainReference();
            return out;
        } finally {
            InferenceOptions.DEFAULT.prepare(model);
        }
    }

    private static InferenceOptions of(InferenceOptions.Precision precision, boolean channelsLast) {
        return InferenceOptions.builder().precision(precision).channelsLast(channelsLast).build();
    }

    @Test
    void bf16IsCloseToFp32ButNotTheSame() {
        try (PointerScope scope = new PointerScope()) {
            Tensor fp32 = output(InferenceOptions.DEFAULT);
            Tensor bf16 = output(of(InferenceOptions.Precision.BF16, false));
            assertThat(bf16.scalar_type().value).isEqualTo(ScalarType.Float.value);
            double largest = bf16.sub(fp32).abs().max().item_float();
            double[] ssim = Ssim.perImage(bf16, fp32);
            // measured 2026-12-01 (this seed, 2 cores): SSIM 0.9985 to 0.9998, largest difference 0.057 (7 levels)
            assertThat(largest).isPositive().isLessThan(0.1);
            assertThat(Arrays.stream(ssim).min().orElseThrow()).isGreaterThan(0.995);
        }
    }

    @Test
    void fp16RunsOnTheCpuAndIsCloserThanBf16() {
        try (PointerScope scope = new PointerScope()) {
            Tensor fp32 = output(InferenceOptions.DEFAULT);
            double fp16 = output(of(InferenceOptions.Precision.FP16, false)).sub(fp32).abs().max().item_float();
            double bf16 = output(of(InferenceOptions.Precision.BF16, false)).sub(fp32).abs().max().item_float();
            // fp16 keeps 10 mantissa bits to bf16's 7
            assertThat(fp16).isPositive().isLessThan(bf16);
        }
    }

    @Test
    void theForwardPassRunsInTheLowerPrecision() {
        InferenceOptions bf16 = of(InferenceOptions.Precision.BF16, false);
        try (PointerScope scope = new PointerScope(); InferenceMode inference = new InferenceMode()) {
            Tensor[] raw = new Tensor[1];
            bf16.run(CPU, () -> raw[0] = model.image(person, cloth));
            assertThat(raw[0].scalar_type().value).isEqualTo(ScalarType.BFloat16.value);
        }
        // and the thread leaves autocast as it found it, also when the pass throws
        assertThat(torch.is_autocast_enabled(DeviceType.CPU)).isFalse();
        assertThatThrownBy(() -> bf16.run(CPU, () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(torch.is_autocast_enabled(DeviceType.CPU)).isFalse();
    }

    @Test
    void channelsLastGivesTheSameOutputAsContiguous() {
        try (PointerScope scope = new PointerScope()) {
            Tensor contiguous = output(InferenceOptions.DEFAULT);
            InferenceOptions cl = of(InferenceOptions.Precision.FP32, true);
            cl.prepare(model);
            assertThat(convolutionWeights()).allMatch(w -> w.is_contiguous(MemoryFormat.ChannelsLast));
            InferenceOptions.DEFAULT.prepare(model);
            assertThat(convolutionWeights()).allMatch(w -> w.is_contiguous());
            Tensor channelsLast = output(cl);
            // another summation order in the kernels, nothing more
            assertThat((double) channelsLast.sub(contiguous).abs().max().item_float()).isLessThan(1e-4);
        }
    }

    private static List<Tensor> convolutionWeights() {
        TensorVector all = model.parameters(true);
        List<Tensor> weights = new ArrayList<>();
        for (long i = 0; i < all.size(); i++) {
            if (all.get(i).dim() == 4) {
                weights.add(all.get(i));
            }
        }
        assertThat(weights).isNotEmpty();
        return weights;
    }

    @Test
    void aBadPrecisionIsOneLineNamingTheOption() {
        assertThat(InferenceOptions.Precision.parse(" BF16")).isEqualTo(InferenceOptions.Precision.BF16);
        assertThatThrownBy(() -> InferenceOptions.Precision.parse("fp64")).isInstanceOf(UserError.class)
            .hasMessage("--precision fp64: expected fp32, bf16 or fp16");
        assertThat(of(InferenceOptions.Precision.BF16, true).describe()).isEqualTo("bf16 channels-last");
        assertThat(InferenceOptions.DEFAULT).isEqualTo(of(InferenceOptions.Precision.FP32, false));
    }

    @Test
    void theInferencePassIsTheOptionsRunOnTheirInputs() {
        InferenceOptions bf16Last = of(InferenceOptions.Precision.BF16, true);
        try (PointerScope scope = new PointerScope()) {
            Tensor want = output(bf16Last);
            bf16Last.prepare(model);
            try (InferencePass pass = new InferencePass(model, CPU, bf16Last)) {
                Tensor got = pass.image(person, cloth).contiguous();
                assertThat(got.scalar_type().value).isEqualTo(ScalarType.Float.value);
                assertThat((double) got.sub(want).abs().max().item_float()).isZero();
            } finally {
                InferenceOptions.DEFAULT.prepare(model);
            }
        }
    }

    @Test
    void cudaGraphsAreRefusedOffCudaInOneLineNamingTheOption() {
        InferenceOptions graphs = InferenceOptions.builder().cudaGraphs(true).build();
        assertThat(graphs.describe()).isEqualTo("fp32 cuda-graphs");
        assertThat(graphs).isNotEqualTo(InferenceOptions.DEFAULT);
        assertThat(graphs.toBuilder().build()).isEqualTo(graphs);
        InferenceOptions.DEFAULT.checkDevice(CPU);
        assertThatThrownBy(() -> graphs.checkDevice(CPU)).isInstanceOf(UserError.class)
            .hasMessage("--cuda-graphs needs --device cuda (got cpu)");
        assertThatThrownBy(() -> new InferencePass(model, CPU, graphs)).isInstanceOf(UserError.class)
            .hasMessageStartingWith("--cuda-graphs needs --device cuda");
    }
}
