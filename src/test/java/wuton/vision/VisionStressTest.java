package wuton.vision;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import wuton.data.ImageTensors;
import wuton.image.Rgb;
import wuton.nn.NativeRuntime;

/**
 * The shipped vision models (MoveNet, the selfie mask, Inception-v3 to Mixed_6c) under the native stress of
 * {@code wuton.NativeStressTest}: on the four real photos, the outputs with every allocation filled with NaN are
 * the outputs without, bit for bit, and two threads give the single thread's up to float rounding.
 */
@Tag("stress")
class VisionStressTest {
    private static final String[] PHOTOS = {"astronaut.png", "messi.png", "basketball.png", "person.png"};
    /** Two threads split the work differently and may sum in another order; nothing more than rounding. */
    private static final double THREADS_TOLERANCE = 1e-4;

    private static PoseEstimator pose;
    private static PersonSegmenter segmenter;
    private static InceptionV3 inception;
    private static int threadsBefore;

    @BeforeAll
    static void load() {
        pose = PoseEstimator.loadDefault();
        segmenter = PersonSegmenter.loadDefault();
        inception = InceptionV3.mixed6c(Path.of(InceptionV3.SHIPPED_MIXED_6C));
        threadsBefore = torch.get_num_threads();
    }

    @AfterAll
    static void close() {
        torch.set_num_threads(threadsBefore);
        pose.close();
        segmenter.close();
        inception.close();
    }

    /** Every model's outputs on every photo, one flat array per (photo, model). */
    private static List<float[]> outputs(int threads) throws IOException {
        torch.set_num_threads(threads);
        List<float[]> all = new ArrayList<>();
        for (String name : PHOTOS) {
            BufferedImage photo = ReferenceOutputsTest.photo(name);
            all.add(pose.raw(SquareFrame.of(photo, 256)));
            try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
                all.add(floats(segmenter.probability(SquareFrame.of(photo, PersonSegmenter.SIDE))));
                all.add(floats(inception.features(ImageTensors.of(List.of(Rgb.of(photo))))));
            }
        }
        return all;
    }

    private static float[] floats(Tensor t) {
        Tensor c = t.contiguous();
        float[] values = new float[(int) c.numel()];
        new FloatPointer(c.data_ptr()).get(values);
        return values;
    }

    @Test
    void nanFilledMemoryChangesNoOutputAndTwoThreadsOnlyRound() throws Exception {
        List<float[]> single = outputs(1);
        List<float[]> threaded = outputs(2);
        List<float[]> junk;
        try (AutoCloseable nan = NativeRuntime.junkFilledAllocations()) {
            junk = outputs(2);
        }
        for (int i = 0; i < single.size(); i++) {
            String what = PHOTOS[i / 3] + ", " + new String[] {"MoveNet", "selfie mask", "Inception"}[i % 3];
            assertThat(junk.get(i)).as(what + ": NaN-filled memory against clean memory").containsExactly(threaded.get(i));
            float worst = 0;
            for (int j = 0; j < single.get(i).length; j++) {
                worst = Math.max(worst, Math.abs(threaded.get(i)[j] - single.get(i)[j]));
            }
            assertThat(worst).as(what + ": two threads against one").isLessThan((float) THREADS_TOLERANCE);
        }
    }
}
