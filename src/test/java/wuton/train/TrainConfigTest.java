package wuton.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.common.DeclaredSetting;
import wuton.common.UserError;
import wuton.model.Composition;
import wuton.model.ModelSize;
import wuton.model.PerceptualNetwork;
import wuton.model.Stage;

class TrainConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void defaultsThenFileThenOptions() throws Exception {
        Path file = tmp.resolve("c.json");
        Files.writeString(file, "{\"model\": \"slim\", \"batch\": 2, \"weights\": {\"adversarial\": 0.5}}");
        TrainConfig c = TrainConfig.resolve(file, b -> b.batch(3).steps(10));
        assertThat(c.model()).isEqualTo(ModelSize.SLIM);
        assertThat(c.batch()).isEqualTo(3);
        assertThat(c.steps()).isEqualTo(10);
        assertThat(c.weights().adversarial()).isEqualTo(0.5);
        assertThat(c.weights().l1()).isEqualTo(LossWeights.DEFAULTS.l1());
        assertThat(c.adam()).isEqualTo(AdamSettings.GAN);
        assertThat(c.height()).isEqualTo(256);
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        TrainConfig c = TrainConfig.resolve(null, b -> b.model(ModelSize.TINY).height(64).width(48));
        Path file = tmp.resolve("config.json");
        Files.writeString(file, c.toJson());
        assertThat(TrainConfig.read(file)).isEqualTo(c);
    }

    @Test
    void unknownFieldsAndBadValuesAreUserErrors() throws Exception {
        Path file = tmp.resolve("c.json");
        Files.writeString(file, "{\"batchsize\": 2}");
        assertThatThrownBy(() -> TrainConfig.resolve(file, b -> { })).isInstanceOf(UserError.class)
            .hasMessageContaining("batchsize");
        assertThatThrownBy(() -> TrainConfig.resolve(null, b -> b.batch(0))).isInstanceOf(UserError.class)
            .hasMessageContaining("batch");
        assertThatThrownBy(() -> TrainConfig.resolve(null, b -> b.height(100))).isInstanceOf(UserError.class)
            .hasMessageContaining("multiples of 16");
    }

    @Test
    void aConfigFromBeforeTheReconstructionWeightReadsAsWeightZero() throws Exception {
        Path file = tmp.resolve("old.json");
        String json = TrainConfig.defaults().toJson().replaceAll(",\\s*\"reconstruction\"\\s*:\\s*0.0", "");
        assertThat(json).doesNotContain("reconstruction");
        Files.writeString(file, json);
        assertThat(TrainConfig.read(file)).isEqualTo(TrainConfig.defaults());
    }

    @Test
    void keptArmsAreForAStudentThatRunsItsTeacher() {
        assertThatThrownBy(() -> TrainConfig.resolve(null, b -> b.keepArms(true))).isInstanceOf(UserError.class)
            .hasMessage("config: keepArms is for a student (--keep-arms with --stage student)");
        assertThatThrownBy(() -> TrainConfig.resolve(null, b -> b.keepArms(true).stage(Stage.STUDENT)
                .teacher("/t").teacherCache("/c")))
            .isInstanceOf(UserError.class).hasMessageContaining("drop --cache-teacher or --keep-arms");
        assertThat(TrainConfig.resolve(null, b -> b.keepArms(true).stage(Stage.STUDENT).teacher("/t")).keepArms())
            .isTrue();
    }

    @Test
    void aBorrowedMaskIsForATeacherAndAnOldConfigHasNone() throws Exception {
        assertThatThrownBy(() -> TrainConfig.resolve(null, b -> b.borrowedMask(true).stage(Stage.STUDENT)
                .teacher("/t")))
            .isInstanceOf(UserError.class)
            .hasMessage("config: borrowedMask is for a teacher (--borrowed-mask with --stage teacher)");
        assertThat(TrainConfig.resolve(null, b -> b.borrowedMask(true)).borrowedMask()).isTrue();
        Path file = tmp.resolve("old.json");
        String json = TrainConfig.defaults().toJson().replaceAll(",\\s*\"borrowedMask\"\\s*:\\s*false", "")
            .replaceAll(",\\s*\"lrSchedule\"\\s*:\\s*\"CONSTANT\"", "");
        assertThat(json).doesNotContain("borrowedMask").doesNotContain("lrSchedule");
        Files.writeString(file, json);
        assertThat(TrainConfig.read(file)).isEqualTo(TrainConfig.defaults());
    }

    @Test
    void anOldConfigReadsAsVgg19AndInceptionTakesNoVggWeightsNorTinyImages() throws Exception {
        Path file = tmp.resolve("old.json");
        String json = TrainConfig.defaults().toJson().replaceAll(",\\s*\"perceptualNetwork\"\\s*:\\s*\"VGG19\"", "");
        assertThat(json).doesNotContain("perceptualNetwork");
        Files.writeString(file, json);
        assertThat(TrainConfig.read(file).perceptualNetwork()).isEqualTo(PerceptualNetwork.VGG19);
        assertThat(TrainConfig.read(file)).isEqualTo(TrainConfig.defaults());

        Files.writeString(file, "{\"perceptualNetwork\": \"inception\"}");
        assertThat(TrainConfig.resolve(file, b -> { }).perceptualNetwork()).isEqualTo(PerceptualNetwork.INCEPTION);
        assertThatThrownBy(() -> TrainConfig.resolve(file, b -> b.vggWeights("/vgg.safetensors")))
            .isInstanceOf(UserError.class).hasMessage("config: vggWeights is for the vgg19 perceptual network, not"
                + " inception; drop --vgg-weights or --perceptual-network inception");
        assertThatThrownBy(() -> TrainConfig.resolve(file, b -> b.height(32).width(64)))
            .isInstanceOf(UserError.class)
            .hasMessage("config: the inception perceptual network needs a height and width of at least 48, not 32x64");
        // without the perceptual term the layers never run, so any size does
        assertThat(TrainConfig.resolve(file, b -> b.height(32).width(64).weights(w -> w.perceptual(0))).height())
            .isEqualTo(32);
        Files.writeString(file, "{\"perceptualNetwork\": \"alexnet\"}");
        assertThatThrownBy(() -> TrainConfig.resolve(file, b -> { })).isInstanceOf(UserError.class)
            .hasMessageContaining("alexnet");
    }

    @Test
    void aBadAdamSettingIsNamedWithItsValue() {
        assertThatThrownBy(() -> TrainConfig.resolve(null, b -> b.adam(a -> a.learningRate(-1.0))))
            .isInstanceOf(UserError.class).hasMessage("config: adam.learningRate -1.0: must be finite and above 0");
        assertThatThrownBy(() -> TrainConfig.resolve(null, b -> b.adam(a -> a.beta1(1.0))))
            .isInstanceOf(UserError.class).hasMessage("config: adam.beta1 1.0: must be at least 0 and below 1");
    }

    @Test
    void aNegativeLossWeightIsNamed() {
        assertThatThrownBy(() -> TrainConfig.resolve(null, b -> b.weights(w -> w.reconstruction(-1.0))))
            .isInstanceOf(UserError.class).hasMessage("config: weights.reconstruction -1.0: must be finite and at least 0");
    }

    @Test
    void aStudentWithoutATeacherIsOneClearLine() {
        assertThatThrownBy(() -> TrainConfig.resolve(null, b -> b.stage(Stage.STUDENT)))
            .isInstanceOf(UserError.class)
            .hasMessage("config: a student needs its teacher (--teacher RUN)");
    }

    @Test
    void aFileMayLeaveOutWhatTheOptionsGive() throws Exception {
        Path file = tmp.resolve("student.json");
        Files.writeString(file, "{\"stage\": \"STUDENT\", \"steps\": 20}");
        TrainConfig c = TrainConfig.resolve(file, b -> b.teacher("/t").weights(w -> w.adversarial(0)));
        assertThat(c.stage()).isEqualTo(Stage.STUDENT);
        assertThat(c.teacher()).isEqualTo("/t");
        assertThat(c.steps()).isEqualTo(20);
        assertThat(c.weights()).isEqualTo(LossWeights.builder().adversarial(0).build());
        assertThat(c.weights().warp()).isEqualTo(1.0);
    }

    @Test
    void theShippedModelsConfigsReadAndTheNewestWritesBackByteForByte() throws Exception {
        JsonNode student = shippedConfig("models/wuton-student.json");
        TrainConfig read = TrainConfig.read(write(student));
        // written before the choice of perceptual network, which it writes back as the one it used, last
        ObjectNode newest = ((ObjectNode) student).deepCopy().put("perceptualNetwork", "VGG19");
        assertThat(read.toJson()).isEqualTo(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(newest));
        assertThat(read.perceptualNetwork()).isEqualTo(PerceptualNetwork.VGG19);

        // written before kept arms, schedules and borrowed masks: what those runs did
        TrainConfig teacher = TrainConfig.read(write(shippedConfig("models/wuton-teacher.json")));
        assertThat(teacher.keepArms()).isFalse();
        assertThat(teacher.borrowedMask()).isFalse();
        assertThat(teacher.lrSchedule()).isEqualTo(LearningRateSchedule.CONSTANT);
        // and before composition and teacher caches
        TrainConfig paperLayout = TrainConfig.read(write(shippedConfig("models/ablations/paper-layout.json")));
        assertThat(paperLayout.composition()).isEqualTo(Composition.NONE);
        assertThat(paperLayout.teacherCache()).isNull();
    }

    @Test
    void everyFieldIsDeclaredWithTheDefaultThatDefaultsHolds() throws Exception {
        JsonNode defaults = JSON.readTree(TrainConfig.defaults().toJson());
        List<String> leaves = new ArrayList<>();
        collectLeaves("", defaults, leaves);
        List<DeclaredSetting> declared = TrainConfig.declaredSettings();
        assertThat(declared).extracting(DeclaredSetting::name).containsExactlyInAnyOrderElementsOf(leaves);
        for (DeclaredSetting setting : declared) {
            JsonNode value = defaults.at("/" + setting.name().replace('.', '/'));
            assertThat(JSON.valueToTree(setting.defaultValue()).asText()).as(setting.name()).isEqualTo(value.asText());
            assertThat(setting.description()).as(setting.name()).matches("[A-Z].*[^.]");
        }
    }

    @Test
    void eachLossWeightIsNamedInItsError() throws Exception {
        RecordComponent[] components = LossWeights.class.getRecordComponents();
        assertThat(components).hasSize(6);
        for (RecordComponent component : components) {
            Path file = Files.writeString(tmp.resolve(component.getName() + ".json"),
                "{\"weights\": {\"" + component.getName() + "\": -2}}");
            assertThatThrownBy(() -> TrainConfig.resolve(file, b -> { })).isInstanceOf(UserError.class)
                .hasMessage("config: weights." + component.getName() + " -2.0: must be finite and at least 0");
        }
    }

    /**
     * The config table of docs/training.md: one row per setting, its default as config.json writes it and its
     * description as declared. The last column (the options) is free text.
     */
    @Test
    void theDocsTableHoldsEverySettingWithItsDefaultAndDescription() throws Exception {
        JsonNode defaults = JSON.readTree(TrainConfig.defaults().toJson());
        List<String> expected = new ArrayList<>();
        for (DeclaredSetting setting : TrainConfig.declaredSettings()) {
            expected.add("| `" + setting.name() + "` | `" + defaults.at("/" + setting.name().replace('.', '/'))
                + "` | " + setting.description() + " |");
        }
        String docs = Files.readString(Path.of("docs/training.md"));
        String section = docs.substring(docs.indexOf("\n## Config"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        List<String> rows = new ArrayList<>();
        for (String line : section.lines().filter(l -> l.startsWith("| `")).toList()) {
            String[] cells = line.split("(?<!\\\\)\\|");
            rows.add("|" + cells[1] + "|" + cells[2] + "|" + cells[3] + "|");
        }
        assertThat(rows).as("rows of docs/training.md#config (field, default, description)")
            .containsExactlyInAnyOrderElementsOf(expected);
    }

    private JsonNode shippedConfig(String modelFile) throws Exception {
        return JSON.readTree(Files.readString(Path.of(modelFile))).get("source").get("config");
    }

    private Path write(JsonNode config) throws Exception {
        return Files.writeString(Files.createTempFile(tmp, "config", ".json"), config.toString());
    }

    private static void collectLeaves(String prefix, JsonNode node, List<String> into) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isObject()) {
                collectLeaves(prefix + field.getKey() + ".", field.getValue(), into);
            } else {
                into.add(prefix + field.getKey());
            }
        }
    }
}
