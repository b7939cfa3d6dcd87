package wuton.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.data.Batch;
import wuton.data.Pairing;
import wuton.synth.SyntheticWorld;
import wuton.synth.WorldConfig;
import wuton.synth.WorldWriter;

/** The evaluation run end to end on a tiny synthetic world, with two "models" whose results are known. */
class EvaluationTest {
    private static final int HEIGHT = 64;
    private static final int WIDTH = 48;

    @TempDir
    static Path world;

    @BeforeAll
    static void writeWorld() {
        // 20 people, 5 of them in the test split, every accessory drawn
        WorldWriter writer = new WorldWriter(new SyntheticWorld(new WorldConfig(20, HEIGHT, WIDTH, 3, 0.25, 1.0, false)), world);
        writer.prepare(false);
        writer.write(i -> { });
    }

    /** Returns the ground truth itself: perfect scores everywhere. */
    private record Oracle() implements EvaluatedModel {
        public String name() {
            return "oracle";
        }

        public Path source() {
            return Path.of("oracle.safetensors");
        }

        public int height() {
            return HEIGHT;
        }

        public int width() {
            return WIDTH;
        }

        public Tensor tryOn(Batch batch) {
            return batch.truth().clone();
        }
    }

    /** Returns the person unchanged: perfect outside the garment, wrong where the garment changes. */
    private record Unchanged() implements EvaluatedModel {
        public String name() {
            return "unchanged";
        }

        public Path source() {
            return Path.of("unchanged.safetensors");
        }

        public int height() {
            return HEIGHT;
        }

        public int width() {
            return WIDTH;
        }

        public Tensor tryOn(Batch batch) {
            return batch.person().clone();
        }
    }

    @Test
    void unpairedRunScoresEachRegionAndWritesTheDocumentedSchema(@TempDir Path out) throws Exception {
        Evaluation evaluation = new Evaluation(new Evaluation.Settings(world, Pairing.UNPAIRED, 2, 4, 0, 3, null,
            "no --inception-weights given", Frozen.freeze(new Lpips()), null));
        int[] progress = {0};
        EvalResults results = evaluation.run(List.of(new Oracle(), new Unchanged()), "wuton test", n -> progress[0] += n);
        assertThat(progress[0]).isEqualTo(8);
        assertThat(results.examples()).hasSize(3);
        assertThat(results.examples().get(0).results()).hasSize(2);
        assertThat(results.examples().get(0).truth()).isNotNull();

        MetricsJson.write(out.resolve("metrics.json"), results);
        JsonNode root = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertThat(root.get("mode").asText()).isEqualTo("unpaired");
        assertThat(root.get("wutonVersion").asText()).isEqualTo("wuton test");
        assertThat(root.get("data").asText()).isEqualTo(world.toAbsolutePath().normalize().toString());
        JsonNode oracle = root.get("models").get(0);
        assertThat(oracle.get("name").asText()).isEqualTo("oracle");
        assertThat(oracle.get("count").asInt()).isEqualTo(4);
        assertThat(oracle.at("/metrics/ssim/mean").asDouble()).isEqualTo(1.0);
        assertThat(oracle.at("/metrics/ssim/std").asDouble()).isEqualTo(0.0);
        assertThat(oracle.at("/metrics/ssim/count").asInt()).isEqualTo(4);
        assertThat(oracle.at("/metrics/psnr/mean").asDouble()).isEqualTo(Psnr.MAX_DB);
        assertThat(oracle.at("/metrics/l1/mean").asDouble()).isEqualTo(0.0);
        // a randomly initialised LPIPS network here: the distance of identical images is 0 whatever the weights
        assertThat(oracle.at("/metrics/lpips/mean").asDouble()).isEqualTo(0.0);
        assertThat(oracle.at("/metrics/fid/available").asBoolean(true)).isFalse();
        assertThat(oracle.at("/metrics/fid/reason").asText()).isEqualTo("no --inception-weights given");
        assertThat(oracle.at("/metrics/kid/available").asBoolean(true)).isFalse();
        assertThat(oracle.at("/metrics/is/available").asBoolean(true)).isFalse();
        assertThat(oracle.get("regions").fieldNames()).toIterable()
            .containsExactly("garment", "arms_and_hands", "accessories", "face_and_rest");
        assertThat(oracle.at("/regions/accessories/l1/mean").asDouble()).isEqualTo(0.0);

        // the unchanged person: the garment is wrong, the face and the rest are the same pixels (docs/world.md)
        JsonNode unchanged = root.get("models").get(1);
        assertThat(unchanged.at("/regions/garment/l1/mean").asDouble()).isGreaterThan(0.01);
        assertThat(unchanged.at("/regions/face_and_rest/l1/mean").asDouble())
            .isLessThan(unchanged.at("/regions/garment/l1/mean").asDouble() / 10);
        assertThat(unchanged.at("/metrics/ssim/mean").asDouble()).isLessThan(1.0);

        HtmlReport.write(out.resolve("report.html"), results);
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("<td>oracle</td>", "data:image/png;base64,", "Region: arms and hands", "n/a")
            .doesNotContain("http://", "https://");
    }

    @Test
    void inceptionMetricsCompareResultsWithTheTruths() {
        // a randomly initialised network (tests only): the oracle's results are the real images, FID 0
        InceptionV3 inception = Frozen.freeze(InceptionV3Test.heNormal(new InceptionV3(75)));
        Evaluation evaluation = new Evaluation(new Evaluation.Settings(world, Pairing.UNPAIRED, 4, 3, 0, 0, inception, null,
            null, "no --lpips-weights given"));
        EvalResults results = evaluation.run(List.of(new Oracle(), new Unchanged()), "wuton test", n -> { });
        double oracle = ((Metric.Single) results.models().get(0).metrics().get(MetricName.FID)).value();
        double unchanged = ((Metric.Single) results.models().get(1).metrics().get(MetricName.FID)).value();
        assertThat(unchanged).isPositive();
        assertThat(Math.abs(oracle)).isLessThan(1e-6 * unchanged);
        Summary kid = ((Metric.Measured) results.models().get(1).metrics().get(MetricName.KID)).summary();
        assertThat(kid.count()).isEqualTo(Kid.DEFAULT_SUBSETS);
        // 3 images: one split, and an Inception score between 1 and the number of images
        Summary is = ((Metric.Measured) results.models().get(0).metrics().get(MetricName.IS)).summary();
        assertThat(is.count()).isEqualTo(1);
        assertThat(is.mean()).isBetween(1.0, 3.0);
    }

    @Test
    void pairedRunHasNoUnpairedTruthButThePersonItself() {
        Evaluation evaluation = new Evaluation(new Evaluation.Settings(world, Pairing.PAIRED, 4, 0, 0, 0, null, "none", null,
            "no --lpips-weights given"));
        EvalResults results = evaluation.run(List.of(new Unchanged()), "wuton test", n -> { });
        ModelResult m = results.models().get(0);
        assertThat(m.count()).isEqualTo(5);
        // paired: the person is the truth, so returning it is perfect
        assertThat(((Metric.Measured) m.metrics().get(MetricName.SSIM)).summary().mean()).isEqualTo(1.0);
        assertThat(results.examples()).isEmpty();
        assertThat(m.metrics().get(MetricName.LPIPS)).isEqualTo(new Metric.Unavailable("no --lpips-weights given"));
    }
}
