package wuton.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.labels.Body25Keypoint;
import wuton.labels.CocoKeypoint;
import wuton.labels.Keypoints;

class PoseJsonTest {
    @TempDir
    Path dir;

    private Keypoints read(String json) throws Exception {
        Path file = dir.resolve("pose.json");
        Files.writeString(file, json);
        return PoseJson.read(file, 768, 1024);
    }

    @Test
    void body25IsToldApartByLengthAndMapped() throws Exception {
        StringBuilder numbers = new StringBuilder();
        for (int i = 0; i < Body25Keypoint.count(); i++) {
            numbers.append(i == 0 ? "" : ",").append(i).append(",").append(100 + i).append(",0.5");
        }
        Keypoints k = read("{\"people\":[{\"pose_keypoints_2d\":[" + numbers + "]}]}");
        assertThat(k.x(CocoKeypoint.NECK)).isEqualTo(Body25Keypoint.NECK.ordinal());
        assertThat(k.x(CocoKeypoint.RIGHT_HIP)).isEqualTo(Body25Keypoint.RIGHT_HIP.ordinal());
        assertThat(k.y(CocoKeypoint.LEFT_EAR)).isEqualTo(100 + Body25Keypoint.LEFT_EAR.ordinal());
        assertThat(k.confidence(CocoKeypoint.LEFT_ANKLE)).isEqualTo(0.5f);
    }

    @Test
    void dressCodeKeypointsAreScaledFromTheirFrameAndMissingOnesStayMissing() throws Exception {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < CocoKeypoint.count(); i++) {
            points.append(i == 0 ? "" : ",").append(i == 1 ? "[-1,-1,0,1]" : "[192,256,0.9," + i + "]");
        }
        Keypoints k = read("{\"keypoints\":[" + points + "]}");
        assertThat(k.x(CocoKeypoint.NOSE)).isEqualTo(384f);
        assertThat(k.y(CocoKeypoint.NOSE)).isEqualTo(512f);
        assertThat(k.confidence(CocoKeypoint.NOSE)).isEqualTo(1f);
        assertThat(k.present(CocoKeypoint.NECK)).isFalse();
    }

    @Test
    void malformedFilesNameTheProblem() {
        assertThatThrownBy(() -> read("{\"people\":[{\"pose_keypoints_2d\":[1,2,3]}]}"))
            .isInstanceOf(BadSampleException.class)
            .hasMessageEndingWith("malformed JSON (expected 54 (COCO-18) or 75 (BODY_25) numbers, got 3)");
        assertThatThrownBy(() -> read("{\"people\":[]}")).hasMessageEndingWith("(no person in \"people\")");
        assertThatThrownBy(() -> read("{\"people\":[{\"pose_keypoints_2d\":[\"a\"]}]}"))
            .hasMessageEndingWith("(not a number: \"a\")");
        assertThatThrownBy(() -> read("[1, 2]")).hasMessageContaining("neither \"people\"");
        assertThatThrownBy(() -> read("")).hasMessageContaining("malformed JSON");
    }
}
