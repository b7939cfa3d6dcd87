package wuton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.image.ImageFiles;
import wuton.synth.SyntheticWorld;
import wuton.synth.WorldConfig;

/**
 * {@code wuton prepare} on drawn people with the shipped pose and person-mask models: three people with their own
 * garments, one without, a garment nobody wears, and a file that is no photo.
 */
class PrepareCommandTest {
    private static final int PAIRED = 3;

    @TempDir
    static Path shared;
    static Path persons, clothes;

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter(), err = new StringWriter();

    @BeforeAll
    static void drawPhotos() throws Exception {
        SyntheticWorld world = new SyntheticWorld(WorldConfig.builder(256, 192).count(PAIRED + 2).seed(21).build());
        persons = Files.createDirectories(shared.resolve("persons"));
        clothes = Files.createDirectories(shared.resolve("clothes"));
        for (int i = 0; i < PAIRED; i++) {
            ImageFiles.writePng(world.personPhoto(i), persons.resolve("p" + i + ".png"));
            ImageFiles.write(world.garmentPhoto(i), clothes.resolve("p" + i + ".jpg"));
        }
        ImageFiles.writePng(world.personPhoto(PAIRED), persons.resolve("stranger.png")); // no garment of their own
        ImageFiles.writePng(world.garmentPhoto(PAIRED + 1), clothes.resolve("spare.png")); // worn by nobody
        Files.writeString(persons.resolve("notes.jpg"), "not a photo");
    }

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private int prepare(Path dataset, String... more) {
        String[] base = {"prepare", "--persons", persons.toString(), "--clothes", clothes.toString(), "--out",
            dataset.toString(), "--size", "256x192", "--test-fraction", "0.34"};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return run(args);
    }

    @Test
    void writesAVitonHdDatasetThatDataCheckReadsAndListsWhatItLeftOut() throws Exception {
        Path dataset = tmp.resolve("mine");

        assertThat(prepare(dataset)).isZero();

        assertThat(out.toString().strip()).isEqualTo(dataset.toAbsolutePath().toString());
        // of the three pairs one is in the test split (0.34 of 3), beside the stranger
        assertThat(Files.readAllLines(dataset.resolve("train_pairs.txt"))).hasSize(2)
            .allSatisfy(line -> assertThat(line.split(" ")[0]).isEqualTo(line.split(" ")[1]));
        assertThat(Files.readAllLines(dataset.resolve("test_pairs.txt"))).hasSize(2)
            .anySatisfy(line -> assertThat(line).startsWith("stranger.jpg "))
            .allSatisfy(line -> assertThat(line.split(" ")[0]).isNotEqualTo(line.split(" ")[1]));
        String trainPerson = Files.readAllLines(dataset.resolve("train_pairs.txt")).get(0).split("\\.")[0];
        Path train = dataset.resolve("train");
        assertThat(train.resolve("image/" + trainPerson + ".jpg")).isRegularFile();
        assertThat(train.resolve("image-parse-v3/" + trainPerson + ".png")).isRegularFile();
        assertThat(train.resolve("openpose_json/" + trainPerson + "_keypoints.json")).isRegularFile();
        assertThat(train.resolve("cloth/" + trainPerson + ".jpg")).isRegularFile();
        assertThat(train.resolve("cloth-mask/" + trainPerson + ".png")).isRegularFile();
        // the test split has an unpaired person: every garment is there to be tried on, the spare one too
        assertThat(dataset.resolve("test/cloth/spare.jpg")).isRegularFile();
        assertThat(err.toString()).contains("4 people and 4 garments").contains("2 training pairs, 2 test pairs")
            .contains("1 photo left out:").contains(persons.resolve("notes.jpg").toString());

        out.getBuffer().setLength(0);
        assertThat(run("data", "check", dataset.toString())).isZero();
        assertThat(out.toString()).contains("samples: 2 (2 read, 0 bad)").contains("upper_clothes");
    }

    @Test
    void aStoppedRunContinuesAndOtherSettingsAreRefused() throws Exception {
        Path dataset = tmp.resolve("mine");
        assertThat(prepare(dataset)).isZero();
        String trainPerson = Files.readAllLines(dataset.resolve("train_pairs.txt")).get(0).split("\\.")[0];
        Path image = dataset.resolve("train/image/" + trainPerson + ".jpg");
        byte[] before = Files.readAllBytes(image);
        Files.delete(image); // as if the run had stopped before writing it

        err.getBuffer().setLength(0);
        assertThat(prepare(dataset)).isZero();

        assertThat(Files.readAllBytes(image)).isEqualTo(before);
        assertThat(err.toString()).contains("(7 photos were already prepared)");
        assertThat(prepare(dataset, "--seed", "5")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString()).contains("was prepared with seed 0, not 5");
    }

    @Test
    void refusesAFolderThatHoldsSomethingElseAndNamesAMissingFolder() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("mine.txt"), "keep me");
        assertThat(prepare(other)).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString().strip()).startsWith("prepare: --out " + other).contains("not a dataset made by prepare");
        assertThat(other.resolve("mine.txt")).hasContent("keep me");

        err.getBuffer().setLength(0);
        assertThat(run("prepare", "--persons", tmp.resolve("nowhere").toString(), "--clothes", clothes.toString(),
            "--out", tmp.resolve("d").toString())).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString().strip()).isEqualTo("prepare: --persons " + tmp.resolve("nowhere") + ": not a folder");
    }
}
