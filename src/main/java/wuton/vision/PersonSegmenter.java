package wuton.vision;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.bytedeco.pytorch.global.torch;
import wuton.common.UserError;
import wuton.image.Letterbox;
import wuton.image.Plane;

/**
 * Which pixels of a photo are a person, from the MediaPipe selfie segmenter (256 x 256 input, one sigmoid
 * channel out; see {@code models/vision/README.md}), run in libtorch by {@link GraphModel}.
 *
 * <p>The photo is letterboxed into the square input ({@link SquareFrame}: aspect kept, black around), the
 * model's probability map is cropped back to the photo's part and resized (bilinear) to the photo's size.
 * The model was trained on selfies and video calls (one person, head and shoulders, close to the camera):
 * on full-body photos, with the person small in the frame, it is weaker (numbers in {@code docs/vision.md}).
 *
 * <p>Concurrency: as {@link PoseEstimator}: shareable, passes take turns, a {@link PointerScope} per call.
 */
public final class PersonSegmenter implements AutoCloseable {
    /** The model's square input size. */
    public static final int SIDE = 256;
    /** A pixel is a person in a hard mask when its probability is at least this (on {@link #mask}'s 0..255). */
    public static final int HALF = 128;
    private static final float BYTE_MAX = 255f;

    private final GraphModel graph;
    private final ReentrantLock forwardLock = new ReentrantLock();

    private PersonSegmenter(GraphModel graph) {
        this.graph = graph;
    }

    /**
     * Loads the shipped selfie segmenter from {@code models/vision/} under wuton's home ({@link VisionModels}).
     *
     * @throws UserError naming the missing file when the model is not there
     */
    public static PersonSegmenter loadDefault() {
        return load(VisionModels.stem(VisionModels.PERSON_MASK));
    }

    /** Loads a converted selfie-segmenter graph: {@code stem.graph.json} and {@code stem.safetensors}. */
    public static PersonSegmenter load(Path stem) {
        return new PersonSegmenter(GraphModel.load(stem));
    }

    /**
     * The person probability of every pixel of {@code photo}: a soft mask, 0 (background) to 255 (person),
     * the photo's size (H, W). Threshold at {@link #HALF} for a hard mask ({@link #binary}).
     */
    public Plane mask(BufferedImage photo) {
        SquareFrame square = SquareFrame.of(photo, SIDE);
        try (PointerScope scope = new PointerScope()) {
            Tensor probability = probability(square); // [1, 1, SIDE, SIDE]
            Letterbox box = square.box();
            Tensor photoPart = probability.narrow(2, box.y(), box.height()).narrow(3, box.x(), box.width());
            Tensor resized = torch.upsample_bilinear2d(photoPart, new long[] {photo.getHeight(), photo.getWidth()},
                false);
            // a sigmoid's [0, 1], bilinearly resized, stays in [0, 1]: no clamping needed before the bytes
            Tensor bytes = resized.mul(new Scalar(BYTE_MAX)).round().to(ScalarType.Byte).contiguous();
            byte[] values = new byte[photo.getWidth() * photo.getHeight()];
            new BytePointer(bytes.data_ptr()).get(values);
            return new Plane(photo.getWidth(), photo.getHeight(), values);
        }
    }

    /** A soft mask made hard: 1 where the probability is at least {@link #HALF}, else 0. */
    public static Plane binary(Plane soft) {
        byte[] out = new byte[soft.values().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((soft.values()[i] & 0xff) >= HALF ? 1 : 0);
        }
        return new Plane(soft.width(), soft.height(), out);
    }

    /** The model's probability map for a square, NCHW [1, 1, SIDE, SIDE], in [0, 1]. */
    Tensor probability(SquareFrame square) {
        Tensor input = square.nhwc(1f / BYTE_MAX); // the selfie model takes RGB in [0, 1]
        Tensor out;
        forwardLock.lock();
        try {
            out = graph.run(input).get(0); // NHWC [1, SIDE, SIDE, 1]
        } finally {
            forwardLock.unlock();
        }
        if (out.dim() != 4 || out.size(1) != SIDE || out.size(2) != SIDE || out.size(3) != 1) {
            throw new UserError(graph.source() + ": expected a [1, 256, 256, 1] mask out, got shape "
                + Arrays.toString(out.sizes().vec().get()));
        }
        return out.permute(0, 3, 1, 2).contiguous();
    }

    @Override
    public void close() {
        graph.close();
    }
}
