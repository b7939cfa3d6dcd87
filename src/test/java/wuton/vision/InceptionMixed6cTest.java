package wuton.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.common.UserError;
import wuton.eval.Fid;
import wuton.eval.Kid;
import wuton.nn.Frozen;
import wuton.nn.SafeTensors;
import wuton.testing.TensorData;

/**
 * The shipped Mixed_6c layers against their original runtime: {@code reference.json} holds the 768 features that
 * tfjs (tools/weights/nsfwjs-inception-reference.js) computed from nsfwjs's own model on the two test images.
 */
class InceptionMixed6cTest {
    private static final String RESOURCES = "/wuton/vision/inception/";
    private static final Path SHIPPED = Path.of(InceptionV3.SHIPPED_MIXED_6C);
    /**
     * Largest difference allowed, relative to the largest reference feature. Measured on 2026-12-01: 2.4e-7
     * (astronaut) and 2.9e-7 (coffee), float32 rounding of two runtimes that sum in different orders (the reference
     * is also rounded to 7 significant digits). Counting the average pools' zero padding, the one detail where
     * torchvision's layout differs, moves them by 7.6e-2 ({@link #countingThePaddingIsMeasurablyWrong}).
     */
    private static final double TOLERANCE = 1e-5;
    private static final int TILE = 32;
    private static InceptionV3 net;
    private static JsonNode reference;

    @BeforeAll
    static void load() throws IOException {
        net = InceptionV3.mixed6c(SHIPPED);
        try (InputStream in = InceptionMixed6cTest.class.getResourceAsStream(RESOURCES + "reference.json")) {
            reference = new ObjectMapper().readTree(in);
        }
    }

    @AfterAll
    static void close() {
        net.close();
    }

