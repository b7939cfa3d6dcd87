package wuton.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import wuton.labels.Body25Keypoint;
import wuton.labels.CocoKeypoint;
import wuton.labels.Keypoints;

/**
 * Reads pose files into COCO-18 {@link Keypoints}, telling the formats apart by their content:
 * <ul>
 *   <li>OpenPose JSON, {@code {"people": [{"pose_keypoints_2d": [...]}]}} (older VITON files say
 *       {@code pose_keypoints}): 54 numbers are COCO-18, 75 are BODY_25 (mapped with {@link Body25Keypoint});
 *       coordinates are pixels of the person image. The first person is used.</li>
 *   <li>DressCode, {@code {"keypoints": [[x, y, score, id] x 18]}} in COCO-18 order, in a
 *       {@value #DRESSCODE_FRAME_WIDTH}x{@value #DRESSCODE_FRAME_HEIGHT} (W x H) frame; a point with a
 *       non-positive coordinate is missing, the others get confidence 1.</li>
 * </ul>
 * Thread-safe.
 */
public final class PoseJson {
    /** The width of the frame DressCode's keypoints are given in. */
    public static final int DRESSCODE_FRAME_WIDTH = 384;
    /** The height of the frame DressCode's keypoints are given in. */
    public static final int DRESSCODE_FRAME_HEIGHT = 512;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int COCO_NUMBERS = 3 * CocoKeypoint.count();
    private static final int BODY25_NUMBERS = 3 * Body25Keypoint.count();

    private PoseJson() {
    }

    /**
     * The keypoints in a pose file, in pixels of a person image of the given size.
     *
     * @throws BadSampleException {@link Problem#MALFORMED_JSON} when the file is not one of the formats
     */
    public static Keypoints read(Path file, int imageWidth, int imageHeight) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            // Jackson's message, without the "(start marker at [Source: ...])" it appends for unclosed arrays
            String what = e.getOriginalMessage().replaceFirst(" \\(start marker at .*", "");
            JsonLocation at = e.getLocation();
            throw malformed(file, what + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        } catch (IOException e) {
            throw malformed(file, String.valueOf(e.getMessage()));
        }
        if (root != null && root.has("people")) {
            return openPose(file, root.get("people"));
        }
        if (root != null && root.has("keypoints")) {
            return dressCode(file, root.get("keypoints"), imageWidth, imageHeight);
        }
        throw malformed(file, "neither \"people\" (OpenPose) nor \"keypoints\" (DressCode)");
    }

    private static Keypoints openPose(Path file, JsonNode people) {
        if (!people.isArray() || people.isEmpty()) {
            throw malformed(file, "no person in \"people\"");
        }
        JsonNode person = people.get(0);
        JsonNode pose = person.has("pose_keypoints_2d") ? person.get("pose_keypoints_2d") : person.get("pose_keypoints");
        if (pose == null) {
            throw malformed(file, "no \"pose_keypoints_2d\" or \"pose_keypoints\"");
        }
        float[] numbers = numbers(file, pose);
        if (numbers.length == COCO_NUMBERS) {
            return new Keypoints(numbers);
        }
        if (numbers.length == BODY25_NUMBERS) {
            return Body25Keypoint.toCoco(numbers);
        }
        throw malformed(file, "expected " + COCO_NUMBERS + " (COCO-18) or " + BODY25_NUMBERS
            + " (BODY_25) numbers, got " + numbers.length);
    }

    private static Keypoints dressCode(Path file, JsonNode points, int imageWidth, int imageHeight) {
        if (!points.isArray() || points.size() != CocoKeypoint.count()) {
            throw malformed(file, "expected " + CocoKeypoint.count() + " keypoints");
        }
        double sx = (double) imageWidth / DRESSCODE_FRAME_WIDTH;
        double sy = (double) imageHeight / DRESSCODE_FRAME_HEIGHT;
        float[] xyc = new float[COCO_NUMBERS];
        for (int i = 0; i < points.size(); i++) {
            float[] p = numbers(file, points.get(i));
            if (p.length < 2) {
                throw malformed(file, "keypoint " + i + " has fewer than 2 numbers");
            }
            if (p[0] > 0 && p[1] > 0) {
                xyc[3 * i] = (float) (p[0] * sx);
                xyc[3 * i + 1] = (float) (p[1] * sy);
                xyc[3 * i + 2] = 1;
            }
        }
        return new Keypoints(xyc);
    }

    private static float[] numbers(Path file, JsonNode array) {
        if (!array.isArray()) {
            throw malformed(file, "expected an array of numbers, got " + array.getNodeType());
        }
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = array.get(i);
            if (!v.isNumber()) {
                throw malformed(file, "not a number: " + v);
            }
            out[i] = v.floatValue();
        }
        return out;
    }

    private static BadSampleException malformed(Path file, String detail) {
        return new BadSampleException(Problem.MALFORMED_JSON, file, detail);
    }
}
