package wuton.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.common.UserError;
import wuton.image.Letterbox;
import wuton.labels.CocoKeypoint;
import wuton.labels.Keypoints;

class VisionModelsTest {
    @Test
    void aMissingModelIsOneLineNamingTheFile(@TempDir Path home) {
        String before = System.getProperty(wuton.common.Home.PROPERTY);
        System.setProperty(wuton.common.Home.PROPERTY, home.toString());
        try {
            assertThatThrownBy(PoseEstimator::loadDefault).isInstanceOf(UserError.class)
                .hasMessage("no vision model file at " + home.resolve("models/vision/movenet-thunder.graph.json"));
            assertThatThrownBy(PersonSegmenter::loadDefault).isInstanceOf(UserError.class)
                .hasMessageContaining("models/vision/selfie.graph.json");
        } finally {
            if (before == null) {
                System.clearProperty(wuton.common.Home.PROPERTY);
            } else {
                System.setProperty(wuton.common.Home.PROPERTY, before);
            }
        }
    }

    @Test
    void aGraphWithAnUnknownOpIsRefusedNamingTheNode(@TempDir Path dir) throws Exception {
        Path stem = dir.resolve("odd");
        Files.writeString(Path.of(stem + GraphModel.GRAPH_SUFFIX), "{\"inputs\":[{\"name\":\"x\"}],\"outputs\":[\"y\"],"
            + "\"nodes\":[{\"name\":\"x\",\"op\":\"Placeholder\",\"inputs\":[]},"
            + "{\"name\":\"y\",\"op\":\"Erf\",\"inputs\":[\"x\"]}]}");
        Files.write(Path.of(stem + GraphModel.WEIGHTS_SUFFIX), new byte[0]);
        assertThatThrownBy(() -> GraphModel.load(stem)).isInstanceOf(UserError.class)
            .hasMessageContaining("node 'y' uses op Erf");
    }

    @Test
    void lowScoresAreMissingAndTheNeckNeedsBothShoulders() {
        float[] yxs = new float[3 * Coco17.count()];
        for (Coco17 k : Coco17.values()) {
            yxs[3 * k.ordinal()] = 0.5f;   // y: the middle of the square
            yxs[3 * k.ordinal() + 1] = 0.25f;
            yxs[3 * k.ordinal() + 2] = 0.9f;
        }
        yxs[3 * Coco17.LEFT_SHOULDER.ordinal() + 2] = 0.1f;
        // a 200 x 100 photo in a 256 square: 256 x 128 at y = 64
        Keypoints k = PoseEstimator.toCoco18(Letterbox.of(200, 100, 256, 256), yxs, 0.2);
        assertThat(k.present(CocoKeypoint.LEFT_SHOULDER)).isFalse();
        assertThat(k.present(CocoKeypoint.NECK)).isFalse();
        assertThat(k.x(CocoKeypoint.NOSE)).isEqualTo(50f);
        assertThat(k.y(CocoKeypoint.NOSE)).isEqualTo(50f);
    }
}
