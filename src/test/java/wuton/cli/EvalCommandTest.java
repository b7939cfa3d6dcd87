package wuton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.data.Fixtures;
import wuton.vision.InceptionV3;
import wuton.model.ModelConfig;
import wuton.model.ModelSize;
import wuton.model.Stage;
import wuton.model.Wuton;
import wuton.modelfile.ModelFile;
import wuton.nn.SafeTensors;
import wuton.testing.Json;
import wuton.testing.TinyModels;

class EvalCommandTest {
    @TempDir
    static Path dir;
    private static Path world;
    private static Path run;

    /**
     * A small world with degraded parsing maps and an untrained tiny teacher saved as a model file (its numbers do
     * not matter here).
     */
    @BeforeAll
    static void writeWorldAndModel() {
        world = dir.resolve("world");
        run = dir.resolve("run.safetensors");
        assertThat(Main.run("synth", "--out", world.toString(), "--count", "12", "--size", "64x48", "--seed", "4",
            "--parse-noise")).isZero();
        ModelConfig config = ModelConfig.of(ModelSize.TINY, 64, 48);
        try (PointerScope scope = new PointerScope()) {
            SafeTensors.save(new Wuton(config), run, SafeTensors.DType.F32, Map.of());
        }
        new ModelFile(ModelFile.FORMAT, ModelFile.VERSION, Stage.TEACHER, config, "F32", null).writeFor(run);
    }

    @Test
    void comparesTwoModelsOnTheUnpairedTruth() throws Exception {
        Path out = dir.resolve("eval");
        int status = Main.run("eval", "--compare", run + "," + run, "--data", world.toString(), "--mode", "unpaired",
            "--out", out.toString(), "--limit", "2", "--batch", "2");
        assertThat(status).isZero();
        JsonNode root = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertThat(root.get("mode").asText()).isEqualTo("unpaired");
        // the identity baseline first, at the models' size, then the two models
        assertThat(root.get("baseline").asText()).isEqualTo("identity");
        assertThat(root.get("models")).hasSize(3);
        assertThat(root.at("/models/0/name").asText()).isEqualTo("identity");
        assertThat(Json.integer(root, "/models/0/count")).isEqualTo(2);
        JsonNode model = root.get("models").get(1);
        assertThat(model.get("name").asText()).isEqualTo("run");
        assertThat(model.get("count").asInt()).isEqualTo(2);
        assertThat(Json.number(model, "/metrics/ssim/mean")).isBetween(-1.0, 1.0);
        assertThat(model.at("/metrics/lpips/reason").asText()).isEqualTo("no --lpips-weights given");
        assertThat(model.at("/metrics/fid/reason").asText()).isEqualTo("no --inception-weights given");
        assertThat(model.at("/metrics/is/reason").asText()).contains("1000 ImageNet logits");
        // FID and KID on Mixed_6c need no option: the shipped layers are found under models/
        assertThat(Json.number(model, "/metrics/fid_mixed6c/value")).isPositive();
        assertThat(Json.number(root, "/models/2/metrics/fid_mixed6c/value"))
            .isEqualTo(Json.number(model, "/metrics/fid_mixed6c/value"));
        assertThat(Json.number(model, "/metrics/kid_mixed6c/mean")).isNotNaN();
        assertThat(model.get("regions").has("garment")).isTrue();
        // the same weights twice give the same numbers
        assertThat(Json.number(root, "/models/2/metrics/ssim/mean")).isEqualTo(Json.number(model, "/metrics/ssim/mean"));
        // an untrained network's noise is far from the person the truth nearly equals
        assertThat(model.get("beatsIdentity").asBoolean(true)).isFalse();
        assertThat(Files.readString(out.resolve("report.html"))).contains("<td>run</td>", "<td>identity</td>",
            "run does not beat identity (SSIM ", "class=\"worse\"");
    }

    @Test
    void pairedModeHasNoIdentityBaseline() throws Exception {
        Path out = dir.resolve("paired");
        assertThat(Main.run("eval", "--model", run.toString(), "--data", world.toString(), "--mode", "paired",
            "--out", out.toString(), "--limit", "2")).isZero();
        JsonNode root = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertThat(root.get("baseline").isNull()).isTrue();
        assertThat(root.get("models")).hasSize(1);
        assertThat(root.at("/models/0/name").asText()).isEqualTo("run");
        assertThat(root.at("/models/0").has("beatsIdentity")).isFalse();
        assertThat(Files.readString(out.resolve("report.html"))).doesNotContain("identity");
    }

    @Test
    void withoutTheShippedLayersMixed6cMetricsAreUnavailable() throws Exception {
        Path home = dir.resolve("bare-home");
        Files.createDirectories(home);
        Path out = dir.resolve("bare");
        String before = System.getProperty(wuton.TryOn.HOME_PROPERTY);
        System.setProperty(wuton.TryOn.HOME_PROPERTY, home.toString());
        try {
            assertThat(Main.run("eval", "--model", run.toString(), "--data", world.toString(), "--mode", "paired",
                "--out", out.toString(), "--limit", "2")).isZero();
        } finally {
            if (before == null) {
                System.clearProperty(wuton.TryOn.HOME_PROPERTY);
            } else {
                System.setProperty(wuton.TryOn.HOME_PROPERTY, before);
            }
        }
        JsonNode root = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertThat(root.at("/models/0/metrics/fid_mixed6c/reason").asText())
            .isEqualTo("no shipped Inception-v3 layers at " + home.toAbsolutePath().resolve(InceptionV3.SHIPPED_MIXED_6C));
        assertThat(root.at("/models/0/metrics/kid_mixed6c/available").asBoolean(true)).isFalse();
    }

