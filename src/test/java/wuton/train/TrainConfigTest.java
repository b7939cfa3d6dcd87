package wuton.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.common.UserError;
import wuton.model.ModelSize;
import wuton.model.Stage;

class TrainConfigTest {
    @TempDir
    Path tmp;

    @Test
    void defaultsThenFileThenOptions() throws Exception {
        Path file = tmp.resolve("c.json");
        Files.writeString(file, "{\"model\": \"slim\", \"batch\": 2, \"weights\": {\"adversarial\": 0.5}}");
        TrainConfig c = TrainConfig.resolve(file, Map.of("batch", 3, "steps", 10));
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
        TrainConfig c = TrainConfig.resolve(null, Map.of("model", ModelSize.TINY, "height", 64, "width", 48));
        Path file = tmp.resolve("config.json");
        Files.writeString(file, c.toJson());
        assertThat(TrainConfig.read(file)).isEqualTo(c);
    }

    @Test
    void unknownFieldsAndBadValuesAreUserErrors() throws Exception {
        Path file = tmp.resolve("c.json");
        Files.writeString(file, "{\"batchsize\": 2}");
        assertThatThrownBy(() -> TrainConfig.resolve(file, Map.of())).isInstanceOf(UserError.class)
            .hasMessageContaining("batchsize");
        assertThatThrownBy(() -> TrainConfig.resolve(null, Map.of("batch", 0))).isInstanceOf(UserError.class)
            .hasMessageContaining("batch");
        assertThatThrownBy(() -> TrainConfig.resolve(null, Map.of("height", 100))).isInstanceOf(UserError.class)
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
        assertThatThrownBy(() -> TrainConfig.resolve(null, Map.of("keepArms", true))).isInstanceOf(UserError.class)
            .hasMessage("config: keepArms is for a student (--keep-arms with --stage student)");
        assertThatThrownBy(() -> TrainConfig.resolve(null, Map.of("keepArms", true, "stage", Stage.STUDENT,
                "teacher", "/t", "teacherCache", "/c")))
            .isInstanceOf(UserError.class).hasMessageContaining("drop --cache-teacher or --keep-arms");
        assertThat(TrainConfig.resolve(null, Map.of("keepArms", true, "stage", Stage.STUDENT, "teacher", "/t")).keepArms())
            .isTrue();
    }

    @Test
    void aBorrowedMaskIsForATeacherAndAnOldConfigHasNone() throws Exception {
        assertThatThrownBy(() -> TrainConfig.resolve(null, Map.of("borrowedMask", true, "stage", Stage.STUDENT,
                "teacher", "/t")))
            .isInstanceOf(UserError.class)
            .hasMessage("config: borrowedMask is for a teacher (--borrowed-mask with --stage teacher)");
        assertThat(TrainConfig.resolve(null, Map.of("borrowedMask", true)).borrowedMask()).isTrue();
        Path file = tmp.resolve("old.json");
        String json = TrainConfig.defaults().toJson().replaceAll(",\\s*\"borrowedMask\"\\s*:\\s*false", "")
            .replaceAll(",\\s*\"lrSchedule\"\\s*:\\s*\"CONSTANT\"", "");
        assertThat(json).doesNotContain("borrowedMask").doesNotContain("lrSchedule");
        Files.writeString(file, json);
        assertThat(TrainConfig.read(file)).isEqualTo(TrainConfig.defaults());
    }

    @Test
    void aBadAdamSettingIsNamedWithItsValue() {
        assertThatThrownBy(() -> TrainConfig.resolve(null, Map.of("adam", Map.of("learningRate", -1.0))))
            .isInstanceOf(UserError.class).hasMessage("config: adam.learningRate -1.0: must be finite and above 0");
        assertThatThrownBy(() -> TrainConfig.resolve(null, Map.of("adam", Map.of("beta1", 1.0))))
            .isInstanceOf(UserError.class).hasMessage("config: adam.beta1 1.0: must be at least 0 and below 1");
    }

    @Test
    void aNegativeLossWeightIsNamed() {
        assertThatThrownBy(() -> TrainConfig.resolve(null, Map.of("weights", Map.of("reconstruction", -1.0))))
            .isInstanceOf(UserError.class).hasMessage("config: weights.reconstruction -1.0: must be finite and at least 0");
    }

    @Test
    void aStudentWithoutATeacherIsOneClearLine() {
        assertThatThrownBy(() -> TrainConfig.resolve(null, Map.of("stage", Stage.STUDENT)))
            .isInstanceOf(UserError.class)
            .hasMessage("config: a student needs its teacher (--teacher RUN)");
    }
}
