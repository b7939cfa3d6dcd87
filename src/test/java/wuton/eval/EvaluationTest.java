package wuton.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.data.BadData;
import wuton.data.Batch;
import wuton.data.Dataset;
import wuton.data.Loader;
import wuton.data.Pairing;
import wuton.data.Split;
import wuton.nn.Frozen;
import wuton.synth.SyntheticWorld;
import wuton.synth.WorldConfig;
import wuton.synth.WorldWriter;
import wuton.testing.Json;
import wuton.vision.InceptionV3;
import wuton.vision.RandomInception;

/** The evaluation run end to end on a tiny synthetic world, with two "models" whose results are known. */
class EvaluationTest {
    private static final int HEIGHT = 64;
    private static final int WIDTH = 48;

    @TempDir
    static Path world;

    @BeforeAll
    static void writeWorld() {
        // 20 people, 5 of them in the test split, every accessory drawn
        WorldConfig config = WorldConfig.builder(HEIGHT, WIDTH).count(20).seed(3).testFraction(0.25).accessoryFraction(1.0)
            .build();
        WorldWriter writer = new WorldWriter(new SyntheticWorld(config), world);
        writer.prepare(false);
        writer.write(i -> { });
    }

    /** A "model" whose results are a function of the batch, at the world's size. */
    private record Fixed(String name, Function<Batch, Tensor> results) implements EvaluatedModel {
        public Path source() {
            return Path.of(name + ".safetensors");
        }

        public int height() {
            return HEIGHT;
        }

        public int width() {
            return WIDTH;
        }

        public Tensor tryOn(Batch batch) {
            return results.apply(batch);
        }
    }

    /** Returns the ground truth itself: perfect scores everywhere. */
    private static final Fixed ORACLE = new Fixed("oracle", b -> b.truth().clone());
    /** Returns the person unchanged: perfect outside the garment, wrong where the garment changes. */
    private static final Fixed UNCHANGED = new Fixed("unchanged", b -> b.person().clone());
    /** Returns a uniform gray image: worse than the person on every pixel the person shares with the truth. */
    private static final Fixed GRAY = new Fixed("gray", b -> torch.zeros_like(b.person()));

    @Test
    void settingsGivenOnlyDataAndModeHoldTheDefaults() {
        assertThat(Evaluation.Settings.builder(world, Pairing.PAIRED).build()).isEqualTo(new Evaluation.Settings(world,
            Pairing.PAIRED, Evaluation.Settings.DEFAULT_BATCH, Evaluation.Settings.DEFAULT_LIMIT,
            Evaluation.Settings.DEFAULT_SEED, Evaluation.Settings.DEFAULT_EXAMPLES, null, "no Inception-v3 network given",
            null, "no Inception-v3 Mixed_6c layers given", null, "no LPIPS network given", false, null,
            BadData.DEFAULT_MAX_FRACTION));
    }

