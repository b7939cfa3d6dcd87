package wuton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.data.Fixtures;

class DataCommandTest {
    @TempDir
    Path dir;

    /** Runs the CLI, returning its exit status, stdout and stderr. */
    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void checkReportsCountsSizesLabelsAndProblems() throws Exception {
        Path root = Fixtures.vitonHd(dir.resolve("d"), 4);
        Files.delete(root.resolve("train/openpose_json/00002_00_keypoints.json"));
        Run r = run("data", "check", root.toString(), "--max-bad", "0.5");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("dataset: " + root + " (viton-hd, train, paired)",
            "samples: 4 (3 read, 1 bad)", "person sizes (W x H): 48x64 (3)", "5 upper_clothes",
            "problems: skipped 1 of 4 samples (1 missing file)",
            root.resolve("train/openpose_json/00002_00_keypoints.json") + ": missing file");
    }

    @Test
    void checkFailsPastTheToleratedFractionAndAtOnceWhenStrict() throws Exception {
        Path root = Fixtures.vitonHd(dir.resolve("d"), 4);
        Files.writeString(root.resolve("train/image/00001_00.png"), "garbage");
        Run tolerant = run("data", "check", root.toString());
        assertThat(tolerant.status()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(tolerant.err()).startsWith("check: too much bad data").hasLineCount(1);
        Run strict = run("data", "check", root.toString(), "--strict", "--max-bad", "1");
        assertThat(strict.status()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(strict.err().strip()).startsWith("check: " + root.resolve("train/image/00001_00.png")
            + ": unreadable image");
    }

    @Test
    void wrongArgumentsAreOneLineUserErrors() {
        Path missing = dir.resolve("nope");
        Run r = run("data", "check", missing.toString());
        assertThat(r.status()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(r.err().strip()).isEqualTo("check: " + missing + ": no such dataset folder");
        Run format = run("data", "check", dir.toString(), "--format", "coco");
        assertThat(format.err()).startsWith("check: --format coco: expected auto, viton-hd, viton, dresscode, mpv");
        Run empty = run("data", "check", dir.toString());
        assertThat(empty.err()).contains("not a dataset layout wuton knows");
    }

    @Test
    void showWritesOneSampleAsARowOfSixPanels() throws Exception {
        Path root = Fixtures.vitonHd(dir.resolve("d"), 2);
        Path out = dir.resolve("pics/x.png");
        Run r = run("data", "show", root.toString(), "--index", "1", "--split", "test", "--unpaired", "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        var picture = ImageIO.read(out.toFile());
        assertThat(picture.getWidth()).isEqualTo(6 * 48);
        assertThat(picture.getHeight()).isEqualTo(64);
        Run bad = run("data", "show", root.toString(), "--index", "2", "--out", dir.resolve("pics/y.png").toString());
        assertThat(bad.status()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(bad.err().strip()).isEqualTo("show: --index 2: the dataset has 2 samples (0 to 1)");
    }

    @Test
    void checkReadsEverySampleAndReportsTheTrueTotals() throws Exception {
        Path root = Fixtures.vitonHd(dir.resolve("d"), 8);
        try (var masks = Files.list(root.resolve("train/cloth-mask"))) {
            for (Path mask : masks.toList()) {
                Files.delete(mask);
            }
        }
        Run r = run("data", "check", root.toString());
        assertThat(r.status()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(r.out()).contains("samples: 8 (0 read, 8 bad)", "problems: skipped 8 of 8 samples (8 missing file)");
        assertThat(r.err().strip()).startsWith("check: too much bad data: 8 of 8 samples are bad (8 missing file), more"
            + " than --max-bad 0.05 tolerates; first: ").doesNotContain("\n");
    }

    @Test
    void showNeverWritesIntoTheDatasetNorOverAFileWithoutForce() throws Exception {
        Path root = Fixtures.vitonHd(dir.resolve("d"), 2);
        Path person = root.resolve("train/image/00000_00.png");
        byte[] before = Files.readAllBytes(person);
        Run inside = run("data", "show", root.toString(), "--out", person.toString(), "--force");
        assertThat(inside.status()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(inside.err().strip()).isEqualTo("show: --out " + person + ": is inside the dataset folder " + root
            + "; write elsewhere");
        assertThat(Files.readAllBytes(person)).isEqualTo(before);

        Path out = Files.writeString(dir.resolve("x.png"), "mine");
        Run existing = run("data", "show", root.toString(), "--out", out.toString());
        assertThat(existing.err().strip()).isEqualTo("show: --out " + out + ": exists (use --force to replace it)");
        assertThat(run("data", "show", root.toString(), "--out", out.toString(), "--force").status()).isZero();
        assertThat(ImageIO.read(out.toFile()).getWidth()).isEqualTo(6 * 48);
    }

    @Test
    void showWritesTheFormatItsNameAsksFor() throws Exception {
        Path root = Fixtures.vitonHd(dir.resolve("d"), 2);
        Run gif = run("data", "show", root.toString(), "--out", dir.resolve("x.gif").toString());
        assertThat(gif.status()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(gif.err().strip()).isEqualTo("show: " + dir.resolve("x.gif") + ": the output must end in .png, .jpg or .jpeg");
        assertThat(dir.resolve("x.gif")).doesNotExist();
        Path jpeg = dir.resolve("x.jpg");
        assertThat(run("data", "show", root.toString(), "--out", jpeg.toString()).status()).isZero();
        assertThat(Files.readAllBytes(jpeg)).startsWith(0xff, 0xd8);
    }

    @Test
    void benchReportsBatchesPerSecond() {
        Path root = Fixtures.vitonHd(dir.resolve("d"), 3);
        Run r = run("data", "bench", root.toString(), "--size", "32x24", "--batch", "2", "--batches", "3");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("loader: [0-9.]+ batches/s \\([0-9]+ samples/s\\) at 32x24 \\(H x W\\), batch 2");
        assertThat(run("data", "bench", root.toString(), "--size", "big").err())
            .startsWith("bench: --size big: expected HEIGHTxWIDTH");
    }
}
