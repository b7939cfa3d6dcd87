package wuton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.model.Architecture;
import wuton.model.Composition;
import wuton.model.ModelConfig;
import wuton.train.TrainConfig;

class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void timesTheTinyGeneratorAndWritesJson() throws Exception {
        Path json = dir.resolve("bench.json");
        int status = Main.run("bench", "--model", "tiny", "--size", "64x48", "--batch", "1,2", "--iters", "2",
            "--warmup", "1", "--threads", "1", "--json", json.toString());
        assertThat(status).isZero();
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("mode").asText()).isEqualTo("inference");
        assertThat(report.get("model").asText()).isEqualTo("tiny");
        assertThat(report.get("threads").asInt()).isEqualTo(1);
        assertThat(report.get("results")).hasSize(2);
        JsonNode second = report.get("results").get(1);
        assertThat(second.get("batch").asInt()).isEqualTo(2);
        assertThat(second.get("median_ms").asDouble()).isPositive();
        assertThat(second.get("p90_ms").asDouble()).isGreaterThanOrEqualTo(second.get("median_ms").asDouble());
    }

    @Test
    void timesEachPrecisionAndLayoutAndComparesThemWithFp32() throws Exception {
        Path json = dir.resolve("settings.json");
        assertThat(Main.run("bench", "--model", "tiny", "--size", "64x48", "--batch", "1", "--iters", "1", "--warmup", "0",
            "--precision", "fp32,bf16", "--channels-last", "off,on", "--agreement", "2", "--json", json.toString())).isZero();
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("results")).extracting(r -> r.get("precision").asText() + " " + r.get("channels_last").asBoolean())
            .containsExactly("fp32 false", "fp32 true", "bf16 false", "bf16 true");
        JsonNode agreement = report.get("agreement");
        assertThat(agreement).hasSize(3);
        assertThat(agreement.get(0).get("max_abs_diff_levels").asDouble()).isLessThan(0.05);
        assertThat(agreement.get(1).get("ssim_vs_fp32_min").asDouble()).isBetween(0.99, 1.0);
        assertThat(agreement.get(1).get("pairs").asInt()).isEqualTo(2);
    }

    @Test
    void precisionOptionsAreRefusedWhereTheyDoNothing() {
        StringWriter err = new StringWriter();
        assertThat(Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "bench", "--train", "--model", "tiny",
            "--precision", "bf16")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString()).contains("--precision is for inference");
        assertThat(Main.run("bench", "--table2", "--channels-last")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(Main.run("bench", "--serve", "--precision", "fp32,bf16")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(Main.run("bench", "--model", "tiny", "--precision", "fp64")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(Main.run("bench", "--model", "tiny", "--channels-last", "maybe")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(Main.run("tryon", "--person", "p.png", "--cloth", "c.png", "--out", "o.png", "--precision", "fp8"))
            .isEqualTo(Main.EXIT_USER_ERROR);
    }

    @Test
    void cudaGraphsOnACpuAreOneLineNamingTheOption() {
        StringWriter err = new StringWriter();
        assertThat(Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "bench", "--model", "tiny",
            "--size", "64x48", "--cuda-graphs", "off,on")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString().strip()).isEqualTo("bench: --cuda-graphs needs --device cuda (got cpu)");
        StringWriter train = new StringWriter();
        assertThat(Main.run(new PrintWriter(new StringWriter()), new PrintWriter(train), "bench", "--train", "--model",
            "tiny", "--cuda-graphs")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(train.toString()).contains("--cuda-graphs is for inference");
    }

    @Test
    void timesATeacherTrainingStep() throws Exception {
        Path json = dir.resolve("train.json");
        int status = Main.run("bench", "--train", "--model", "tiny", "--size", "64x48", "--batch", "2", "--iters", "1",
            "--warmup", "0", "--json", json.toString());
        assertThat(status).isZero();
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("mode").asText()).isEqualTo("train_step");
        assertThat(report.get("results").get(0).get("mean_ms").asDouble()).isPositive();
    }

    @Test
    void aFreshModelTakesTheDefaultsTheHelpShows() throws Exception {
        StringWriter help = new StringWriter();
        assertThat(Main.run(new PrintWriter(help), new PrintWriter(new StringWriter()), "bench", "--help")).isZero();
        String defaultSize = ModelConfig.DEFAULT_HEIGHT + "x" + ModelConfig.DEFAULT_WIDTH;
        String text = help.toString().replaceAll("\\s+", " ");
        assertThat(text).contains("(default: " + defaultSize + ";", "(default: " + Architecture.DEFAULT.cliName() + ")",
            "(default: " + Composition.DEFAULT.cliName() + ")", "(default: 1,16;");

        Path json = dir.resolve("defaults.json");
        assertThat(Main.run("bench", "--model", "tiny", "--iters", "1", "--warmup", "0", "--json", json.toString())).isZero();
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("height").asInt()).isEqualTo(ModelConfig.DEFAULT_HEIGHT);
        assertThat(report.get("width").asInt()).isEqualTo(ModelConfig.DEFAULT_WIDTH);
        assertThat(report.get("architecture").asText()).isEqualTo(Architecture.DEFAULT.cliName());
        assertThat(report.get("composition").asText()).isEqualTo(Composition.DEFAULT.cliName());
        assertThat(report.get("results")).extracting(r -> r.get("batch").asInt()).containsExactly(1, 16);
    }

    @Test
    void aTrainedModelRunsAtItsOwnSizeAndRefusesAFreshModelsOptions() throws Exception {
        String shipped = Path.of("models", "wuton-student.safetensors").toString();
        Path json = dir.resolve("shipped.json");
        assertThat(Main.run("bench", "--model", shipped, "--batch", "1", "--iters", "1", "--warmup", "0",
            "--json", json.toString())).isZero();
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("height").asInt()).isEqualTo(128);
        assertThat(report.get("composition").asText()).isEqualTo(Composition.PERSON_AND_GARMENT.cliName());
        // even when the value given is the default: it is not what the model file says
        String defaultSize = ModelConfig.DEFAULT_HEIGHT + "x" + ModelConfig.DEFAULT_WIDTH;
        assertThat(Main.run("bench", "--model", shipped, "--size", defaultSize)).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(Main.run("bench", "--model", shipped, "--arch", Architecture.DEFAULT.cliName()))
            .isEqualTo(Main.EXIT_USER_ERROR);
    }

    @Test
    void aTrainingStepDefaultsToTheTrainingBatch() throws Exception {
        Path json = dir.resolve("train-default.json");
        assertThat(Main.run("bench", "--train", "--model", "tiny", "--size", "64x48", "--iters", "1", "--warmup", "0",
            "--json", json.toString())).isZero();
        JsonNode results = new ObjectMapper().readTree(json.toFile()).get("results");
        assertThat(results).extracting(r -> r.get("batch").asInt()).containsExactly(TrainConfig.defaults().batch());
    }

    @Test
    void serveLoadsTheServiceBesideDirectCallsAndWritesJson() throws Exception {
        Path json = dir.resolve("serve.json");
        String shipped = Path.of("models", "wuton-student.safetensors").toString();
        assertThat(Main.run("bench", "--serve", "--model", shipped, "--clients", "2", "--requests", "6",
            "--memory-requests", "0", "--max-batch", "2", "--json", json.toString())).isZero();
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("mode").asText()).isEqualTo("serve");
        assertThat(report.get("max_batch").asInt()).isEqualTo(2);
        JsonNode row = report.get("results").get(0);
        assertThat(row.get("clients").asInt()).isEqualTo(2);
        assertThat(row.get("service").get("requests").asInt()).isEqualTo(6);
        assertThat(row.get("direct").get("ok").asInt()).isEqualTo(6);
        assertThat(row.has("service_over_direct")).isTrue();
    }

    @Test
    void table2TimesHOfPAndBothTryOnsAndAddsThemUp() throws Exception {
        Path json = dir.resolve("table2.json");
        assertThat(Main.run("bench", "--table2", "--iters", "3", "--warmup", "1", "--json", json.toString())).isZero();
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("mode").asText()).isEqualTo("table2");
        JsonNode teacher = report.get("t_wuton"), student = report.get("s_wuton");
        JsonNode h = teacher.get("parsing_and_pose");
        double steps = h.get("pose_ms").asDouble() + h.get("person_mask_ms").asDouble()
            + h.get("guessed_parsing_ms").asDouble() + h.get("agnostic_person_ms").asDouble();
        assertThat(h.get("pose_ms").asDouble()).isPositive();
        assertThat(h.get("total_ms").asDouble()).isCloseTo(steps, within(1e-9));
        assertThat(teacher.get("parsing_and_pose_ms").asDouble()).isEqualTo(h.get("total_ms").asDouble());
        assertThat(teacher.get("total_ms").asDouble())
            .isCloseTo(steps + teacher.get("try_on_ms").asDouble(), within(1e-9));
        assertThat(student.get("parsing_and_pose_ms").asDouble()).isZero();
        assertThat(student.get("total_ms").asDouble()).isEqualTo(student.get("try_on_ms").asDouble()).isPositive();
        // framed on the person: h(p) without p*, then the same student pass
        JsonNode framed = report.get("s_wuton_framed");
        assertThat(framed.get("parsing_and_pose_ms").asDouble())
            .isCloseTo(steps - h.get("agnostic_person_ms").asDouble(), within(1e-9));
        assertThat(framed.get("total_ms").asDouble())
            .isCloseTo(framed.get("parsing_and_pose_ms").asDouble() + student.get("try_on_ms").asDouble(), within(1e-9));
    }

    @Test
    void table2NeedsATeacherAndAStudent() {
        StringWriter err = new StringWriter();
        String student = Path.of("models", "wuton-student.safetensors").toString();
        assertThat(Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "bench", "--table2", "--teacher",
            student)).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString()).contains("needs a teacher").contains(student + " is a student");
        assertThat(Main.run("bench", "--table2", "--serve")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(Main.run("bench", "--table2", "--size", "64x48")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(Main.run("bench", "--teacher", student)).isEqualTo(Main.EXIT_USER_ERROR);
    }

    @Test
    void optionsOfOneModeAreRefusedInTheOther() {
        assertThat(Main.run("bench", "--serve", "--batch", "2")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(Main.run("bench", "--serve", "--train")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(Main.run("bench", "--model", "tiny", "--clients", "4")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(Main.run("bench", "--serve", "--model", "tiny")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(Main.run("bench", "--serve", "--clients", "0", "--memory-requests", "0"))
            .isEqualTo(Main.EXIT_USER_ERROR);
    }

    @Test
    void badArgumentsAreUserErrors() {
        assertThat(Main.run("bench", "--size", "100x48", "--model", "tiny")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(Main.run("bench", "--size", "big")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(Main.run("bench", "--model", "huge")).isEqualTo(Main.EXIT_USER_ERROR);
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(Main.run("bench", "--model", "tiny", "--threads", Integer.toString(cores + 1)))
            .isEqualTo(Main.EXIT_USER_ERROR);
    }

    @Test
    void anExistingJsonFileIsReplacedOnlyWithForce() throws Exception {
        Path json = Files.writeString(dir.resolve("bench.json"), "mine");
        String[] args = {"bench", "--model", "tiny", "--size", "64x48", "--batch", "1", "--iters", "1", "--warmup", "0",
            "--json", json.toString()};
        assertThat(Main.run(args)).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(Files.readString(json)).isEqualTo("mine");
        String[] forced = java.util.Arrays.copyOf(args, args.length + 1);
        forced[args.length] = "--force";
        assertThat(Main.run(forced)).isZero();
        assertThat(new ObjectMapper().readTree(json.toFile()).get("mode").asText()).isEqualTo("inference");
    }

    @Test
    void percentilesInterpolateBetweenRanks() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(BenchCommand.percentile(sorted, 0.5)).isCloseTo(5.5, within(1e-12));
        assertThat(BenchCommand.percentile(sorted, 0.9)).isCloseTo(9.1, within(1e-12));
    }
}
