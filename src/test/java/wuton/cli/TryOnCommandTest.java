package wuton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.image.ImageFiles;
import wuton.model.Stage;
import wuton.testing.HostileImages;
import wuton.testing.Pixels;
import wuton.testing.TinyModels;

/** {@code wuton tryon} and {@code wuton catalog} on a tiny random student, with photo folders that have no parsing or pose. */
class TryOnCommandTest {
    @TempDir
    static Path shared;
    static Path student, teacher, persons, clothes;

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter(), err = new StringWriter();

    @BeforeAll
    static void writeModelsAndPhotos() throws Exception {
        student = TinyModels.write(shared, "student", Stage.STUDENT);
        teacher = TinyModels.write(shared, "teacher", Stage.TEACHER);
        persons = Files.createDirectories(shared.resolve("persons"));
        clothes = Files.createDirectories(shared.resolve("clothes"));
        photo(persons.resolve("ann.jpg"), 60, 80, "jpg");
        photo(persons.resolve("bob.png"), 50, 50, "png");
        Files.write(persons.resolve("cut.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3}); // truncated
        photo(clothes.resolve("red.png"), 48, 64, "png");
        photo(clothes.resolve("blue.jpg"), 90, 70, "jpg");
    }

    private static void photo(Path file, int w, int h, String format) throws Exception {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, (x * 4) % 256 << 16 | (y * 3) % 256 << 8 | 90);
            }
        }
        ImageIO.write(image, format, file.toFile());
    }

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /** {@code catalog} with this model over the shared person and garment folders, into {@code dir}. */
    private int catalog(Path model, Path dir, String... more) {
        List<String> args = new ArrayList<>(List.of("catalog", "--model", model.toString(), "--persons", persons.toString(),
            "--clothes", clothes.toString(), "--out", dir.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    /** {@code catalog} with the student and a pairs file of these lines. */
    private int catalogOfPairs(String lines, Path dir, String... more) throws Exception {
        Path pairs = tmp.resolve("pairs.txt");
        Files.writeString(pairs, lines);
        List<String> args = new ArrayList<>(List.of("--pairs", pairs.toString()));
        args.addAll(List.of(more));
        return catalog(student, dir, args.toArray(String[]::new));
    }

    private static BufferedImage read(Path file) throws Exception {
        return ImageIO.read(file.toFile());
    }

    @Test
    void tryonWritesThePersonsSizeAsPngOrJpeg() throws Exception {
        for (String name : new String[] {"out.png", "out.jpg"}) {
            Path result = tmp.resolve(name);
            assertThat(run("tryon", "--model", student.toString(), "--person", persons.resolve("ann.jpg").toString(),
                "--cloth", clothes.resolve("blue.jpg").toString(), "--out", result.toString())).as(err.toString()).isZero();
            assertThat(out.toString()).contains(result.toAbsolutePath().toString());
            BufferedImage image = read(result);
            assertThat(image.getWidth()).isEqualTo(60);
            assertThat(image.getHeight()).isEqualTo(80);
        }
        assertThat(Files.readAllBytes(tmp.resolve("out.jpg"))).startsWith(0xff, 0xd8);
        assertThat(Files.readAllBytes(tmp.resolve("out.png"))).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void aModelGivingNaNWritesNoPictureAndSaysWhyInOneLine() throws Exception {
        Path broken = TinyModels.writeBroken(tmp, "broken", Stage.STUDENT);
        Path result = tmp.resolve("nan.png");
        assertThat(run("tryon", "--model", broken.toString(), "--person", persons.resolve("ann.jpg").toString(),
            "--cloth", clothes.resolve("blue.jpg").toString(), "--out", result.toString())).isEqualTo(Main.EXIT_INTERNAL_ERROR);
        assertThat(err.toString().strip()).startsWith("tryon: the model ").contains("NaN or infinite values for request 0")
            .doesNotContain("\n").doesNotContain("internal error");
        assertThat(result).doesNotExist();
    }

    @Test
    void aStudentNeverReadsParseOrPoseAndSaysSo() throws Exception {
        Path result = tmp.resolve("out.png");
        assertThat(run("tryon", "--model", student.toString(), "--person", persons.resolve("bob.png").toString(),
            "--cloth", clothes.resolve("red.png").toString(), "--parse", tmp.resolve("missing.png").toString(),
            "--pose", persons.resolve("cut.jpg").toString(), "--out", result.toString())).as(err.toString()).isZero();
        assertThat(read(result).getWidth()).isEqualTo(50);
        assertThat(err.toString().strip()).startsWith("tryon: warning: ").contains("student", "--parse and --pose are ignored")
            .doesNotContain("\n");
    }

    @Test
    void anOutputThatIsAnInputIsRefusedAndTheInputKept() throws Exception {
        Path photo = Files.copy(persons.resolve("bob.png"), tmp.resolve("p.png"));
        byte[] before = Files.readAllBytes(photo);
        Files.createDirectories(tmp.resolve("sub"));
        // the same file under another spelling, and through a link to its folder
        Path linked = Files.createSymbolicLink(tmp.resolve("link"), tmp);
        for (Path same : new Path[] {photo, tmp.resolve("sub/../p.png"), linked.resolve("p.png")}) {
            err.getBuffer().setLength(0);
            assertThat(run("tryon", "--model", student.toString(), "--person", photo.toString(),
                "--cloth", clothes.resolve("red.png").toString(), "--out", same.toString())).isEqualTo(Main.EXIT_USER_ERROR);
            assertThat(err.toString().strip()).isEqualTo("tryon: --out " + same + ": is the --person input; write elsewhere");
        }
        assertThat(run("tryon", "--model", student.toString(), "--person", photo.toString(), "--cloth", photo.toString(),
            "--out", photo.toString(), "--force")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(Files.readAllBytes(photo)).isEqualTo(before);
    }

    @Test
    void anExistingOutputIsReplacedOnlyWithForce() throws Exception {
        Path result = Files.writeString(tmp.resolve("out.png"), "mine");
        String[] args = {"tryon", "--model", student.toString(), "--person", persons.resolve("bob.png").toString(),
            "--cloth", clothes.resolve("red.png").toString(), "--out", result.toString()};
        assertThat(run(args)).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString().strip()).isEqualTo("tryon: --out " + result + ": exists (use --force to replace it)");
        assertThat(Files.readString(result)).isEqualTo("mine");
        String[] forced = java.util.Arrays.copyOf(args, args.length + 1);
        forced[args.length] = "--force";
        assertThat(run(forced)).as(err.toString()).isZero();
        assertThat(read(result).getWidth()).isEqualTo(50);
    }

    @Test
    void aCorruptImageIsOneLineNamingTheFile() {
        Path bad = persons.resolve("cut.jpg");
        assertThat(run("tryon", "--model", student.toString(), "--person", bad.toString(),
            "--cloth", clothes.resolve("red.png").toString(), "--out", tmp.resolve("x.png").toString())).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("tryon: cannot read " + bad).doesNotContain("\n");
        assertThat(tmp.resolve("x.png")).doesNotExist();
    }

    @Test
    void aPhotoClaimingTooManyPixelsIsOneLineNamingItAndTheLimit() throws Exception {
        Path bomb = tmp.resolve("bomb.png");
        Files.write(bomb, HostileImages.pngClaiming(60000, 60000));
        assertThat(run("tryon", "--model", student.toString(), "--person", bomb.toString(),
            "--cloth", clothes.resolve("red.png").toString(), "--out", tmp.resolve("x.png").toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("tryon: cannot read " + bomb
            + ": 60000x60000 pixels (3600 megapixels), more than the limit of 50 megapixels");

        // the limit is the flag's: ann.jpg is 60 x 80 = 4800 pixels
        err.getBuffer().setLength(0);
        Path ann = persons.resolve("ann.jpg");
        assertThat(run("tryon", "--model", student.toString(), "--person", ann.toString(), "--max-megapixels", "0.004",
            "--cloth", clothes.resolve("red.png").toString(), "--out", tmp.resolve("x.png").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read " + ann + ": 60x80 pixels").contains("limit of 0.004 megapixels");
        assertThat(tmp.resolve("x.png")).doesNotExist();
        assertThat(run("tryon", "--model", student.toString(), "--person", ann.toString(), "--max-megapixels", "0",
            "--cloth", clothes.resolve("red.png").toString(), "--out", tmp.resolve("x.png").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--max-megapixels 0.0: must be a positive number");
    }

    @Test
    void aTruncatedJpegIsRefused() throws Exception {
        Path cut = tmp.resolve("half.jpg");
        Files.write(cut, HostileImages.firstHalf(HostileImages.encode(HostileImages.noise(60, 80, 3), "jpg")));
        assertThat(run("tryon", "--model", student.toString(), "--person", cut.toString(),
            "--cloth", clothes.resolve("red.png").toString(), "--out", tmp.resolve("x.png").toString())).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("tryon: cannot read " + cut + ": damaged or truncated image data")
            .doesNotContain("\n");
        assertThat(tmp.resolve("x.png")).doesNotExist();
    }

    @Test
    void catalogWritesTheGoodPairsBesideABomb() throws Exception {
        Path mixed = Files.createDirectories(tmp.resolve("mixed"));
        Files.copy(persons.resolve("ann.jpg"), mixed.resolve("ann.jpg"));
        Files.copy(persons.resolve("bob.png"), mixed.resolve("bob.png"));
        Path bomb = mixed.resolve("bomb.png");
        Files.write(bomb, HostileImages.pngClaiming(60000, 60000));
        Path dir = tmp.resolve("catalog");
        assertThat(run("catalog", "--model", student.toString(), "--persons", mixed.toString(),
            "--clothes", clothes.toString(), "--out", dir.toString(), "--batch", "2")).isEqualTo(2);
        assertThat(out.toString()).contains("4 written, 0 already there, 2 failed");
        assertThat(err.toString()).contains("cannot read " + bomb + ": 60000x60000 pixels (3600 megapixels), more than"
            + " the limit of 50 megapixels (2 pairs)");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly(
                "ann__blue.png", "ann__red.png", "bob__blue.png", "bob__red.png");
        }
    }

    @Test
    void aTeacherWithoutParseAndPoseLooksForAPersonInThePhoto() {
        // ann.jpg is noise: h(p) finds no shoulders in it
        assertThat(run("tryon", "--model", teacher.toString(), "--person", persons.resolve("ann.jpg").toString(),
            "--cloth", clothes.resolve("red.png").toString(), "--out", tmp.resolve("x.png").toString())).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n")
            .startsWith("tryon: " + persons.resolve("ann.jpg") + ": no person found");
        assertThat(tmp.resolve("x.png")).doesNotExist();
    }

    @Test
    void aStudentFramedOnThePersonRefusesAPhotoWithNobodyNamingTheFile() {
        assertThat(run("tryon", "--model", student.toString(), "--frame", "person", "--person",
            persons.resolve("ann.jpg").toString(), "--cloth", clothes.resolve("red.png").toString(), "--out",
            tmp.resolve("y.png").toString())).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n")
            .startsWith("tryon: " + persons.resolve("ann.jpg") + ": no person found");
        assertThat(tmp.resolve("y.png")).doesNotExist();
    }

    @Test
    void aTeacherTakesBothParseAndPoseOrNeither() {
        assertThat(run("tryon", "--model", teacher.toString(), "--person", persons.resolve("ann.jpg").toString(),
            "--cloth", clothes.resolve("red.png").toString(), "--out", tmp.resolve("x.png").toString(),
            "--pose", tmp.resolve("ann_keypoints.json").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("give both --parse and --pose, or neither");
    }

    @Test
    void refusesAnOutputItCannotEncode() {
        assertThat(run("tryon", "--model", student.toString(), "--person", persons.resolve("ann.jpg").toString(),
            "--cloth", clothes.resolve("red.png").toString(), "--out", tmp.resolve("x.tiff").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("x.tiff").contains(".png, .jpg or .jpeg");
    }

    @Test
    void catalogWritesEveryGoodPairListsTheBadInputAndResumes() throws Exception {
        Path dir = tmp.resolve("catalog");
        // 3 persons x 2 garments; the truncated person spoils its 2 pairs and nothing else
        assertThat(catalog(student, dir, "--batch", "3")).isEqualTo(2);
        assertThat(out.toString()).contains("4 written, 0 already there, 2 failed");
        assertThat(err.toString()).contains("cannot read " + persons.resolve("cut.jpg")).contains("(2 pairs)");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly(
                "ann__blue.png", "ann__red.png", "bob__blue.png", "bob__red.png");
        }
        BufferedImage bobRed = read(dir.resolve("bob__red.png"));
        assertThat(bobRed.getWidth()).isEqualTo(50);
        assertThat(bobRed.getHeight()).isEqualTo(50);

        // a second run writes nothing that is already there
        FileTime written = Files.getLastModifiedTime(dir.resolve("ann__red.png"));
        Files.delete(dir.resolve("bob__blue.png"));
        out.getBuffer().setLength(0);
        assertThat(catalog(student, dir, "--batch", "3")).isEqualTo(2);
        assertThat(out.toString()).contains("1 written, 3 already there, 2 failed");
        assertThat(Files.getLastModifiedTime(dir.resolve("ann__red.png"))).isEqualTo(written);
        assertThat(dir.resolve("bob__blue.png")).exists();
    }

    @Test
    void catalogRefusesAnInputFolderAndAForeignOneUnlessForced() throws Exception {
        assertThat(catalog(student, persons)).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString().strip()).isEqualTo("catalog: --out " + persons + ": is the --persons input; write elsewhere");
        assertThat(catalog(student, persons.resolve("results"))).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(persons.resolve("results")).doesNotExist();

        Path dir = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(dir.resolve("notes.txt"), "keep");
        err.getBuffer().setLength(0);
        assertThat(catalog(student, dir)).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString().strip()).startsWith("catalog: --out " + dir + ": folder holds files other than catalog"
            + " results").contains("--force");
        assertThat(catalog(student, dir, "--force")).isEqualTo(2); // the truncated person's pairs
        assertThat(out.toString()).contains("4 written, 0 already there, 2 failed");
        assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("keep");
    }

    @Test
    void catalogMakesAnEmptyResultAgain() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("catalog"));
        Files.write(dir.resolve("ann__red.png"), new byte[0]);
        assertThat(catalogOfPairs("ann.jpg red.png\n", dir)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("1 written, 0 already there, 0 failed");
        assertThat(read(dir.resolve("ann__red.png")).getWidth()).isEqualTo(60);
    }

    @Test
    void catalogBatchesGiveTheImagesOfSingleTryons() throws Exception {
        Path dir = tmp.resolve("listed");
        // a pair listed twice is made once
        assertThat(catalogOfPairs("bob.png blue.jpg\n\nann.jpg red.png\nbob.png blue.jpg\n", dir, "--batch", "2"))
            .as(err.toString()).isZero();
        assertThat(out.toString()).contains("2 written, 0 already there, 0 failed");
        Path single = tmp.resolve("single.png");
        assertThat(run("tryon", "--model", student.toString(), "--person", persons.resolve("ann.jpg").toString(),
            "--cloth", clothes.resolve("red.png").toString(), "--out", single.toString())).isZero();
        assertThat(Pixels.maxDifference(read(dir.resolve("ann__red.png")), read(single))).isLessThanOrEqualTo(1);
    }

    @Test
    void catalogRefusesTwoInputsForOneOutputName() throws Exception {
        assertThat(catalogOfPairs("bob.png red.png\nbob.jpg red.png\n", tmp.resolve("o"))).isEqualTo(2);
        assertThat(err.toString()).contains("bob__red.png would be written for both " + persons.resolve("bob.png"));
    }

    @Test
    void catalogRefusesABadPairsLine() throws Exception {
        assertThat(catalogOfPairs("bob.png\n", tmp.resolve("o"))).isEqualTo(2);
        assertThat(err.toString()).contains(tmp.resolve("pairs.txt") + ":1: expected \"person cloth\"");
    }

    @Test
    void catalogGivesATeacherItsParsingAndPose() throws Exception {
        Path parse = Files.createDirectories(tmp.resolve("parse")), pose = Files.createDirectories(tmp.resolve("pose"));
        Files.write(parse.resolve("ann.png"), ImageFiles.labelPng(new byte[60 * 80], 60, 80));
        Files.write(parse.resolve("bob.png"), ImageFiles.labelPng(new byte[10 * 10], 10, 10)); // not bob's size
        String nobody = "{\"people\": [{\"pose_keypoints_2d\": " + java.util.Arrays.toString(new int[54]) + "}]}";
        Files.writeString(pose.resolve("ann_keypoints.json"), nobody);
        Files.writeString(pose.resolve("bob_keypoints.json"), nobody);
        Path dir = tmp.resolve("teacher");
        assertThat(catalog(teacher, dir)).isEqualTo(2);
        assertThat(err.toString()).contains("teacher").contains("--parse").contains("--pose");
        assertThat(dir).doesNotExist();

        assertThat(catalog(teacher, dir, "--parse", parse.toString(), "--pose", pose.toString())).isEqualTo(2);
        assertThat(out.toString()).contains("2 written, 0 already there, 4 failed");
        assertThat(err.toString()).contains(parse.resolve("bob.png") + ": the parsing map is 10x10");
        assertThat(read(dir.resolve("ann__red.png")).getWidth()).isEqualTo(60);
    }

    @Test
    void withoutTheShippedModelItSaysSoAndSuggestsModel() {
        String before = System.getProperty(wuton.TryOn.HOME_PROPERTY);
        System.setProperty(wuton.TryOn.HOME_PROPERTY, tmp.toString());
        try {
            assertThat(run("tryon", "--person", persons.resolve("ann.jpg").toString(),
                "--cloth", clothes.resolve("red.png").toString(), "--out", tmp.resolve("x.png").toString())).isEqualTo(2);
            assertThat(err.toString().strip()).contains("no default model at " + tmp.resolve(wuton.TryOn.DEFAULT_MODEL))
                .contains("--model").doesNotContain("\n");
        } finally {
            if (before == null) {
                System.clearProperty(wuton.TryOn.HOME_PROPERTY);
            } else {
                System.setProperty(wuton.TryOn.HOME_PROPERTY, before);
            }
        }
    }
}
