package wuton.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import wuton.labels.Keypoints;

/** Writes keypoints as OpenPose JSON: {@code {"version":1.3,"people":[{"pose_keypoints_2d":[x,y,c,...]}]}}. */
public final class OpenPoseJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenPoseJson() {
    }

    /** One person's COCO-18 keypoints as an OpenPose JSON document (UTF-8 bytes). */
    public static byte[] write(Keypoints keypoints) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1.3);
        ObjectNode person = root.putArray("people").addObject();
        person.putArray("person_id").add(-1);
        ArrayNode pose = person.putArray("pose_keypoints_2d");
        for (float v : keypoints.toArray()) {
            // two decimals, as OpenPose writes, and stable bytes for the same input
            pose.add(Math.round(v * 100.0) / 100.0);
        }
        for (String empty : new String[] {"face_keypoints_2d", "hand_left_keypoints_2d", "hand_right_keypoints_2d"}) {
            person.putArray(empty);
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