    @Test
    void unpairedRunScoresEachRegionAndWritesTheDocumentedSchema(@TempDir Path out) throws Exception {
        Evaluation evaluation = new Evaluation(Evaluation.Settings.builder(world, Pairing.UNPAIRED).batchSize(2).limit(4)
            .examples(3).noInception("no --inception-weights given").lpips(Frozen.freeze(new Lpips())).build());
        int[] progress = {0};
        EvalResults results = evaluation.run(List.of(ORACLE, UNCHANGED), "wuton test", n -> progress[0] += n);
        // the identity baseline runs first, then the two models: 3 x 4 pairs
        assertThat(progress[0]).isEqualTo(12);
        assertThat(results.examples()).hasSize(3);
        assertThat(results.examples().get(0).results()).hasSize(3);
        assertThat(results.examples().get(0).truth()).isNotNull();

        MetricsJson.write(out.resolve("metrics.json"), results);
        JsonNode root = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertThat(root.get("mode").asText()).isEqualTo("unpaired");
        assertThat(root.get("wutonVersion").asText()).isEqualTo("wuton test");
        assertThat(root.get("data").asText()).isEqualTo(world.toAbsolutePath().normalize().toString());
        assertThat(root.get("baseline").asText()).isEqualTo("identity");
        JsonNode identity = root.get("models").get(0);
        assertThat(identity.get("name").asText()).isEqualTo("identity");
        assertThat(identity.get("source").isNull()).isTrue();
        assertThat(identity.has("beatsIdentity")).isFalse();
        JsonNode oracle = root.get("models").get(1);
        assertThat(oracle.get("beatsIdentity").asBoolean(false)).isTrue();
        assertThat(oracle.get("name").asText()).isEqualTo("oracle");
        assertThat(oracle.get("count").asInt()).isEqualTo(4);
        assertThat(Json.number(oracle, "/metrics/ssim/mean")).isEqualTo(1.0);
        assertThat(Json.number(oracle, "/metrics/ssim/std")).isEqualTo(0.0);
        assertThat(Json.integer(oracle, "/metrics/ssim/count")).isEqualTo(4);
        assertThat(Json.number(oracle, "/metrics/psnr/mean")).isEqualTo(Psnr.MAX_DB);
        assertThat(Json.number(oracle, "/metrics/l1/mean")).isEqualTo(0.0);
        // a randomly initialised LPIPS network here: the distance of identical images is 0 whatever the weights
        assertThat(Json.number(oracle, "/metrics/lpips/mean")).isEqualTo(0.0);
        assertThat(oracle.at("/metrics/fid/available").asBoolean(true)).isFalse();
        assertThat(oracle.at("/metrics/fid/reason").asText()).isEqualTo("no --inception-weights given");
        assertThat(oracle.at("/metrics/kid/available").asBoolean(true)).isFalse();
        assertThat(oracle.at("/metrics/is/available").asBoolean(true)).isFalse();
        assertThat(oracle.at("/metrics/is/reason").asText()).startsWith("no --inception-weights given; ")
            .contains("1000 ImageNet logits");
        assertThat(oracle.at("/metrics/fid_mixed6c/reason").asText()).isEqualTo("no Inception-v3 Mixed_6c layers given");
        assertThat(oracle.at("/metrics").fieldNames()).toIterable().containsExactly("ssim", "psnr", "l1", "lpips",
            "fid_mixed6c", "kid_mixed6c", "fid", "kid", "is");
        assertThat(oracle.get("regions").fieldNames()).toIterable()
            .containsExactly("garment", "arms_and_hands", "accessories", "face_and_rest");
        assertThat(Json.number(oracle, "/regions/accessories/l1/mean")).isEqualTo(0.0);

        // the unchanged person: the garment is wrong, the face and the rest are the same pixels (docs/world.md)
        JsonNode unchanged = root.get("models").get(2);
        // the same pixels as the baseline: equal is not better
        assertThat(Json.number(unchanged, "/metrics/ssim/mean")).isEqualTo(Json.number(identity, "/metrics/ssim/mean"));
        assertThat(unchanged.get("beatsIdentity").asBoolean(true)).isFalse();
        assertThat(Json.number(unchanged, "/regions/garment/l1/mean")).isGreaterThan(0.01);
        assertThat(Json.number(unchanged, "/regions/face_and_rest/l1/mean"))
            .isLessThan(Json.number(unchanged, "/regions/garment/l1/mean") / 10);
        assertThat(Json.number(unchanged, "/metrics/ssim/mean")).isLessThan(1.0);

        HtmlReport.write(out.resolve("report.html"), results, Map.of());
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("<td>oracle</td>", "<tr class=\"baseline\"><td>identity</td>", "data:image/png;base64,",
                "Region: arms and hands", "n/a", "unchanged does not beat identity (SSIM ")
            .doesNotContain("http://", "https://", "oracle does not beat");
        // the oracle's SSIM, PSNR and L1 are the best there are (LPIPS is not compared here: with random weights a
        // distance can be negative)
        String oracleRow = html.substring(html.indexOf("<tr><td>oracle</td>"));
        assertThat(oracleRow.substring(0, oracleRow.indexOf("</tr>"))).startsWith("<tr><td>oracle</td><td>4</td>"
            + "<td>1.000 &plusmn; 0.000</td><td>100.0 &plusmn; 0.000</td><td>0.000 &plusmn; 0.000</td>");
        // 3 example rows of person, garment, 3 results and the truth
        assertThat(html.split("<img ", -1)).hasSize(1 + 3 * 6);
    }

