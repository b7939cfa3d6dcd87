package wuton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.common.UserError;
import wuton.data.PhotoAnalysis;
import wuton.image.ImageLimits;
import wuton.image.Photos;
import wuton.image.Plane;
import wuton.image.Rgb;
import wuton.labels.CocoKeypoint;
import wuton.labels.Keypoints;
import wuton.labels.LipLabel;
import wuton.model.Stage;
import wuton.nn.NonFiniteException;
import wuton.synth.WorldConfig;
import wuton.synth.WorldWriter;
import wuton.testing.Pixels;
import wuton.testing.TinyModels;
import wuton.testing.Worlds;

class TryOnTest {
    @TempDir
    static Path models;
    static TryOn student;

    @BeforeAll
    static void load() {
        student = TryOn.load(TinyModels.write(models, "student", Stage.STUDENT));
    }

    @AfterAll
    static void close() {
        student.close();
    }

    /** A picture with a colour per pixel that depends on its position and seed. */
    static BufferedImage picture(int w, int h, int type, int seed) {
        BufferedImage image = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, 0xff000000 | (x * 5 + seed * 40) % 256 << 16 | (y * 3) % 256 << 8 | (x + y + seed) % 256);
            }
        }
        return image;
    }

    private static BufferedImage rgb(int w, int h, int seed) {
        return picture(w, h, BufferedImage.TYPE_INT_RGB, seed);
    }

    @Test
    void theOutputHasThePersonsSizeWhateverTheInputs() {
        assertThat(student.needsParsing()).isFalse();
        assertThat(student.config().height()).isEqualTo(64);
        int[][] sizes = {{48, 64}, {100, 100}, {31, 200}, {300, 17}, {1, 1}};
        int[] types = {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_INT_ARGB,
            BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_USHORT_GRAY};
        List<TryOn.Request> requests = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            requests.add(TryOn.Request.of(picture(sizes[i][0], sizes[i][1], types[i], i), rgb(70 + i, 90, i)));
        }
        List<BufferedImage> out = student.apply(requests);
        for (int i = 0; i < sizes.length; i++) {
            assertThat(out.get(i).getWidth()).as("width of %s", java.util.Arrays.toString(sizes[i])).isEqualTo(sizes[i][0]);
            assertThat(out.get(i).getHeight()).isEqualTo(sizes[i][1]);
            assertThat(out.get(i).getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        }
    }

    @Test
    void aStudentThatKeepsThePersonGivesThePhotoBackBitForBitAtItsOwnSize() {
        try (TryOn keeping = TryOn.load(TinyModels.writeComposing(models, "keeping", 40))) {
            assertThat(keeping.keepsPhotoPixels()).isTrue();
            for (BufferedImage photo : List.of(rgb(300, 410, 11), rgb(31, 47, 12), picture(200, 90,
                BufferedImage.TYPE_BYTE_GRAY, 13))) {
                BufferedImage out = keeping.apply(photo, rgb(48, 64, 14));
                assertThat(Pixels.maxDifference(out, Rgb.of(photo))).isZero();
            }
        }
        // a model that draws every pixel, and a teacher (whose person input has regions painted out), scale their
        // frame up instead
        assertThat(student.keepsPhotoPixels()).isFalse();
    }

    @Test
    void aStudentThatTakesNothingFromThePersonChangesThePhoto() {
        try (TryOn drawing = TryOn.load(TinyModels.writeComposing(models, "drawing", -40))) {
            BufferedImage photo = rgb(120, 160, 15);
            BufferedImage out = drawing.apply(photo, rgb(48, 64, 16));
            assertThat(out.getWidth()).isEqualTo(120);
            assertThat(Pixels.maxDifference(out, photo)).isGreaterThan(20);
        }
    }

    @Test
    void framedOnThePersonTheTryOnStaysInTheirFrameAndAPhotoWithoutAPersonIsRefused() throws Exception {
        BufferedImage player;
        try (java.io.InputStream in = TryOnTest.class.getResourceAsStream("/wuton/vision/messi.png")) {
            player = Rgb.of(javax.imageio.ImageIO.read(in));
        }
        try (TryOn drawing = TryOn.load(TinyModels.writeComposing(models, "framed", -40))) {
            assertThat(drawing.framing()).isEqualTo(TryOn.Framing.WHOLE);
            drawing.setFraming(TryOn.Framing.PERSON);
            BufferedImage out = drawing.apply(player, rgb(48, 64, 21));
            java.awt.Rectangle frame = TryOn.personFrame(drawing.analyse(player).silhouette());
            // a small player on a pitch: the frame is a part of the photo
            assertThat(frame.width * frame.height).isLessThan(player.getWidth() * player.getHeight() / 2);
            int[] before = Rgb.pixels(player);
            int[] after = Rgb.pixels(out);
            int changedInside = 0;
            for (int y = 0; y < player.getHeight(); y++) {
                for (int x = 0; x < player.getWidth(); x++) {
                    int p = y * player.getWidth() + x;
                    if (!frame.contains(x, y)) {
                        assertThat(after[p]).as("outside the frame, (%d, %d)", x, y).isEqualTo(before[p] & 0xffffff);
                    } else if (after[p] != (before[p] & 0xffffff)) {
                        changedInside++;
                    }
                }
            }
            assertThat(changedInside).isGreaterThan(frame.width * frame.height / 4);
            assertThatThrownBy(() -> drawing.apply(rgb(160, 120, 22), rgb(48, 64, 23)))
                .isInstanceOf(UserError.class).hasMessageContaining("no person found");
        }
    }

    @Test
    void theFramesMarginIsATenthOfThePersonAndItsEdgeFadesIntoThePhoto() {
        byte[] mask = new byte[100 * 200];
        for (int y = 50; y < 150; y++) {
            for (int x = 30; x < 70; x++) {
                mask[y * 100 + x] = 1;
            }
        }
        // a person 40 x 100 at (30, 50): 4 and 10 pixels of margin
        assertThat(TryOn.personFrame(new Plane(100, 200, mask))).isEqualTo(new java.awt.Rectangle(26, 40, 48, 120));
        // clamped to the photo
        assertThat(TryOn.personFrame(new Plane(40, 100, new byte[4000])))
            .isEqualTo(new java.awt.Rectangle(0, 0, 40, 100));
        BufferedImage photo = picture(60, 60, BufferedImage.TYPE_INT_RGB, 0);
        java.util.Arrays.fill(Rgb.pixels(photo), 0x000000);
        BufferedImage white = picture(40, 40, BufferedImage.TYPE_INT_RGB, 0);
        java.util.Arrays.fill(Rgb.pixels(white), 0xffffff);
        BufferedImage pasted = TryOn.pasteBack(photo, white, new java.awt.Rectangle(10, 10, 40, 40));
        assertThat(pasted.getRGB(30, 30) & 0xffffff).as("the middle: the framed result").isEqualTo(0xffffff);
        assertThat(pasted.getRGB(5, 30) & 0xffffff).as("outside: the photo").isZero();
        int edge = pasted.getRGB(10, 30) & 0xff;
        assertThat(edge).as("the frame's edge: mostly the photo").isLessThan(128);
    }

    @Test
    void aModelGivingNaNIsAnErrorNamingTheRequestNotAPicture() {
        try (TryOn broken = TryOn.load(TinyModels.writeBroken(models, "broken-student", Stage.STUDENT))) {
            assertThatThrownBy(() -> broken.apply(rgb(48, 64, 1), rgb(48, 64, 2)))
                .isInstanceOf(NonFiniteException.class)
                .hasMessageContaining("NaN or infinite values for request 0 of 1").hasMessageContaining("no picture");
            assertThatThrownBy(() -> broken.apply(List.of(TryOn.Request.of(rgb(48, 64, 1), rgb(48, 64, 2)),
                TryOn.Request.of(rgb(30, 64, 3), rgb(48, 64, 4))))).hasMessageContaining("requests 0, 1 of 2");
        }
    }

    @Test
    void aBatchGivesTheSameImagesAsOneByOne() {
        List<TryOn.Request> requests = List.of(
            TryOn.Request.of(rgb(48, 64, 1), rgb(48, 64, 2)),
            TryOn.Request.of(rgb(90, 60, 3), rgb(40, 40, 4)),
            TryOn.Request.of(rgb(33, 77, 5), rgb(120, 160, 6)));
        List<BufferedImage> batch = student.apply(requests);
        assertThat(batch).hasSize(3);
        for (int i = 0; i < requests.size(); i++) {
            BufferedImage single = student.apply(requests.get(i));
            assertThat(Pixels.maxDifference(batch.get(i), single)).as("request %d", i).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void concurrentCallersGetTheSequentialResults() throws Exception {
        List<TryOn.Request> requests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            requests.add(TryOn.Request.of(rgb(40 + 4 * i, 60, i), rgb(48, 64, 10 + i)));
        }
        List<int[]> sequential = requests.stream().map(r -> Rgb.pixels(student.apply(r))).toList();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<BufferedImage>> futures = new ArrayList<>();
            for (TryOn.Request r : requests) {
                futures.add(pool.submit(() -> student.apply(r)));
            }
            for (int i = 0; i < requests.size(); i++) {
                assertThat(Rgb.pixels(futures.get(i).get())).as("request %d", i).isEqualTo(sequential.get(i));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void picturesOverTheLimitAreRefusedAndTheLimitCanBeSet() {
        BufferedImage person = rgb(40, 30, 1), cloth = rgb(20, 20, 2); // 1200 and 400 pixels
        assertThat(student.imageLimits()).isEqualTo(ImageLimits.DEFAULT);
        try {
            student.setImageLimits(ImageLimits.DEFAULT.withMaxPixels(1000));
            assertThatThrownBy(() -> student.apply(person, cloth)).isInstanceOf(UserError.class)
                .hasMessage("the person picture is 40x30 pixels (0.0012 megapixels), more than the limit of 0.001 megapixels");
            assertThat(student.apply(cloth, cloth).getWidth()).isEqualTo(20);
        } finally {
            student.setImageLimits(ImageLimits.DEFAULT);
        }
    }

    @Test
    void readsPhotoFilesWithinItsLimits(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.png");
        javax.imageio.ImageIO.write(rgb(40, 30, 1), "png", file.toFile());
        assertThat(student.read(file).getWidth()).isEqualTo(40);
        try {
            student.setImageLimits(ImageLimits.DEFAULT.withMaxPixels(1000));
            assertThatThrownBy(() -> student.read(file)).isInstanceOf(UserError.class)
                .hasMessage("cannot read " + file + ": 40x30 pixels (0.0012 megapixels), more than the limit of 0.001 megapixels");
        } finally {
            student.setImageLimits(ImageLimits.DEFAULT);
        }
    }

    @Test
    void aStudentIgnoresParsingAndPose() {
        BufferedImage person = rgb(48, 64, 1), cloth = rgb(48, 64, 2);
        byte[] allCloth = new byte[48 * 64];
        java.util.Arrays.fill(allCloth, (byte) LipLabel.UPPER_CLOTHES.id);
        TryOn.Request annotated = TryOn.Request.withParsing(person, new Plane(48, 64, allCloth),
            new Keypoints(new float[3 * CocoKeypoint.count()]), cloth);
        assertThat(Rgb.pixels(student.apply(annotated))).isEqualTo(Rgb.pixels(student.apply(person, cloth)));
    }

    @Test
    void aTeacherFindsTheParsingAndPoseOfAPhotoWithHOfP(@TempDir Path world) {
        Worlds.write(world, WorldConfig.builder(256, 192).count(1).testFraction(0).build());
        BufferedImage person = Photos.read(world.resolve("train/image/" + WorldWriter.stem(0) + ".png"), ImageLimits.DEFAULT);
        BufferedImage cloth = rgb(48, 64, 2);
        try (TryOn teacher = TryOn.load(TinyModels.write(models, "teacher", Stage.TEACHER))) {
            PhotoAnalysis.Result found = teacher.analyse(person);
            assertThat(found.pose().present(CocoKeypoint.RIGHT_SHOULDER)).isTrue();

            BufferedImage out = teacher.apply(person, cloth);

            assertThat(out.getWidth()).isEqualTo(192);
            assertThat(Rgb.pixels(out)).isEqualTo(Rgb.pixels(
                teacher.apply(TryOn.Request.withParsing(person, found.parse(), found.pose(), cloth))));
        }
    }

    @Test
    void aTeacherNeedsParsingAndPose() {
        try (TryOn teacher = TryOn.load(TinyModels.write(models, "teacher", Stage.TEACHER))) {
            assertThat(teacher.needsParsing()).isTrue();
            BufferedImage person = rgb(30, 50, 1), cloth = rgb(48, 64, 2);
            // without parsing and pose h(p) looks for a person in the photo, and finds none in noise
            assertThatThrownBy(() -> teacher.apply(person, cloth)).isInstanceOf(UserError.class)
                .hasMessageStartingWith("the person photo: no person found");
            byte[] labels = new byte[30 * 50];
            java.util.Arrays.fill(labels, 600, 900, (byte) LipLabel.UPPER_CLOTHES.id);
            Keypoints none = new Keypoints(new float[3 * CocoKeypoint.count()]);
            BufferedImage out = teacher.apply(TryOn.Request.withParsing(person, new Plane(30, 50, labels), none, cloth));
            assertThat(out.getWidth()).isEqualTo(30);
            assertThat(out.getHeight()).isEqualTo(50);
            // the parsing matters to a teacher: hiding nothing gives another picture
            BufferedImage unmasked = teacher.apply(TryOn.Request.withParsing(person, Plane.zeros(30, 50), none, cloth));
            assertThat(Rgb.pixels(unmasked)).isNotEqualTo(Rgb.pixels(out));
            assertThatThrownBy(() -> TryOn.Request.withParsing(person, Plane.zeros(31, 50), none, cloth))
                .isInstanceOf(UserError.class).hasMessageContaining("31x50");
        }
    }

    @Test
    void theDefaultModelIsFoundUnderTheHomeFolder(@TempDir Path home) throws Exception {
        String before = System.getProperty(TryOn.HOME_PROPERTY);
        try {
            System.setProperty(TryOn.HOME_PROPERTY, home.toString());
            assertThat(TryOn.defaultModel()).isEqualTo(home.resolve(TryOn.DEFAULT_MODEL));
            assertThatThrownBy(TryOn::loadDefault).isInstanceOf(UserError.class)
                .hasMessageContaining(home.resolve(TryOn.DEFAULT_MODEL).toString()).hasMessageContaining("--model");
            Files.createDirectories(home.resolve("models"));
            TinyModels.write(home.resolve("models"), "wuton-student", Stage.STUDENT);
            try (TryOn shipped = TryOn.loadDefault()) {
                assertThat(shipped.needsParsing()).isFalse();
                assertThat(shipped.describe()).contains("wuton-student");
            }
        } finally {
            if (before == null) {
                System.clearProperty(TryOn.HOME_PROPERTY);
            } else {
                System.setProperty(TryOn.HOME_PROPERTY, before);
            }
        }
    }
}
