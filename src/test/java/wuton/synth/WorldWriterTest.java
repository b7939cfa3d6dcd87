package wuton.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.labels.LipLabel;

class WorldWriterTest {
    @TempDir
    Path tmp;

    // studio pictures: every parsing map then shows a garment and a face (the photographic look's files are read
    // back in WorldAsDatasetTest)
    private static final WorldConfig SMALL = WorldConfig.builder(64, 48).count(14).seed(3).testFraction(0.3)
        .accessoryFraction(0.5).parseNoise(true).look(WorldConfig.Look.STUDIO).build();

    @Test
    void sameSeedGivesIdenticalBytes() throws IOException {
        Map<String, byte[]> first = filesOf(write(SMALL, tmp.resolve("a")));
        Map<String, byte[]> second = filesOf(write(SMALL, tmp.resolve("b")));
        assertThat(first.keySet()).isEqualTo(second.keySet());
        first.forEach((name, bytes) -> assertThat(second.get(name)).as(name).isEqualTo(bytes));

        WorldConfig otherSeed = SMALL.toBuilder().seed(4).build();
        Map<String, byte[]> third = filesOf(write(otherSeed, tmp.resolve("c")));
        assertThat(third.get("train/image/00000_00.png")).isNotEqualTo(first.get("train/image/00000_00.png"));
    }

    /** Reads the output the way a plain VITON-HD loader does: pairs file, then one file per folder. */
    @Test
    void aPlainVitonHdReaderReadsTheOutput() throws IOException {
        Path root = write(SMALL, tmp.resolve("world"));
        ObjectMapper json = new ObjectMapper();
        for (String split : new String[] {"train", "test"}) {
            List<String> pairs = Files.readAllLines(root.resolve(split + "_pairs.txt"));
            assertThat(pairs).hasSize(split.equals("train") ? SMALL.trainCount() : SMALL.testCount());
            Set<String> clothes = new HashSet<>();
            for (String line : pairs) {
                String[] pair = line.split(" ");
                String person = pair[0].replace(".png", ""), cloth = pair[1].replace(".png", "");
                Path dir = root.resolve(split);
                assertImage(dir.resolve("image/" + person + ".png"), BufferedImage.TYPE_3BYTE_BGR);
                assertImage(dir.resolve("cloth/" + cloth + ".png"), BufferedImage.TYPE_3BYTE_BGR);
                assertImage(dir.resolve("cloth-mask/" + cloth + ".png"), BufferedImage.TYPE_BYTE_GRAY);
                assertLabels(dir.resolve("image-parse-v3/" + person + ".png"));
                assertLabels(dir.resolve("image-parse-v3-noisy/" + person + ".png"));
                JsonNode pose = json.readTree(dir.resolve("openpose_json/" + person + "_keypoints.json").toFile());
                assertThat(pose.path("people").path(0).path("pose_keypoints_2d").size()).isEqualTo(54);
                if (split.equals("test")) {
                    assertThat(cloth).as("test pairs are unpaired").isNotEqualTo(person);
                    assertThat(Files.exists(dir.resolve("cloth/" + cloth + ".png"))).as("garment from the test split").isTrue();
                    assertImage(dir.resolve("unpaired-gt/" + person + "__" + cloth + ".png"), BufferedImage.TYPE_3BYTE_BGR);
                    assertLabels(dir.resolve("unpaired-gt-parse/" + person + "__" + cloth + ".png"));
                    clothes.add(cloth);
                } else {
                    assertThat(cloth).isEqualTo(person);
                }
            }
            if (split.equals("test")) {
                assertThat(clothes).as("every test garment is used once").hasSize(pairs.size());
            }
        }
        JsonNode world = json.readTree(root.resolve("world.json").toFile());
        assertThat(world.path("seed").asLong()).isEqualTo(3);
        assertThat(world.path("version").asText()).isEqualTo(WorldWriter.GENERATOR_VERSION);
        assertThat(world.path("train").asInt() + world.path("test").asInt()).isEqualTo(14);
    }

    @Test
    void contactSheetShowsTheTestPairs() throws IOException {
        Path root = write(SMALL, tmp.resolve("world"));
        Path sheet = tmp.resolve("sheet.png");
        ContactSheet.write(root, 24, sheet);
        BufferedImage image = ImageIO.read(sheet.toFile());
        assertThat(image.getWidth()).isGreaterThan(4 * 5 * 100);
        assertThat(image.getHeight()).isGreaterThan(160);
    }

    @Test
    void refusesANonEmptyFolderAndKeepsItsFiles() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(root.resolve("notes.txt"), "mine");
        WorldWriter writer = new WorldWriter(new SyntheticWorld(SMALL), root);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> writer.prepare(false))
            .isInstanceOf(wuton.common.UserError.class).hasMessageContaining("busy").hasMessageContaining("--force");
        assertThat(Files.readString(root.resolve("notes.txt"))).isEqualTo("mine");
        writer.prepare(true);
        assertThat(Files.readString(root.resolve("notes.txt"))).as("--force replaces only the world").isEqualTo("mine");
    }

    @Test
    void theDiskEstimateIsCloseToWhatIsWritten() throws IOException {
        Path root = write(SMALL, tmp.resolve("sized"));
        long written;
        try (Stream<Path> files = Files.walk(root)) {
            written = files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return (Files.size(f) + WorldWriter.BLOCK_BYTES - 1) / WorldWriter.BLOCK_BYTES * WorldWriter.BLOCK_BYTES;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
        }
        long estimate = new WorldWriter(new SyntheticWorld(SMALL), tmp.resolve("unused")).estimatedBytes();
        // one test person's files times the count: above the train people's share, below twice the total
        assertThat(estimate).isBetween(written / 2, written * 2);
    }

    @Test
    void aWorldLargerThanTheFreeDiskIsRefusedBeforeItsFirstPerson() {
        WorldConfig huge = SMALL.toBuilder().count(2_000_000_000).build();
        WorldWriter writer = new WorldWriter(new SyntheticWorld(huge), tmp.resolve("huge"));
        org.assertj.core.api.Assertions.assertThatThrownBy(writer::checkDiskSpace)
            .isInstanceOf(wuton.common.UserError.class).hasMessageContaining("MB, and the disk has").hasMessageContaining("MB free");
        assertThat(tmp.resolve("huge")).doesNotExist();
    }

    private static Path write(WorldConfig config, Path root) {
        WorldWriter writer = new WorldWriter(new SyntheticWorld(config), root);
        writer.prepare(false);
        writer.write(i -> { });
        return root;
    }

    private static void assertImage(Path file, int type) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as(file.toString()).isNotNull();
        assertThat(image.getType()).as(file.toString()).isEqualTo(type);
        assertThat(image.getWidth()).isEqualTo(SMALL.width());
        assertThat(image.getHeight()).isEqualTo(SMALL.height());
    }

    private static void assertLabels(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getType()).as(file + " is a palette image").isEqualTo(BufferedImage.TYPE_BYTE_INDEXED);
        int[] ids = image.getRaster().getPixels(0, 0, image.getWidth(), image.getHeight(), (int[]) null);
        assertThat(java.util.Arrays.stream(ids).max().getAsInt()).isLessThan(LipLabel.count());
        assertThat(ids).contains(LipLabel.UPPER_CLOTHES.id, LipLabel.FACE.id);
    }

    private static Map<String, byte[]> filesOf(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }
}
