package wuton.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.common.UserError;
import wuton.image.Rgb;
import wuton.labels.CocoKeypoint;
import wuton.labels.Keypoints;
import wuton.labels.LipLabel;

class DatasetReadersTest {
    private static final int W = 48;
    private static final int H = 64;
    private static final int N = 3;

    @TempDir
    Path root;

    @Test
    void vitonHdPairedReturnsWhatWasDrawn() {
        Fixtures.vitonHd(root, N, W, H, ".png", ".png", Fixtures.PoseFlavour.COCO18);
        Dataset data = Dataset.open(root, Split.TRAIN, Pairing.PAIRED, 0);
        assertThat(data.format()).isEqualTo(DatasetFormat.VITON_HD);
        assertThat(data.size()).isEqualTo(N);
        Sample s = data.get(1);
        Figure drawn = Figure.draw(W, H, 1);
        assertThat(s.personId()).isEqualTo("00001_00");
        assertThat(s.clothId()).isEqualTo("00001_00");
        assertThat(Rgb.pixels(s.person())).isEqualTo(Rgb.pixels(drawn.image()));
        assertThat(s.parse()).isEqualTo(drawn.parse());
        assertThat(s.pose()).isEqualTo(new Keypoints(rounded(drawn.pose())));
        assertThat(Rgb.pixels(s.cloth())).isEqualTo(Rgb.pixels(Figure.garment(W, H, 1)[0]));
        assertThat(s.clothMask().values()).containsOnly(0, 1).contains((byte) 1);
        assertThat(s.truth()).isSameAs(s.person());
        assertThat(s.truthParse()).isSameAs(s.parse());
    }

    @Test
    void vitonHdUnpairedUsesTheTestPairsAndTheirGroundTruth() {
        Fixtures.vitonHd(root, N, W, H, ".png", ".png", Fixtures.PoseFlavour.COCO18);
        Dataset data = Dataset.open(root, Split.TEST, Pairing.UNPAIRED, 0);
        Sample s = data.get(0);
        assertThat(s.personId()).isEqualTo("00000_00");
        assertThat(s.clothId()).isEqualTo("00001_00");
        Figure truth = Figure.draw(W, H, 1);
        assertThat(Rgb.pixels(s.truth())).isEqualTo(Rgb.pixels(truth.image()));
        assertThat(s.truthParse().values()).isEqualTo(truth.parse().values());

        Dataset paired = Dataset.open(root, Split.TEST, Pairing.PAIRED, 0);
        assertThat(paired.get(0).clothId()).isEqualTo("00000_00");
    }

