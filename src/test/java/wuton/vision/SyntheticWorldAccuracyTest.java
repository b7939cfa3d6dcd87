package wuton.vision;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.data.PoseJson;
import wuton.image.Plane;
import wuton.labels.CocoKeypoint;
import wuton.labels.Keypoints;
import wuton.synth.SyntheticWorld;
import wuton.synth.WorldConfig;
import wuton.synth.WorldWriter;

/**
 * How well the real models see the synthetic world, against its exact annotations, on {@value #PEOPLE} test
 * people at the world's default 256 x 192: keypoint PCK at 0.1 of the torso (the true neck to true mid-hip
 * distance), per keypoint and overall, over every true keypoint (a prediction below the estimator's minimum
 * score counts as a miss); and the IoU of the hard person mask against the parsing's non-background pixels.
 * The world is drawn, not photographed, so these say how the models transfer to it, not how good they are.
 * The floors sit under the measured numbers (printed; see {@code docs/vision.md}) so a broken interpreter or
 * mapping fails here, while the models' own errors on drawn people do not.
 */
class SyntheticWorldAccuracyTest {
    private static final int PEOPLE = 100;
    private static final double PCK_FRACTION = 0.1;
    static final double PCK_FLOOR = 0.75;
    static final double IOU_FLOOR = 0.75;

    /** The accumulated scores. */
    static final class Scores {
        final Map<CocoKeypoint, int[]> hits = new EnumMap<>(CocoKeypoint.class); // {hits, total}
        double iouSum;
        int people;

        void add(Keypoints truth, Keypoints found, Plane mask, Plane parse) {
            double torso = Math.hypot(truth.x(CocoKeypoint.NECK) - midHip(truth, true),
                truth.y(CocoKeypoint.NECK) - midHip(truth, false));
            for (CocoKeypoint k : CocoKeypoint.values()) {
                if (!truth.present(k)) {
                    continue;
                }
                int[] h = hits.computeIfAbsent(k, x -> new int[2]);
                h[1]++;
                if (found.present(k)
                    && Math.hypot(found.x(k) - truth.x(k), found.y(k) - truth.y(k)) <= PCK_FRACTION * torso) {
                    h[0]++;
                }
            }
            int inter = 0;
            int union = 0;
            for (int i = 0; i < mask.values().length; i++) {
                boolean person = (mask.values()[i] & 0xff) >= PersonSegmenter.HALF;
                boolean truePerson = parse.values()[i] != 0;
                inter += person && truePerson ? 1 : 0;
                union += person || truePerson ? 1 : 0;
            }
            iouSum += union == 0 ? 1 : (double) inter / union;
            people++;
        }

        private static float midHip(Keypoints k, boolean x) {
            return x ? (k.x(CocoKeypoint.LEFT_HIP) + k.x(CocoKeypoint.RIGHT_HIP)) / 2
                : (k.y(CocoKeypoint.LEFT_HIP) + k.y(CocoKeypoint.RIGHT_HIP)) / 2;
        }

        double pck(CocoKeypoint k) {
            int[] h = hits.get(k);
            return h == null ? Double.NaN : (double) h[0] / h[1];
        }

        double pck() {
            int hit = hits.values().stream().mapToInt(h -> h[0]).sum();
            return (double) hit / hits.values().stream().mapToInt(h -> h[1]).sum();
        }

        double iou() {
            return iouSum / people;
        }

        String table() {
            StringBuilder b = new StringBuilder(String.format("%d people: PCK@0.1 torso %.3f, mask IoU %.3f%n",
                people, pck(), iou()));
            hits.keySet().forEach(k -> b.append(String.format("  %-15s %.3f%n", k, pck(k))));
            return b.toString();
        }
    }

    /** Writes a world of {@code 2 * PEOPLE} people, half of them in its test split. */
    static Path world(Path root) {
        WorldConfig config = WorldConfig.builder(256, 192).count(2 * PEOPLE).testFraction(0.5)
            .look(WorldConfig.Look.STUDIO).build();
        WorldWriter writer = new WorldWriter(new SyntheticWorld(config), root);
        writer.prepare(false);
        writer.write(i -> { });
        return root.resolve("test");
    }

    static Scores measure(Path test, PoseEstimator pose, PersonSegmenter segmenter) throws IOException {
        Scores scores = new Scores();
        List<Path> images;
        try (Stream<Path> s = Files.list(test.resolve("image"))) {
            images = s.sorted().toList();
        }
        for (Path image : images) {
            String stem = image.getFileName().toString().replaceFirst("\\.png$", "");
            BufferedImage photo = ImageIO.read(image.toFile());
            Keypoints truth = PoseJson.read(test.resolve("openpose_json").resolve(stem + "_keypoints.json"),
                photo.getWidth(), photo.getHeight());
            scores.add(truth, pose.estimate(photo), segmenter.mask(photo),
                labels(test.resolve("image-parse-v3").resolve(stem + ".png")));
        }
        return scores;
    }

    /** The label ids of a palette PNG. */
    static Plane labels(Path png) throws IOException {
        Raster r = ImageIO.read(png.toFile()).getRaster();
        byte[] values = new byte[r.getWidth() * r.getHeight()];
        for (int y = 0; y < r.getHeight(); y++) {
            for (int x = 0; x < r.getWidth(); x++) {
                values[y * r.getWidth() + x] = (byte) r.getSample(x, y, 0);
            }
        }
        return new Plane(r.getWidth(), r.getHeight(), values);
    }

    @Test
    void realModelsFindTheDrawnPeople(@TempDir Path tmp) throws IOException {
        Path test = world(tmp.resolve("world"));
        Scores scores;
        try (PoseEstimator pose = PoseEstimator.loadDefault(); PersonSegmenter segmenter = PersonSegmenter.loadDefault()) {
            scores = measure(test, pose, segmenter);
        }
        System.out.print("MoveNet Thunder + selfie segmenter on the synthetic world, " + scores.table());
        assertThat(scores.people).isEqualTo(PEOPLE);
        assertThat(scores.pck()).as("overall PCK@0.1").isGreaterThan(PCK_FLOOR);
        assertThat(scores.iou()).as("mean mask IoU").isGreaterThan(IOU_FLOOR);
    }
}
