package wuton.vision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.assertj.core.data.Offset;
import wuton.labels.CocoKeypoint;
import wuton.labels.Keypoints;

/**
 * The Java models against the original runtime: {@code reference.json} holds what TensorFlow.js 4.22 (CPU
 * backend) answered on the four real photos beside it ({@code tools/weights/vision-reference.mjs}). Both sides
 * see the same 256 x 256 square (each photo is at most 256 px, placed unscaled on black), so any difference is
 * the interpreter's: float32 math in another order, on the same f16 weights.
 *
 * <p>Tolerances, from measurement: the largest differences seen were 1e-4 px (the reference's own rounding to
 * 6 decimals), 1e-6 in score and 1.9e-4 in mask probability, with every sampled hard-mask pixel agreeing.
 * The bounds leave room for another CPU's summation order, and stay far below anything that could move a
 * keypoint or a mask edge: keypoints within {@value #PIXELS} px of the 256 px square, scores within
 * {@value #SCORE}; mask probabilities within {@value #PROBABILITY} at every sampled pixel, and the hard masks
 * (at 0.5) agreeing on at least {@value #AGREEMENT} of them.
 */
class ReferenceOutputsTest {
    private static final double PIXELS = 0.01;
    private static final double SCORE = 1e-4;
    private static final double PROBABILITY = 2e-3;
    private static final double AGREEMENT = 0.99;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PoseEstimator pose;
    private static PersonSegmenter segmenter;
    private static JsonNode reference;

    @BeforeAll
    static void load() throws IOException {
        pose = PoseEstimator.loadDefault();
        segmenter = PersonSegmenter.loadDefault();
        try (InputStream in = ReferenceOutputsTest.class.getResourceAsStream("reference.json")) {
            reference = JSON.readTree(in);
        }
    }

    @AfterAll
    static void close() {
        pose.close();
        segmenter.close();
    }

    static BufferedImage photo(String name) throws IOException {
        try (InputStream in = ReferenceOutputsTest.class.getResourceAsStream(name)) {
            return ImageIO.read(in);
        }
    }

    @Test
    void moveNetMatchesTensorFlowJs() throws IOException {
        int side = reference.path("side").asInt();
        double worstPixels = 0;
        double worstScore = 0;
        for (JsonNode p : reference.path("photos")) {
            SquareFrame square = SquareFrame.of(photo(p.path("photo").asText()), side);
            assertThat(square.box().x()).isEqualTo(p.path("box").path("x").asInt());
            assertThat(square.box().y()).isEqualTo(p.path("box").path("y").asInt());
            float[] yxs = pose.raw(square);
            for (int k = 0; k < Coco17.count(); k++) {
                JsonNode expected = p.path("keypoints").get(k);
                worstPixels = Math.max(worstPixels, side * Math.abs(yxs[3 * k] - expected.get(0).asDouble()));
                worstPixels = Math.max(worstPixels, side * Math.abs(yxs[3 * k + 1] - expected.get(1).asDouble()));
                worstScore = Math.max(worstScore, Math.abs(yxs[3 * k + 2] - expected.get(2).asDouble()));
            }
        }
        System.out.printf("MoveNet vs tfjs: worst %.4f px, worst score %.5f%n", worstPixels, worstScore);
        assertThat(worstPixels).as("worst keypoint difference, px of %d", side).isLessThan(PIXELS);
        assertThat(worstScore).as("worst score difference").isLessThan(SCORE);
    }

    @Test
    void keypointsComeBackInThePhotosPixels() throws IOException {
        JsonNode p = reference.path("photos").get(1); // messi: 256 x 160, so the square pads above and below
        BufferedImage photo = photo(p.path("photo").asText());
        pose.setMinScore(0);
        Keypoints k = pose.estimate(photo);
        pose.setMinScore(PoseEstimator.DEFAULT_MIN_SCORE);
        int top = p.path("box").path("y").asInt();
        JsonNode nose = p.path("keypoints").get(Coco17.NOSE.ordinal());
        assertThat(k.y(CocoKeypoint.NOSE)).isCloseTo((float) (nose.get(0).asDouble() * 256 - top),
            Offset.offset((float) PIXELS));
        assertThat(k.x(CocoKeypoint.NOSE)).isCloseTo((float) (nose.get(1).asDouble() * 256),
            Offset.offset((float) PIXELS));
        assertThat(k.x(CocoKeypoint.NECK)).isEqualTo(
            (k.x(CocoKeypoint.LEFT_SHOULDER) + k.x(CocoKeypoint.RIGHT_SHOULDER)) / 2);
        assertThat(k.confidence(CocoKeypoint.NECK)).isEqualTo(
            Math.min(k.confidence(CocoKeypoint.LEFT_SHOULDER), k.confidence(CocoKeypoint.RIGHT_SHOULDER)));
    }

    @Test
    void selfieMaskMatchesTensorFlowJs() throws IOException {
        int side = reference.path("side").asInt();
        int step = reference.path("maskStep").asInt();
        double worst = 0;
        int agree = 0;
        int total = 0;
        for (JsonNode p : reference.path("photos")) {
            SquareFrame square = SquareFrame.of(photo(p.path("photo").asText()), side);
            float[] mask = new float[side * side];
            double mean = 0;
            try (PointerScope scope = new PointerScope()) {
                Tensor m = segmenter.probability(square);
                new FloatPointer(m.data_ptr()).get(mask);
                mean = m.mean().item_float();
            }
            int i = 0;
            for (int y = step / 2; y < side; y += step) {
                for (int x = step / 2; x < side; x += step) {
                    double expected = p.path("maskSamples").get(i++).asDouble();
                    double actual = mask[y * side + x];
                    worst = Math.max(worst, Math.abs(actual - expected));
                    agree += (actual > 0.5) == (expected > 0.5) ? 1 : 0;
                    total++;
                }
            }
            assertThat(mean).as("mean probability of %s", p.path("photo").asText())
                .isCloseTo(p.path("maskMean").asDouble(), Offset.offset(1e-3));
        }
        System.out.printf("selfie vs tfjs: worst %.5f, agreement %d/%d%n", worst, agree, total);
        assertThat(worst).as("worst mask probability difference").isLessThan(PROBABILITY);
        assertThat((double) agree / total).as("hard-mask agreement").isGreaterThanOrEqualTo(AGREEMENT);
    }
}