    @Test
    void unpairedTrainingIsASeededShuffleWhereNoOneKeepsTheirGarment() {
        Fixtures.vitonHd(root, 5, W, H, ".png", ".png", Fixtures.PoseFlavour.COCO18);
        Dataset a = Dataset.open(root, Split.TRAIN, Pairing.UNPAIRED, 7);
        Dataset b = Dataset.open(root, Split.TRAIN, Pairing.UNPAIRED, 7);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.files(i)).isEqualTo(b.files(i));
            assertThat(a.files(i).clothId()).isNotEqualTo(a.files(i).personId());
            assertThat(a.files(i).truth()).isNull();
        }
        assertThat(IntStream.range(0, a.size()).mapToObj(i -> a.files(i).clothId()).distinct()).hasSize(5);
    }

    @Test
    void jpegFilesAndPairFilesNamingAnotherExtensionAreResolved() {
        Fixtures.vitonHd(root, N, W, H, ".jpg", ".png", Fixtures.PoseFlavour.COCO18);
        Sample s = Dataset.open(root, Split.TRAIN, Pairing.PAIRED, 0).get(2);
        assertThat(s.person().getWidth()).isEqualTo(W);
        int drawn = Figure.garmentColour(2);
        int read = Rgb.pixels(s.person())[(H / 2) * W + W / 2];
        for (int shift : new int[] {0, 8, 16}) {
            assertThat(Math.abs((read >> shift & 0xff) - (drawn >> shift & 0xff))).isLessThan(12);
        }
    }

    @Test
    void body25PoseFilesAreMappedToCoco18() {
        Fixtures.vitonHd(root, N, W, H, ".png", ".png", Fixtures.PoseFlavour.BODY25);
        Sample s = Dataset.open(root, Split.TRAIN, Pairing.PAIRED, 0).get(0);
        Keypoints drawn = Figure.draw(W, H, 0).pose();
        for (CocoKeypoint k : CocoKeypoint.values()) {
            assertThat(s.pose().x(k)).as(k.name()).isEqualTo(drawn.x(k), org.assertj.core.data.Offset.offset(1e-4f));
            assertThat(s.pose().y(k)).as(k.name()).isEqualTo(drawn.y(k), org.assertj.core.data.Offset.offset(1e-4f));
        }
    }

    @Test
    void vitonLayoutWithOldPoseKey() {
        Fixtures.viton(root, N, W, H);
        Dataset data = Dataset.open(root, Split.TEST, Pairing.PAIRED, 0);
        assertThat(data.format()).isEqualTo(DatasetFormat.VITON);
        Sample s = data.get(1);
        assertThat(s.personId()).isEqualTo("000001_0");
        assertThat(s.clothId()).isEqualTo("000001_1");
        assertThat(s.pose().x(CocoKeypoint.NECK)).isEqualTo(W / 2f);
        assertThat(Dataset.open(root, Split.TEST, Pairing.UNPAIRED, 0).get(1).clothId()).isEqualTo("000002_1");
    }

    @Test
    void dressCodeLabelsAndKeypointsAreMappedToLipAndTheImageFrame() {
        Fixtures.dressCode(root, N, W, H);
        Dataset data = Dataset.open(root, Split.TEST, Pairing.UNPAIRED, 0);
        assertThat(data.format()).isEqualTo(DatasetFormat.DRESSCODE);
        assertThat(data.size()).isEqualTo(N);
        Sample s = data.get(0);
        assertThat(s.personId()).isEqualTo("000003_0");
        assertThat(s.clothId()).isEqualTo("000004_1");
        assertThat(s.truth()).isNull();
        Figure drawn = Figure.draw(W, H, 3);
        byte[] expected = drawn.parse().values().clone();
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) (expected[i] == LipLabel.NECK.id ? LipLabel.FACE.id : expected[i]);
        }
        assertThat(s.parse().values()).isEqualTo(expected);
        assertThat(s.pose().x(CocoKeypoint.LEFT_WRIST)).isEqualTo(drawn.pose().x(CocoKeypoint.LEFT_WRIST),
            org.assertj.core.data.Offset.offset(1e-3f));
        // no mask files: the mask is the garment's non-white pixels
        assertThat(s.clothMask().values()).isEqualTo(maskOf(Figure.garment(W, H, 4)[1]));
    }

    @Test
    void mpvKeepsFrontViewsOnly() {
        Fixtures.mpv(root, N, W, H);
        Dataset data = Dataset.open(root, Split.TRAIN, Pairing.PAIRED, 0);
        assertThat(data.format()).isEqualTo(DatasetFormat.MPV);
        assertThat(data.size()).isEqualTo(N);
        assertThat(data.files(0).personId()).isEqualTo("train0/train0-p@1=person_half_front");
        assertThat(data.files(0).clothId()).isEqualTo("train0/train0-c@3=cloth_front");
        Sample s = data.get(0);
        assertThat(s.parse().values()).isEqualTo(Figure.draw(W, H, 0).parse().values());
        Dataset unpaired = Dataset.open(root, Split.TEST, Pairing.UNPAIRED, 1);
        assertThat(unpaired.get(0).clothId()).isNotEqualTo("test0/test0-c@3=cloth_front");
    }

    @Test
    void formatIsNamedOrDetectedAndUnknownFoldersAreUserErrors() throws Exception {
        Fixtures.viton(root, 1, W, H);
        assertThat(DatasetFormat.named("auto", root)).isEqualTo(DatasetFormat.VITON);
        assertThat(DatasetFormat.named("viton-hd", root)).isEqualTo(DatasetFormat.VITON_HD);
        assertThatThrownBy(() -> DatasetFormat.named("coco", root)).isInstanceOf(UserError.class)
            .hasMessageContaining("--format coco");
        Path empty = Files.createDirectory(root.resolve("empty"));
        assertThatThrownBy(() -> DatasetFormat.detect(empty)).isInstanceOf(UserError.class)
            .hasMessageContaining("not a dataset layout");
        assertThatThrownBy(() -> DatasetFormat.detect(root.resolve("nope"))).isInstanceOf(UserError.class)
            .hasMessageContaining("no such dataset folder");
        Files.delete(root.resolve("train_pairs.txt"));
        assertThatThrownBy(() -> DatasetFormat.VITON.open(root, Split.TRAIN, Pairing.PAIRED, 0))
            .isInstanceOf(UserError.class).hasMessageContaining("train_pairs.txt: missing file");
    }

    private static byte[] maskOf(java.awt.image.BufferedImage gray) {
        byte[] values = ((java.awt.image.DataBufferByte) gray.getRaster().getDataBuffer()).getData().clone();
        for (int i = 0; i < values.length; i++) {
            values[i] = (byte) (values[i] != 0 ? 1 : 0);
        }
        return values;
    }

    /** OpenPoseJson writes two decimals. */
    private static float[] rounded(Keypoints k) {
        float[] xyc = k.toArray();
        for (int i = 0; i < xyc.length; i++) {
            xyc[i] = (float) (Math.round(xyc[i] * 100.0) / 100.0);
        }
        return xyc;
    }
}