    @Test
    void identityScoresThePersonAgainstTheTruthAsSsimDoes() {
        Evaluation evaluation = new Evaluation(Evaluation.Settings.builder(world, Pairing.UNPAIRED).batchSize(4).limit(4)
            .examples(0).build());
        assertThat(evaluation.lineUp(List.of(ORACLE)).get(0)).isEqualTo(new Identity(HEIGHT, WIDTH));
        ModelResult identity = evaluation.run(List.of(ORACLE), "wuton test", n -> { }).models().get(0);
        assertThat(identity.baseline()).isTrue();

        double[] expected;
        try (Loader loader = new Loader(Dataset.open(world, Split.TEST, Pairing.UNPAIRED, 0), Loader.Options.builder(WIDTH, HEIGHT, 4).build());
             Batch batch = loader.next(); PointerScope scope = new PointerScope()) {
            expected = Ssim.perImage(batch.person(), batch.truth());
        }
        Summary ssim = ((Metric.Measured) identity.metrics().get(MetricName.SSIM)).summary();
        assertThat(ssim.count()).isEqualTo(4);
        assertThat(ssim.mean()).isCloseTo(Summary.of(expected).mean(), within(1e-12));
        assertThat(ssim.mean()).isLessThan(1.0);
    }

    @Test
    void aModelBelowTheBaselineIsFlaggedAndItsWorseCellsMarked() {
        Evaluation evaluation = new Evaluation(Evaluation.Settings.builder(world, Pairing.UNPAIRED).batchSize(4).limit(4)
            .examples(1).build());
        EvalResults results = evaluation.run(List.of(GRAY), "wuton test", n -> { });
        ModelResult identity = results.baseline().orElseThrow();
        ModelResult gray = results.models().get(1);
        assertThat(Baseline.beats(gray, identity)).contains(false);
        assertThat(MetricsJson.of(results).at("/models/1/beatsIdentity").asBoolean(true)).isFalse();

        String html = HtmlReport.html(results, Map.of());
        String flag = String.format(Locale.ROOT, "<p class=\"flag\">gray does not beat identity (SSIM %.4g vs %.4g)</p>",
            Baseline.ssim(gray).getAsDouble(), Baseline.ssim(identity).getAsDouble());
        assertThat(html).contains(flag);
        assertThat(html.indexOf(flag)).isLessThan(html.indexOf("<h2>Metrics</h2>"));
        // in the overall table gray is worse on SSIM, PSNR and L1; LPIPS, FID and KID (on Mixed_6c and on pool3) and IS
        // are n/a and not compared
        String overall = html.substring(html.indexOf("<tr><td>gray</td>"));
        overall = overall.substring(0, overall.indexOf("</tr>"));
        assertThat(overall.split("<td class=\"worse\">", -1)).hasSize(1 + 3);
        assertThat(overall.split("<td class=\"na\"", -1)).hasSize(1 + 6);
        // where the person still wears their own garment but the truth another, mid-gray may be nearer in colour than the
        // old garment; on the accessories, which are the person's own pixels, it is worse on every metric
        String accessories = html.substring(html.indexOf("<h2>Region: accessories</h2>"));
        accessories = accessories.substring(accessories.indexOf("<tr><td>gray</td>"));
        accessories = accessories.substring(0, accessories.indexOf("</tr>"));
        assertThat(accessories.split("<td class=\"worse\">", -1)).hasSize(1 + 3);
    }