    @Test
    void matchesTfjsOnTheReferenceImages() throws IOException {
        assertThat(reference.at("/images")).hasSize(2);
        for (JsonNode image : reference.at("/images")) {
            try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
                float[] features = TensorData.floats(net.features(image(image.at("/file").asText())));
                float[] expected = floats(image.at("/features"));
                assertThat(features).hasSize(InceptionV3.MIXED_6C_FEATURES).hasSize(expected.length);
                assertThat(relativeError(features, expected)).as(image.at("/file").asText()).isLessThan(TOLERANCE);
            }
        }
    }

    @Test
    void hasNoClassifierAndSaysSo() {
        assertThat(net.featureSize()).isEqualTo(InceptionV3.MIXED_6C_FEATURES);
        assertThat(net.named_parameters().size()).isEqualTo(50 * 3);
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            assertThatThrownBy(() -> net.forward(torch.zeros(1, 3, 75, 75))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no classifier");
        }
    }

    @Test
    void countingThePaddingIsMeasurablyWrong() throws IOException {
        // the same weights with torchvision's average pools: the reference must tell the two apart
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            JsonNode image = reference.at("/images/0");
            float[] expected = floats(image.at("/features"));
            InceptionV3 counting = countingPadding();
            float[] features = TensorData.floats(counting.features(image(image.at("/file").asText())));
            assertThat(relativeError(features, expected)).isGreaterThan(100 * TOLERANCE);
        }
    }

    @Test
    void fidOfTilesWithThemselvesIsZeroAndGrowsWithBlur() throws IOException {
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            Tensor tiles = tiles();
            Tensor real = net.features(tiles);
            double self = Fid.between(real, real);
            double slightly = Fid.between(real, net.features(blurred(tiles, 1)));
            Tensor strong = net.features(blurred(tiles, 3));
            double strongly = Fid.between(real, strong);
            assertThat(Math.abs(self)).isLessThan(1e-6 * slightly);
            assertThat(slightly).isPositive();
            assertThat(strongly).isGreaterThan(slightly);
            double kidSelf = Kid.between(real, real, 10, Kid.DEFAULT_SUBSET_SIZE, 0).mean();
            double kidStrong = Kid.between(real, strong, 10, Kid.DEFAULT_SUBSET_SIZE, 0).mean();
            assertThat(kidStrong).isGreaterThan(kidSelf);
        }
    }

    /** Eight 32x32 tiles of the two photos: the astronaut's four quarters and four corners of the coffee cup. */
    private static Tensor tiles() throws IOException {
        Tensor astronaut = image("astronaut-64.png");
        Tensor coffee = image("coffee-75x50.png");
        TensorVector all = new TensorVector();
        for (int[] at : new int[][] {{0, 0}, {0, 32}, {32, 0}, {32, 32}}) {
            all.push_back(astronaut.narrow(2, at[0], TILE).narrow(3, at[1], TILE));
        }
        for (int[] at : new int[][] {{0, 0}, {0, 43}, {18, 0}, {18, 43}}) {
            all.push_back(coffee.narrow(2, at[0], TILE).narrow(3, at[1], TILE));
        }
        return torch.cat(all, 0);
    }

    /** A box blur of radius r: the tiles shifted away from the photos' statistics, more for a larger r. */
    private static Tensor blurred(Tensor images, int r) {
        int k = 2 * r + 1;
        return torch.avg_pool2d(images, new long[] {k, k}, new long[] {1, 1}, new long[] {r, r}, false, false,
            new org.bytedeco.pytorch.LongOptional());
    }

    @Test
    void refusesAFileWithAMissingOrAStrayTensor(@TempDir Path dir) {
        SafeTensors.Contents contents = SafeTensors.read(SHIPPED);
        Map<String, Tensor> missing = new LinkedHashMap<>(contents.tensors());
        missing.remove("Mixed_6c.branch7x7dbl_5.conv.weight");
        Path broken = dir.resolve("missing.safetensors");
        SafeTensors.write(broken, missing, SafeTensors.DType.F64, contents.metadata());
        assertThatThrownBy(() -> InceptionV3.mixed6c(broken)).isInstanceOf(UserError.class)
            .hasMessageStartingWith(broken.toString()).hasMessageContaining("Mixed_6c.branch7x7dbl_5.conv.weight");

        Map<String, Tensor> stray = new LinkedHashMap<>(contents.tensors());
        stray.put("Mixed_6d.branch1x1.conv.weight", torch.zeros(1));
        Path extra = dir.resolve("extra.safetensors");
        SafeTensors.write(extra, stray, SafeTensors.DType.F64, contents.metadata());
        assertThatThrownBy(() -> InceptionV3.mixed6c(extra)).isInstanceOf(UserError.class)
            .hasMessageContaining("Mixed_6d.branch1x1.conv.weight");

        Path torchvisionStyle = dir.resolve("f32.safetensors");
        SafeTensors.write(torchvisionStyle, Map.of("x", torch.zeros(1)), SafeTensors.DType.F32, Map.of());
        assertThatThrownBy(() -> InceptionV3.mixed6c(torchvisionStyle)).isInstanceOf(UserError.class)
            .hasMessageContaining("not wuton's quantised Inception-v3 layers");
        assertThat(Files.exists(SHIPPED)).isTrue();
    }

    /** The shipped weights in a network whose average pools count the zero padding, as torchvision's do. */
    private static InceptionV3 countingPadding() {
        InceptionV3 counting = new InceptionV3(InceptionV3.INPUT_SIZE, InceptionV3.Layout.KERAS_TO_MIXED_6C,
            InceptionV3.Pool.AVERAGE_COUNTING_PADDING);
        QuantisedWeights.load(counting, SHIPPED);
        return Frozen.freeze(counting);
    }

    /** max |a - b| / max |b|. */
    static double relativeError(float[] actual, float[] expected) {
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return worst / scale;
    }

    private static float[] floats(JsonNode values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values.get(i).asDouble();
        }
        return out;
    }

    /** A test image as a (1, 3, H, W) tensor in [-1, 1]: x / 127.5 - 1, as the reference scaled it. */
    static Tensor image(String name) throws IOException {
        BufferedImage img;
        try (InputStream in = InceptionMixed6cTest.class.getResourceAsStream(RESOURCES + name)) {
            img = ImageIO.read(in);
        }
        int w = img.getWidth();
        int h = img.getHeight();
        float[] values = new float[3 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                for (int c = 0; c < 3; c++) {
                    values[(c * h + y) * w + x] = (rgb >> (16 - 8 * c) & 0xff) / 127.5f - 1;
                }
            }
        }
        return TensorData.tensor(values, 1, 3, h, w);
    }
}
