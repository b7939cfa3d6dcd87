package wuton.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.common.UserError;
import wuton.image.ImageFiles;
import wuton.image.Plane;

class BadDataTest {
    private static final int W = 48;
    private static final int H = 64;
    private static final int N = 6;

    @TempDir
    Path root;
    private Path train;

    @BeforeEach
    void writeDataset() {
        Fixtures.vitonHd(root, N, W, H, ".png", ".png", Fixtures.PoseFlavour.COCO18);
        train = root.resolve("train");
    }

    private BadSampleException readBad(int i) {
        Dataset data = Dataset.open(root, Split.TRAIN, Pairing.PAIRED, 0);
        return org.junit.jupiter.api.Assertions.assertThrows(BadSampleException.class, () -> data.get(i));
    }

    @Test
    void missingFile() throws Exception {
        Path file = train.resolve("cloth-mask/00001_00.png");
        Files.delete(file);
        BadSampleException e = readBad(1);
        assertThat(e.problem()).isEqualTo(Problem.MISSING_FILE);
        assertThat(e.getMessage()).isEqualTo(file + ": missing file");
    }

    @Test
    void unreadableImage() throws Exception {
        Path file = train.resolve("image/00002_00.png");
        Files.writeString(file, "not a picture");
        BadSampleException e = readBad(2);
        assertThat(e.problem()).isEqualTo(Problem.UNREADABLE_IMAGE);
        assertThat(e.getMessage()).startsWith(file + ": unreadable image");
    }

    @Test
    void labelOutOfRange() {
        Path file = train.resolve("image-parse-v3/00000_00.png");
        byte[] labels = new byte[W * H];
        labels[W + 3] = 25;
        Fixtures.write(ImageFiles.grayImage(labels, W, H), file);
        BadSampleException e = readBad(0);
        assertThat(e.problem()).isEqualTo(Problem.LABEL_OUT_OF_RANGE);
        assertThat(e.getMessage()).isEqualTo(file + ": label out of range (value 25 at (3, 1), LIP labels are 0-19)");
    }

    @Test
    void malformedJson() throws Exception {
        Path file = train.resolve("openpose_json/00003_00_keypoints.json");
        Files.writeString(file, "{\"people\": [{\"pose_keypoints_2d\": [1, 2");
        BadSampleException e = readBad(3);
        assertThat(e.problem()).isEqualTo(Problem.MALFORMED_JSON);
        assertThat(e.getMessage()).isEqualTo(file
            + ": malformed JSON (Unexpected end-of-input: expected close marker for Array at line 1, column 40)");
    }

    @Test
    void sizeMismatch() {
        Path file = train.resolve("image-parse-v3/00004_00.png");
        Fixtures.writeParse(Plane.zeros(W, H - 1), file);
        BadSampleException e = readBad(4);
        assertThat(e.problem()).isEqualTo(Problem.SIZE_MISMATCH);
        assertThat(e.getMessage()).isEqualTo(file + ": size mismatch (48x63 (W x H), expected 48x64 like its image)");
    }

    @Test
    void theLoaderSkipsAndCountsBadSamples() throws Exception {
        Files.delete(train.resolve("image/00001_00.png"));
        Dataset data = Dataset.open(root, Split.TRAIN, Pairing.PAIRED, 0);
        Loader.Options options = Loader.Options.builder(W, H, 2).workers(2).prefetch(2).maxBad(0.2).build();
        List<String> ids = new ArrayList<>();
        try (Loader loader = new Loader(data, options)) {
            while (loader.hasNext()) {
                try (Batch b = loader.next()) {
                    ids.addAll(b.personIds());
                }
            }
            assertThat(loader.badData().count()).isEqualTo(1);
            assertThat(loader.badData().byProblem()).containsEntry(Problem.MISSING_FILE, 1);
            assertThat(loader.badData().summary()).isEqualTo("skipped 1 of 6 samples (1 missing file)");
        }
        assertThat(ids).containsExactly("00000_00", "00002_00", "00003_00", "00004_00", "00005_00");
    }

    @Test
    void tooMuchBadDataFailsTheRun() throws Exception {
        Files.delete(train.resolve("image/00001_00.png"));
        Files.delete(train.resolve("image/00002_00.png"));
        Dataset data = Dataset.open(root, Split.TRAIN, Pairing.PAIRED, 0);
        try (Loader loader = new Loader(data, Loader.Options.builder(W, H, 2).workers(1).prefetch(1).maxBad(0.2).build())) {
            assertThatThrownBy(() -> loader.forEachRemaining(Batch::close)).isInstanceOf(UserError.class)
                .hasMessageStartingWith("too much bad data: at least 2 of 6 samples are bad (2 missing file), more than"
                    + " --max-bad 0.2 tolerates");
        }
    }

    @Test
    void strictMakesTheFirstBadSampleFatal() throws Exception {
        Path file = train.resolve("image/00003_00.png");
        Files.delete(file);
        Dataset data = Dataset.open(root, Split.TRAIN, Pairing.PAIRED, 0);
        try (Loader loader = new Loader(data, Loader.Options.builder(W, H, 2).workers(2).prefetch(1).strict(true).maxBad(1.0).build())) {
            assertThatThrownBy(() -> loader.forEachRemaining(Batch::close)).isInstanceOf(BadSampleException.class)
                .hasMessage(file + ": missing file");
        }
    }

    @Test
    void malformedPairFileLineIsAUserError() throws Exception {
        Files.writeString(root.resolve("train_pairs.txt"), "00000_00.png 00000_00.png\nlonely.png\n");
        assertThatThrownBy(() -> Dataset.open(root, Split.TRAIN, Pairing.PAIRED, 0)).isInstanceOf(UserError.class)
            .hasMessage(root.resolve("train_pairs.txt") + ":2: expected \"person cloth\", got \"lonely.png\"");
    }
}