    @Test
    void inceptionMetricsCompareResultsWithTheTruths() {
        // a randomly initialised network (tests only): the oracle's results are the real images, FID 0
        InceptionV3 inception = Frozen.freeze(RandomInception.heNormal(RandomInception.torchvision(75)));
        Evaluation evaluation = new Evaluation(Evaluation.Settings.builder(world, Pairing.UNPAIRED).batchSize(4).limit(3)
            .examples(0).inception(inception).build());
        EvalResults results = evaluation.run(List.of(ORACLE, UNCHANGED), "wuton test", n -> { });
        double oracle = ((Metric.Single) results.models().get(1).metrics().get(MetricName.FID)).value();
        double unchanged = ((Metric.Single) results.models().get(2).metrics().get(MetricName.FID)).value();
        assertThat(unchanged).isPositive();
        assertThat(Math.abs(oracle)).isLessThan(1e-6 * unchanged);
        Summary kid = ((Metric.Measured) results.models().get(2).metrics().get(MetricName.KID)).summary();
        assertThat(kid.count()).isEqualTo(Kid.DEFAULT_SUBSETS);
        // 3 images: one split, and an Inception score between 1 and the number of images
        Summary is = ((Metric.Measured) results.models().get(1).metrics().get(MetricName.IS)).summary();
        assertThat(is.count()).isEqualTo(1);
        assertThat(is.mean()).isBetween(1.0, 3.0);
    }

    @Test
    void mixed6cMetricsWithTheShippedLayersAreZeroForTheOracleOnly() {
        InceptionV3 mixed6c = InceptionV3.mixed6c(Path.of(InceptionV3.SHIPPED_MIXED_6C));
        try {
            Evaluation evaluation = new Evaluation(Evaluation.Settings.builder(world, Pairing.UNPAIRED).batchSize(4).limit(3)
                .examples(0).mixed6c(mixed6c).noInception("no --inception-weights given").build());
            EvalResults results = evaluation.run(List.of(ORACLE, GRAY), "wuton test", n -> { });
            double oracle = ((Metric.Single) results.models().get(1).metrics().get(MetricName.FID_MIXED6C)).value();
            double gray = ((Metric.Single) results.models().get(2).metrics().get(MetricName.FID_MIXED6C)).value();
            assertThat(gray).isPositive();
            assertThat(Math.abs(oracle)).isLessThan(1e-6 * gray);
            Summary kid = ((Metric.Measured) results.models().get(2).metrics().get(MetricName.KID_MIXED6C)).summary();
            assertThat(kid.count()).isEqualTo(Kid.DEFAULT_SUBSETS);
            assertThat(kid.mean()).isPositive();
            // the standard ones need full torchvision weights
            assertThat(results.models().get(1).metrics().get(MetricName.FID))
                .isEqualTo(new Metric.Unavailable("no --inception-weights given"));
        } finally {
            mixed6c.close();
        }
    }

    @Test
    void settingsRefuseANetworkOfTheWrongLayout() {
        InceptionV3 torchvision = RandomInception.torchvision(75);
        try {
            assertThatThrownBy(() -> Evaluation.Settings.builder(world, Pairing.UNPAIRED).mixed6c(torchvision))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TORCHVISION");
        } finally {
            torchvision.close();
        }
    }

    @Test
    void pairedRunHasNoUnpairedTruthButThePersonItself() {
        Evaluation evaluation = new Evaluation(Evaluation.Settings.builder(world, Pairing.PAIRED).batchSize(4).examples(0)
            .noLpips("no --lpips-weights given").build());
        EvalResults results = evaluation.run(List.of(UNCHANGED), "wuton test", n -> { });
        // the person is the truth: no identity baseline
        assertThat(results.models()).hasSize(1);
        assertThat(results.baseline()).isEmpty();
        assertThat(MetricsJson.of(results).get("baseline").isNull()).isTrue();
        ModelResult m = results.models().get(0);
        assertThat(m.count()).isEqualTo(5);
        // paired: the person is the truth, so returning it is perfect
        assertThat(((Metric.Measured) m.metrics().get(MetricName.SSIM)).summary().mean()).isEqualTo(1.0);
        assertThat(results.examples()).isEmpty();
        assertThat(m.metrics().get(MetricName.LPIPS)).isEqualTo(new Metric.Unavailable("no --lpips-weights given"));
    }
}
