package wuton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static wuton.testing.TensorData.maxAbs;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.model.Stage;
import wuton.modelfile.ModelFile;
import wuton.modelfile.TrainedModel;
import wuton.nn.SafeTensors;
import wuton.synth.SyntheticWorld;
import wuton.synth.WorldConfig;
import wuton.synth.WorldWriter;

class ExportCommandTest {
    private static final Device CPU = new Device(torch.DeviceType.CPU);

    @TempDir
    Path tmp;

    private static int wuton(StringWriter err, String... args) {
        return Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
    }

    @Test
    void anExportedRunGivesTheRunsOutputsAtHalfTheSize() throws Exception {
        Path world = tmp.resolve("world");
        WorldWriter writer = new WorldWriter(new SyntheticWorld(WorldConfig.builder(64, 48).count(12).build()), world);
        writer.prepare(false);
        writer.write(i -> { });
        Path run = tmp.resolve("run");
        StringWriter err = new StringWriter();
        assertThat(wuton(err, "train", "--data", world.toString(), "--out", run.toString(), "--model", "tiny", "--size",
            "64x48", "--steps", "2", "--batch", "2", "--arch", "fast")).as(err.toString()).isZero();
        Path file = tmp.resolve("m.safetensors");
        assertThat(wuton(err, "export", "--model", run.toString(), "--out", file.toString())).as(err.toString()).isZero();
        // an existing model is replaced only with --force, and never written into its run
        byte[] exported = Files.readAllBytes(file);
        StringWriter refused = new StringWriter();
        assertThat(wuton(refused, "export", "--model", run.toString(), "--out", file.toString(), "--dtype", "f32"))
            .isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(refused.toString().strip()).isEqualTo("export: --out " + file + ": exists (use --force to replace it)");
        assertThat(Files.readAllBytes(file)).isEqualTo(exported);
        Path inRun = run.resolve("m.safetensors");
        assertThat(wuton(refused, "export", "--model", run.toString(), "--out", inRun.toString())).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(inRun).doesNotExist();
        assertThat(wuton(err, "export", "--model", run.toString(), "--out", file.toString(), "--dtype", "f32", "--force"))
            .as(err.toString()).isZero();
        assertThat(ModelFile.readFor(file).dtype()).isEqualTo("F32");
        assertThat(wuton(err, "export", "--model", run.toString(), "--out", file.toString(), "--force")).isZero();

        ModelFile description = ModelFile.readFor(file);
        assertThat(description.stage()).isEqualTo(Stage.TEACHER);
        assertThat(description.dtype()).isEqualTo("F16");
        assertThat(description.model().architecture().name()).isEqualTo("FAST");
        assertThat(description.source().path("checkpoint").path("step").asInt()).isEqualTo(2);
        assertThat(SafeTensors.read(file).tensors().get("unet.to_image.conv.weight").scalar_type().intern())
            .isEqualTo(torch.ScalarType.Half);
        try (TrainedModel fromRun = TrainedModel.load(run, CPU); TrainedModel fromFile = TrainedModel.load(file, CPU)) {
            Tensor person = torch.rand(1, 3, 64, 48);
            Tensor cloth = torch.rand(1, 3, 64, 48);
            Tensor a = fromRun.forward(person, cloth).image();
            Tensor b = fromFile.forward(person, cloth).image();
            // f16 weights: close, not equal
            assertThat(maxAbs(a.sub(b))).isLessThan(0.02).isGreaterThan(0.0);
        }
    }

    @Test
    void aModelFileWithoutItsDescriptionOrFromTheFutureIsRefusedByName() throws Exception {
        Path lonely = tmp.resolve("lonely.safetensors");
        Files.writeString(lonely, "x");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> TrainedModel.load(lonely, CPU)))
            .hasMessageContaining("lonely.json");
        Path future = tmp.resolve("future.safetensors");
        Files.writeString(future, "x");
        Files.writeString(tmp.resolve("future.json"), "{\"format\": \"wuton-model\", \"version\": 99, \"stage\": \"student\","
            + " \"model\": {\"size\": \"tiny\", \"height\": 64, \"width\": 48, \"tpsGridSize\": 5, \"unetDepth\": 5}}");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> TrainedModel.load(future, CPU)))
            .hasMessageContaining("future.json").hasMessageContaining("version 99");
        StringWriter err = new StringWriter();
        assertThat(wuton(err, "export", "--model", tmp.resolve("none").toString(), "--out", "x.safetensors"))
            .isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString().lines().count()).isEqualTo(1);
    }
}
