package wuton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.model.Stage;
import wuton.testing.TinyModels;

class DemoCommandTest {
    @TempDir
    Path tmp;

    private record Run(int status, String out, String err) {
    }

    private static Run demo(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "demo";
        System.arraycopy(args, 0, all, 1, args.length);
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void aGivenStudentIsEvaluatedOnANewWorldAtItsOwnSize() throws Exception {
        Path student = TinyModels.write(tmp, "s", Stage.STUDENT);
        Path out = tmp.resolve("demo");
        Run run = demo("--out", out.toString(), "--model", student.toString(), "--count", "16");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("$ ./wuton synth").contains("--size 64x48").contains("$ ./wuton eval");
        assertThat(out.resolve("eval/report.html")).exists();
        assertThat(Files.readString(out.resolve("eval/metrics.json"))).contains("\"s\"");
        // a second demo in the same folder replaces the first
        assertThat(demo("--out", out.toString(), "--model", student.toString(), "--count", "16").status()).isZero();
    }

    @Test
    void aGivenTeacherIsComparedWithTheStudentAndTheBaselineAlsoOnDegradedParsing() throws Exception {
        Path student = TinyModels.write(tmp, "s", Stage.STUDENT);
        Path teacher = TinyModels.write(tmp, "t", Stage.TEACHER);
        Path out = tmp.resolve("demo");
        Run run = demo("--out", out.toString(), "--model", student.toString(), "--teacher", teacher.toString(), "--count", "16");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("--parse-noise").contains("--degraded-parsing");
        assertThat(out.resolve("world/test/image-parse-v3-noisy")).isDirectory();
        JsonNode models = new ObjectMapper().readTree(out.resolve("eval/metrics.json").toFile()).get("models");
        assertThat(models.findValuesAsText("name")).containsExactly("identity", "t", "t (degraded parsing)", "s");
    }

    @Test
    void theWorldsSeedAndAccessoriesReachSynth() throws Exception {
        Path student = TinyModels.write(tmp, "s", Stage.STUDENT);
        Path out = tmp.resolve("demo");
        Run run = demo("--out", out.toString(), "--model", student.toString(), "--count", "16", "--seed", "7",
            "--accessories", "0.8");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("--seed 7").contains("--accessories 0.8");
        assertThat(Files.readString(out.resolve("world/world.json"))).contains("0.8");
    }

    @Test
    void ablationsAreNotForATrainedDemo() {
        Run run = demo("--out", tmp.resolve("demo").toString(), "--train", "--ablations");
        assertThat(run.status()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(run.err().strip()).isEqualTo("demo: --ablations: not with --train, which trains one student");
    }

    @Test
    void aMissingTeacherIsOneLineNamingIt() {
        Path student = TinyModels.write(tmp, "s", Stage.STUDENT);
        Run run = demo("--out", tmp.resolve("demo").toString(), "--model", student.toString(), "--teacher",
            tmp.resolve("none.safetensors").toString());
        assertThat(run.status()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(run.err().strip()).isEqualTo("demo: --teacher " + tmp.resolve("none.safetensors") + ": no such file");
    }

    @Tag("learning")
    @Test
    void trainTrainsATeacherAndAStudentAndComparesThem() {
        Path out = tmp.resolve("demo");
        Run run = demo("--out", out.toString(), "--train", "--steps", "2", "--count", "24");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("--stage teacher").contains("--stage student").contains("--degraded-parsing");
        assertThat(out.resolve("teacher/checkpoints/last")).isDirectory();
        assertThat(out.resolve("student/checkpoints/last")).isDirectory();
        assertThat(out.resolve("eval/report.html")).exists();
    }

    @Test
    void refusesAFolderThatIsNotADemo() throws Exception {
        Files.writeString(tmp.resolve("notes.txt"), "mine");
        Run run = demo("--out", tmp.toString(), "--train");
        assertThat(run.status()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(run.err()).contains("not a wuton demo");
        assertThat(tmp.resolve("notes.txt")).exists();
    }
}
