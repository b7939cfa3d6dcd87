package wuton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.common.DeclaredSetting;
import wuton.train.TrainConfig;

class TrainCommandTest {
    @TempDir
    static Path shared;
    static Path world;
    /** No VGG passes (the slow part on a CPU) and a quick learning rate. */
    static Path fastConfig;

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter(), err = new StringWriter();

    @BeforeAll
    static void writeWorld() throws Exception {
        world = shared.resolve("world");
        assertThat(Main.run("synth", "--out", world.toString(), "--count", "12", "--size", "64x48")).isZero();
        fastConfig = shared.resolve("fast.json");
        Files.writeString(fastConfig, "{\"weights\": {\"perceptual\": 0}, \"adam\": {\"learningRate\": 0.001}}");
    }

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private int train(Path runDir, String... more) {
        return train(world, runDir, more);
    }

    private int train(Path data, Path runDir, String... more) {
        String[] base = {"train", "--stage", "teacher", "--data", data.toString(), "--out", runDir.toString(),
            "--model", "tiny", "--size", "64x48", "--batch", "2", "--workers", "1"};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return run(args);
    }

    /** Each option that sets a config field shows the field's declared description and default, beside it. */
    @Test
    void theHelpShowsEachConfigFieldsDescriptionAndDefault() {
        assertThat(run("train", "--help")).isZero();
        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help).doesNotContain("${");
        TrainConfig d = TrainConfig.defaults();
        Map<String, String> about = TrainConfig.declaredSettings().stream()
            .collect(Collectors.toMap(DeclaredSetting::name, DeclaredSetting::description));
        assertThat(help)
            .contains("--steps=N " + about.get("steps") + " (default: " + d.steps() + ").")
            .contains("--batch=B " + about.get("batch") + " (default: " + d.batch() + ").")
            .contains("--seed=S " + about.get("seed") + " (default: " + d.seed() + ").")
            .contains("--log-every=N " + about.get("logEvery") + " (default: " + d.logEvery() + ").")
            .contains("--sample-every=N " + about.get("sampleEvery") + " (default: " + d.sampleEvery() + ").")
            .contains("--checkpoint-every=N " + about.get("checkpointEvery") + " (default: " + d.checkpointEvery() + ").")
            .contains("--size=HxW Training height x width, multiples of 16 (default: " + d.height() + "x" + d.width() + ").")
            .contains("--model=<model> " + about.get("model") + " (default: " + spelt(d.model()) + ").")
            .contains("--stage=<stage> " + about.get("stage") + " (default: " + spelt(d.stage()) + ").")
            .contains("--arch=<architecture> " + about.get("architecture") + " (default: " + spelt(d.architecture()) + ").")
            .contains("--compose=HOW " + about.get("composition") + " (default: " + spelt(d.composition()) + ").")
            .contains("--lr-schedule=HOW " + about.get("lrSchedule") + " (default: " + spelt(d.lrSchedule()) + ").")
            .contains("--reconstruction=W " + about.get("weights.reconstruction") + " (default: "
                + plain(d.weights().reconstruction()) + ", the paper's objective).")
            .contains("(adversarial weight 0 instead of " + plain(d.weights().adversarial()) + ")")
            .contains("--keep-arms " + about.get("keepArms") + ". See")
            .contains("--borrowed-mask " + about.get("borrowedMask") + ". See")
            .contains("--teacher=RUN " + about.get("teacher") + ".")
            .contains("--vgg-weights=FILE " + about.get("vggWeights") + ".")
            .contains("--perceptual-network=NET " + about.get("perceptualNetwork") + " (default: "
                + spelt(d.perceptualNetwork()) + ").");
    }

    /** An enum as the command line spells it: PERSON_AND_GARMENT as person-and-garment. */
    private static String spelt(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    @Test
    void writesTheRunFolder() throws Exception {
        Path runDir = tmp.resolve("run");
        assertThat(train(runDir, "--config", fastConfig.toString(), "--steps", "6", "--log-every", "2",
            "--sample-every", "3")).isZero();
        assertThat(out.toString()).contains(runDir.toAbsolutePath().toString());
        assertThat(Files.readString(runDir.resolve("config.json"))).contains("\"TINY\"").contains("\"perceptual\" : 0.0");
        assertThat(Files.readString(runDir.resolve("provenance.json"))).contains("\"world\"").contains("\"seed\"")
            .contains("seeded_random");
        assertThat(Files.readAllLines(runDir.resolve("metrics.csv"))).hasSize(4).first().asString().contains("rss_mb");
        assertThat(runDir.resolve("samples/step-0000003.png")).exists();
        assertThat(runDir.resolve("loss.svg")).exists();
        assertThat(runDir.resolve("checkpoints/last/generator.safetensors")).exists();
        assertThat(runDir.resolve("checkpoints/last/generator-adam.pt")).exists();

        // a second start into the same folder is refused; a resume may not change the seed
        assertThat(train(runDir, "--steps", "8")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString()).contains("already holds a training run").contains("--force");
        assertThat(train(runDir, "--resume", "--steps", "8", "--seed", "5")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString()).contains("only --steps");
    }

    @Test
    void aRunOnTheInceptionFeaturesSaysSoAndResumesWithThem() throws Exception {
        Path runDir = tmp.resolve("run");
        Path withPerceptual = Files.writeString(tmp.resolve("quick.json"), "{\"adam\": {\"learningRate\": 0.001}}");
        assertThat(train(runDir, "--config", withPerceptual.toString(), "--perceptual-network", "inception",
            "--steps", "2", "--log-every", "1", "--sample-every", "10")).isZero();
        assertThat(Files.readString(runDir.resolve("config.json"))).contains("\"perceptualNetwork\" : \"INCEPTION\"");
        JsonNode provenance = new ObjectMapper().readTree(runDir.resolve("provenance.json").toFile());
        assertThat(provenance.get("perceptualNetwork").asText()).isEqualTo("inception");
        assertThat(provenance.get("perceptualFeatures").asText()).contains("Mixed_6c").contains("inception-v3-mixed6c");
        assertThat(provenance.get("vggWeights").isNull()).isTrue();
        assertThat(train(runDir, "--resume", "--steps", "3", "--log-every", "1")).isZero();
        List<String> rows = Files.readAllLines(runDir.resolve("metrics.csv"));
        assertThat(rows).hasSize(4);
        int perceptual = List.of(rows.get(0).split(",")).indexOf("perceptual");
        for (String row : rows.subList(1, rows.size())) {
            assertThat(Double.parseDouble(row.split(",")[perceptual])).as(row).isPositive();
        }
        // the network is part of what the run computes: a resume may not change it
        assertThat(train(runDir, "--resume", "--steps", "4", "--perceptual-network", "vgg19"))
            .isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(lastLine(err)).contains("only --steps");
        assertThat(train(tmp.resolve("other"), "--perceptual-network", "inception", "--vgg-weights",
            withPerceptual.toString())).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(lastLine(err)).endsWith("drop --vgg-weights or --perceptual-network inception");
    }

    @Test
    void aLossThatOverflowsStopsTheRunAndKeepsTheLastGoodCheckpoint() throws Exception {
        Path runDir = tmp.resolve("run");
        assertThat(train(runDir, "--config", fastConfig.toString(), "--steps", "4", "--checkpoint-every", "2")).isZero();
        Path generator = runDir.resolve("checkpoints/last/generator.safetensors");
        byte[] good = Files.readAllBytes(generator);
        // as a user might: raise a weight by hand in the run's config so that the next steps overflow
        Path config = runDir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"l1\" : 1.0", "\"l1\" : 1.0E39"));

        assertThat(train(runDir, "--resume", "--steps", "8")).isEqualTo(Main.EXIT_USER_ERROR);
        String message = err.toString().trim();
        assertThat(message).startsWith("train: step 5: the generator_total loss is Infinity").doesNotContain("\n");
        assertThat(Files.readAllBytes(generator)).isEqualTo(good);
        assertThat(Files.readString(runDir.resolve("checkpoints/last/state.json"))).contains("\"step\" : 4");
    }

    @Test
    void aStudentCachesItsTeacherInItsRunFolderWhenGivenNoFolder() throws Exception {
        Path teacher = tmp.resolve("teacher");
        assertThat(train(teacher, "--config", fastConfig.toString(), "--steps", "2")).isZero();
        assertThat(train(tmp.resolve("t2"), "--cache-teacher", "--steps", "2")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString().trim()).contains("--cache-teacher is for --stage student").doesNotContain("\n");

        Path student = tmp.resolve("student");
        assertThat(run("train", "--stage", "student", "--teacher", teacher.toString(), "--data", world.toString(),
            "--out", student.toString(), "--model", "tiny", "--size", "64x48", "--batch", "2", "--workers", "1",
            "--config", fastConfig.toString(), "--steps", "2", "--cache-teacher")).as(err.toString()).isZero();
        assertThat(student.resolve("teacher-cache/cache.json")).exists();
        assertThat(Files.readString(student.resolve("config.json")))
            .contains("\"teacherCache\" : \"" + student.resolve("teacher-cache").toAbsolutePath());

        // another teacher's student may not use that cache, and the refused start leaves its --out free
        Path otherTeacher = tmp.resolve("teacher2");
        assertThat(train(otherTeacher, "--config", fastConfig.toString(), "--steps", "1")).isZero();
        String[] second = {"train", "--stage", "student", "--teacher", otherTeacher.toString(), "--data",
            world.toString(), "--out", tmp.resolve("student2").toString(), "--model", "tiny", "--size", "64x48",
            "--batch", "2", "--workers", "1", "--config", fastConfig.toString(), "--steps", "1", "--cache-teacher"};
        String[] foreignCache = java.util.Arrays.copyOf(second, second.length);
        foreignCache[foreignCache.length - 1] = "--cache-teacher=" + student.resolve("teacher-cache");
        assertThat(run(foreignCache)).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString().trim().lines().reduce((a, b) -> b).orElseThrow())
            .startsWith("train: " + student.resolve("teacher-cache")).contains("another teacher");
        String[] fileAsCache = java.util.Arrays.copyOf(second, second.length);
        fileAsCache[fileAsCache.length - 1] = "--cache-teacher=" + fastConfig;
        assertThat(run(fileAsCache)).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString().trim().lines().reduce((a, b) -> b).orElseThrow())
            .isEqualTo("train: --cache-teacher " + fastConfig.toAbsolutePath() + ": exists and is not a folder");
        assertThat(run(second)).as(err.toString()).isZero();
    }

    @Test
    void aRunThatFailedBeforeItsFirstCheckpointCanBeStartedAgainInItsFolder() throws Exception {
        // 2 of the 10 training people unreadable: more than the default --max-bad, found once the run has started
        Path broken = tmp.resolve("broken");
        assertThat(Main.run("synth", "--out", broken.toString(), "--count", "12", "--size", "64x48")).isZero();
        Files.writeString(broken.resolve("train/image/00001_00.png"), "garbage");
        Files.writeString(broken.resolve("train/image/00002_00.png"), "garbage");
        Path runDir = tmp.resolve("run");
        assertThat(train(broken, runDir, "--config", fastConfig.toString(), "--steps", "2")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(lastLine(err)).startsWith("train: too much bad data: at least ").contains("of 10 samples are bad")
            .contains("--max-bad 0.05");
        assertThat(runDir.resolve("config.json")).exists();

        assertThat(train(broken, runDir, "--resume")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(lastLine(err)).isEqualTo("train: --resume: the run in " + runDir + " never reached a checkpoint;"
            + " start it again without --resume (that replaces it)");
        assertThat(train(broken, runDir, "--config", fastConfig.toString(), "--steps", "2", "--max-bad", "0.2"))
            .as(err.toString()).isZero();
        assertThat(runDir.resolve("checkpoints/last/state.json")).exists();
    }

    @Test
    void aNewRunRefusesAFolderOfOtherFilesOrInsideItsDataUnlessForced() throws Exception {
        Path foreign = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(foreign.resolve("notes.txt"), "keep");
        assertThat(train(foreign, "--steps", "1")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(lastLine(err)).isEqualTo("train: --out " + foreign + ": folder holds files other than a training run"
            + " (use --force to write into it anyway, or another --out)");
        assertThat(foreign.resolve("config.json")).doesNotExist();
        assertThat(train(foreign, "--config", fastConfig.toString(), "--steps", "1", "--force")).as(err.toString()).isZero();
        assertThat(Files.readString(foreign.resolve("notes.txt"))).isEqualTo("keep");

        // a started run is replaced only with --force
        assertThat(train(foreign, "--config", fastConfig.toString(), "--steps", "2", "--force")).as(err.toString()).isZero();
        assertThat(Files.readString(foreign.resolve("checkpoints/last/state.json"))).contains("\"step\" : 2");

        Path inData = world.resolve("run");
        assertThat(train(inData, "--steps", "1", "--force")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(lastLine(err)).isEqualTo("train: --out " + inData + ": is inside the --data folder " + world
            + "; write elsewhere");
        assertThat(inData).doesNotExist();

        // nor does eval write into the run, an input of it
        Path evalOut = foreign.resolve("eval");
        assertThat(run("eval", "--model", foreign.toString(), "--data", world.toString(), "--out", evalOut.toString()))
            .isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(lastLine(err)).isEqualTo("eval: --out " + evalOut + ": is inside the --model folder " + foreign
            + "; write elsewhere");
    }

    private static String lastLine(StringWriter text) {
        return text.toString().strip().lines().reduce((a, b) -> b).orElse("");
    }

    @Test
    void aMissingDataFolderIsAOneLineError() {
        assertThat(train(tmp.resolve("nowhere"), tmp.resolve("run"))).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString().trim()).startsWith("train: --data").contains("no such folder").doesNotContain("\n");
        assertThat(tmp.resolve("run")).doesNotExist();
    }

    @Test
    void resumingNothingIsAOneLineError() {
        assertThat(train(tmp.resolve("run"), "--resume")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString().trim()).contains("holds no training run").doesNotContain("\n");
    }
}
