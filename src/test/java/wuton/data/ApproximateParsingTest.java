package wuton.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.image.Plane;
import wuton.labels.CocoKeypoint;
import wuton.labels.Keypoints;
import wuton.labels.LipLabel;
import wuton.synth.WorldConfig;
import wuton.testing.Overlap;
import wuton.testing.Worlds;

/** The parsing map guessed from a silhouette and keypoints, on a drawn figure and on the synthetic world. */
class ApproximateParsingTest {
    private static final int W = 40, H = 80;

    /**
     * A person filling a 40 x 80 picture except its right-most column: neck (20, 20), shoulders (10, 24) and
     * (30, 24), 20 apart, hips at y = 50, so the torso is 30 high and the hem at 50 + 0.15 * 30 = 54.5.
     */
    private static float[] upright() {
        float[] xyc = new float[3 * CocoKeypoint.count()];
        set(xyc, CocoKeypoint.NOSE, 20, 10);
        set(xyc, CocoKeypoint.NECK, 20, 20);
        set(xyc, CocoKeypoint.RIGHT_SHOULDER, 10, 24);
        set(xyc, CocoKeypoint.LEFT_SHOULDER, 30, 24);
        set(xyc, CocoKeypoint.RIGHT_HIP, 14, 50);
        set(xyc, CocoKeypoint.LEFT_HIP, 26, 50);
        return xyc;
    }

    private static void set(float[] xyc, CocoKeypoint k, float x, float y) {
        xyc[3 * k.ordinal()] = x;
        xyc[3 * k.ordinal() + 1] = y;
        xyc[3 * k.ordinal() + 2] = 1;
    }

    private static Plane silhouette() {
        byte[] person = new byte[W * H];
        for (int y = 0; y < H; y++) {
            Arrays.fill(person, y * W, y * W + W - 1, (byte) 1);
        }
        return new Plane(W, H, person);
    }

    private static LipLabel at(Plane parse, int x, int y) {
        return LipLabel.of(parse.at(x, y));
    }

    @Test
    void theBandsFollowTheNeckTheShouldersAndTheHem() {
        Plane parse = ApproximateParsing.of(silhouette(), new Keypoints(upright()));

        assertThat(at(parse, 20, 10)).isEqualTo(LipLabel.FACE);
        assertThat(at(parse, 20, 22)).isEqualTo(LipLabel.NECK); // below the neck, above the shoulders, near the neck
        assertThat(at(parse, 5, 22)).isEqualTo(LipLabel.UPPER_CLOTHES); // same rows, out on the shoulder
        assertThat(at(parse, 20, 54)).isEqualTo(LipLabel.UPPER_CLOTHES);
        assertThat(at(parse, 20, 55)).isEqualTo(LipLabel.PANTS);
        assertThat(at(parse, W - 1, 30)).isEqualTo(LipLabel.BACKGROUND); // outside the silhouette
    }

    @Test
    void anArmIsACapsuleAlongItsKeypointsWithTheHandPastTheWrist() {
        float[] xyc = upright();
        // radius 0.2 * 20 = 4; forearm 16 long, so the hand reaches 0.45 * 16 = 7.2 past the wrist, to y = 63.2
        set(xyc, CocoKeypoint.RIGHT_ELBOW, 6, 40);
        set(xyc, CocoKeypoint.RIGHT_WRIST, 6, 56);
        Plane parse = ApproximateParsing.of(silhouette(), new Keypoints(xyc));

        assertThat(at(parse, 6, 48)).isEqualTo(LipLabel.RIGHT_ARM);
        assertThat(at(parse, 9, 48)).isEqualTo(LipLabel.RIGHT_ARM); // 3 from the forearm's line
        assertThat(at(parse, 12, 48)).isEqualTo(LipLabel.UPPER_CLOTHES); // 6 from it
        assertThat(at(parse, 6, 66)).isEqualTo(LipLabel.RIGHT_ARM); // 2.8 past the hand's end point
        assertThat(at(parse, 6, 68)).isEqualTo(LipLabel.PANTS); // 4.8 past it
        assertThat(at(parse, 34, 48)).isEqualTo(LipLabel.UPPER_CLOTHES); // the left arm has no keypoints
    }

    @Test
    void withoutBothShouldersThereIsNoScaleToDrawWith() {
        float[] xyc = upright();
        xyc[3 * CocoKeypoint.LEFT_SHOULDER.ordinal() + 2] = 0;

        assertThatThrownBy(() -> ApproximateParsing.of(silhouette(), new Keypoints(xyc)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shoulders");
    }

    /**
     * On drawn people, from their exact silhouettes and keypoints, the region p* hides is close to the one their
     * exact maps give: 0.89 intersection over union on 100 people at 256 x 192 (docs/vision.md); the floor
     * here leaves room for the smaller sample.
     */
    @Test
    void theHiddenRegionIsCloseToTheExactMapsOnTheSyntheticWorld(@TempDir Path root) {
        Worlds.write(root, WorldConfig.builder(256, 192).count(24).seed(77).testFraction(0)
            .look(WorldConfig.Look.STUDIO).build());
        Dataset world = Dataset.open(root, Split.TRAIN, Pairing.PAIRED, 0);

        Overlap hidden = new Overlap();
        for (int i = 0; i < world.size(); i++) {
            Sample s = world.get(i);
            byte[] labels = s.parse().values();
            byte[] person = new byte[labels.length];
            for (int p = 0; p < labels.length; p++) {
                person[p] = (byte) (labels[p] != LipLabel.BACKGROUND.id ? 1 : 0);
            }
            Plane guessed = ApproximateParsing.of(new Plane(s.parse().width(), s.parse().height(), person), s.pose());
            hidden.add(Agnostic.mask(s.parse(), s.pose()), Agnostic.mask(guessed, s.pose()));
        }
        assertThat(hidden.iou()).isGreaterThan(0.85);
    }
}
