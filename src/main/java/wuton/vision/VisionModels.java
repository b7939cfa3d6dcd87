package wuton.vision;

import java.nio.file.Path;
import wuton.common.Home;

/**
 * Where the shipped vision models live: {@code models/vision/} under wuton's home folder ({@link Home}), as the
 * try-on model does. Each
 * model is two files, {@code NAME.graph.json} and {@code NAME.safetensors} (see {@link GraphModel}).
 */
public final class VisionModels {
    /** The folder of the vision models, relative to the home folder. */
    public static final String FOLDER = "models/vision";
    /** MoveNet SinglePose Thunder (256 x 256 input): the pose model. */
    public static final String POSE = "movenet-thunder";
    /** The MediaPipe selfie segmenter (256 x 256 input): the person-mask model. */
    public static final String PERSON_MASK = "selfie";

    private VisionModels() {
    }

    /** The path stem (no extension) of a shipped model, e.g. {@code HOME/models/vision/movenet-thunder}. */
    public static Path stem(String name) {
        return Home.resolve(FOLDER + "/" + name);
    }
}
