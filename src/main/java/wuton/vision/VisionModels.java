package wuton.vision;

import java.nio.file.Path;

/**
 * Where the shipped vision models live: {@code models/vision/} under wuton's home folder (the system property
 * {@value #HOME_PROPERTY}, set by the launcher; else the working directory), as the try-on model does. Each
 * model is two files, {@code NAME.graph.json} and {@code NAME.safetensors} (see {@link GraphModel}).
 */
public final class VisionModels {
    /** The system property naming wuton's home folder (the same one {@code wuton.TryOn} reads). */
    public static final String HOME_PROPERTY = "wuton.home";
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
        String home = System.getProperty(HOME_PROPERTY);
        return Path.of(home == null ? "" : home).toAbsolutePath().resolve(FOLDER).resolve(name).normalize();
    }
}
