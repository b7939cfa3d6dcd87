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
import wuton.model.ModelConfig;
import wuton.model.ModelSize;
import wuton.model.Wuton;
import wuton.train.ModelFile;
import wuton.train.SafeTensors;
import wuton.train.Stage;

class EvalCommandTest {
    @TempDir
    static Path dir;
    private static Path world;
    private static Path run;

    /** A small world and an untrained tiny teacher saved as a model file (its numbers do not matter here). */
    @BeforeAll
    static void writeWorldAndModel() {
        world = dir.resolve("world");
        run = dir.resolve("run.safetensors");
        assertThat(Main.run("synth", "--out", world.toString(), "--count", "12", "--size", "64x48", "--seed", "4")).isZero();
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
        assertThat(root.get("models")).hasSize(2);
        JsonNode model = root.get("models").get(0);
        assertThat(model.get("name").asText()).isEqualTo("run");
        assertThat(model.get("count").asInt()).isEqualTo(2);
        assertThat(model.at("/metrics/ssim/mean").asDouble()).isBetween(-1.0, 1.0);
        assertThat(model.at("/metrics/lpips/reason").asText()).isEqualTo("no --lpips-weights given");
        assertThat(model.at("/metrics/fid/reason").asText()).isEqualTo("no --inception-weights given");
        assertThat(model.get("regions").has("garment")).isTrue();
        // the same weights twice give the same numbers
        assertThat(root.at("/models/1/metrics/ssim/mean").asDouble()).isEqualTo(model.at("/metrics/ssim/mean").asDouble());
        assertThat(Files.readString(out.resolve("report.html"))).contains("<td>run</td>");
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