    @Test
    void degradedParsingAddsAnEntryForEachTeacherOnly() throws Exception {
        Path student = TinyModels.write(dir, "student", Stage.STUDENT);
        Path out = dir.resolve("degraded");
        assertThat(Main.run("eval", "--compare", run + "," + student, "--data", world.toString(), "--mode", "unpaired",
            "--out", out.toString(), "--degraded-parsing")).isZero();
        JsonNode root = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertThat(root.get("models").findValuesAsText("name"))
            .containsExactly("identity", "run", "run (degraded parsing)", "student");
        JsonNode exact = root.at("/models/1");
        JsonNode degraded = root.at("/models/2");
        assertThat(degraded.get("source").asText()).isEqualTo(exact.get("source").asText());
        // 12 people: the test split has its minimum of 2
        assertThat(degraded.get("count").asInt()).isEqualTo(2);
        // the same weights on other agnostic persons: other results
        assertThat(Json.number(degraded, "/metrics/l1/mean")).isNotEqualTo(Json.number(exact, "/metrics/l1/mean"));
        assertThat(Files.readString(out.resolve("report.html"))).contains("<th>run (degraded parsing)</th>");
    }

    @Test
    void badInputIsOneLineNamingTheOption() {
        assertThat(error("eval", "--data", world.toString(), "--out", dir.resolve("x").toString()))
            .isEqualTo("eval: give either --model RUN or --compare RUN1,RUN2,...");
        assertThat(error("eval", "--model", run.toString(), "--data", world.toString(), "--out", dir.resolve("x").toString(),
            "--inception-weights", dir.resolve("missing.safetensors").toString()))
            .startsWith("eval: --inception-weights ").endsWith("missing.safetensors: no such file");
        assertThat(error("eval", "--model", dir.resolve("nothing").toString(), "--data", world.toString(), "--out",
            dir.resolve("x").toString())).contains("nothing").contains("no such model");
        assertThat(error("eval", "--model", run.toString(), "--data", dir.resolve("nowhere").toString(), "--out",
            dir.resolve("x").toString())).isEqualTo("eval: --data " + dir.resolve("nowhere") + ": no such folder");
        Path exactOnly = Fixtures.vitonHd(dir.resolve("exact-only"), 2);
        assertThat(error("eval", "--model", run.toString(), "--data", exactOnly.toString(), "--out", dir.resolve("x").toString(),
            "--degraded-parsing")).isEqualTo("eval: no degraded parsing maps: " + exactOnly.resolve("test/image-parse-v3-noisy")
            + " is missing (./wuton synth --parse-noise writes them beside image-parse-v3/)");
    }

    @Test
    void maxBadLetsASetWithOneBadPairInFourBeEvaluated() throws Exception {
        Path data = Fixtures.vitonHd(dir.resolve("one-bad"), 4);
        Files.delete(data.resolve("test/openpose_json/00002_00_keypoints.json"));
        String[] args = {"eval", "--model", run.toString(), "--data", data.toString(), "--out",
            dir.resolve("one-bad-eval").toString()};
        assertThat(error(args)).startsWith("eval: too much bad data: at least 1 of 4 samples are bad (1 missing file),"
            + " more than --max-bad 0.05 tolerates");
        String[] tolerant = java.util.Arrays.copyOf(args, args.length + 2);
        tolerant[args.length] = "--max-bad";
        tolerant[args.length + 1] = "0.25";
        assertThat(Main.run(tolerant)).isZero();
        JsonNode root = new ObjectMapper().readTree(dir.resolve("one-bad-eval/metrics.json").toFile());
        assertThat(Json.integer(root, "/models/0/count")).isEqualTo(3);
        assertThat(error("eval", "--model", run.toString(), "--data", data.toString(), "--out", dir.resolve("x").toString(),
            "--max-bad", "2")).isEqualTo("eval: --max-bad 2.0: must be a fraction between 0 and 1");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void outMayBeAPreviousEvalButNotAnInputNorAForeignFolderWithoutForce() throws Exception {
        Path out = dir.resolve("again");
        String[] args = {"eval", "--model", run.toString(), "--data", world.toString(), "--limit", "1", "--out",
            out.toString()};
        assertThat(Main.run(args)).isZero();
        assertThat(Main.run(args)).isZero();

        Path inData = world.resolve("eval");
        assertThat(error("eval", "--model", run.toString(), "--data", world.toString(), "--out", inData.toString(), "--force"))
            .isEqualTo("eval: --out " + inData + ": is inside the --data folder " + world + "; write elsewhere");
        assertThat(inData).doesNotExist();

        Path foreign = Files.createDirectories(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "keep");
        String[] intoForeign = {"eval", "--model", run.toString(), "--data", world.toString(), "--limit", "1", "--out",
            foreign.toString()};
        assertThat(error(intoForeign)).isEqualTo("eval: --out " + foreign + ": folder holds files other than eval results"
            + " (metrics.json, report.html) (use --force to write into it anyway, or another --out)");
        assertThat(foreign.resolve("metrics.json")).doesNotExist();
        String[] forced = java.util.Arrays.copyOf(intoForeign, intoForeign.length + 1);
        forced[intoForeign.length] = "--force";
        assertThat(Main.run(forced)).isZero();
        assertThat(foreign.resolve("metrics.json")).exists();
        assertThat(Files.readString(foreign.resolve("notes.txt"))).isEqualTo("keep");
    }

    /** Runs the CLI, expects exit status 2 and returns its one line of error. */
    private static String error(String... args) {
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
        assertThat(status).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString().lines()).hasSize(1);
        return err.toString().strip();
    }
}
