package wuton.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.labels.CocoKeypoint;
import wuton.labels.LipLabel;

class LoaderTest {
    private static final int W = 48;
    private static final int H = 64;

    @TempDir
    Path root;

    @Test
    void batchesAreResizedNormalisedNchwTensors() {
        Fixtures.vitonHd(root, 5, W, H, ".png", ".png", Fixtures.PoseFlavour.COCO18);
        Dataset data = Dataset.open(root, Split.TEST, Pairing.UNPAIRED, 0);
        List<Integer> sizes = new ArrayList<>();
        try (Loader loader = new Loader(data, new Loader.Options(W / 2, H / 2, 2, 2, 2, false, 0, true, 0))) {
            try (Batch b = loader.next()) {
                assertThat(shape(b.person())).containsExactly(2, 3, H / 2, W / 2);
                assertThat(shape(b.cloth())).containsExactly(2, 3, H / 2, W / 2);
                assertThat(shape(b.clothMask())).containsExactly(2, 1, H / 2, W / 2);
                assertThat(shape(b.agnostic())).containsExactly(2, 3, H / 2, W / 2);
                assertThat(shape(b.wornCloth())).containsExactly(2, 3, H / 2, W / 2);
                assertThat(shape(b.parse())).containsExactly(2, H / 2, W / 2);
                assertThat(shape(b.pose())).containsExactly(2, CocoKeypoint.count(), 3);
                assertThat(shape(b.truth())).containsExactly(2, 3, H / 2, W / 2);
                assertThat(b.personIds()).containsExactly("00000_00", "00001_00");
                assertThat(b.clothIds()).containsExactly("00001_00", "00002_00");

                float[] person = floats(b.person());
                float[] agnostic = floats(b.agnostic());
                for (float v : person) {
                    assertThat(v).isBetween(-1f, 1f);
                }
                // the background pixel (0, 0), red channel, normalised
                assertThat(person[0]).isEqualTo((Figure.BACKGROUND >> 16) / 127.5f - 1f);
                // the middle of the torso is hidden: exactly 0 in the agnostic person
                int centre = (H / 4) * (W / 2) + W / 4;
                assertThat(agnostic[centre]).isZero();
                assertThat(agnostic[0]).isEqualTo(person[0]);
                // the worn garment is white (1) outside the cloth
                assertThat(floats(b.wornCloth())[0]).isEqualTo(1f);
                // the neck keypoint is scaled with the image
                float[] pose = floats(b.pose());
                assertThat(pose[3 * CocoKeypoint.NECK.ordinal()]).isEqualTo(W / 4f, org.assertj.core.data.Offset.offset(0.01f));
                long[] parse = new long[(int) b.parse().numel()];
                b.parse().data_ptr_long().get(parse);
                assertThat(parse[centre]).isEqualTo(LipLabel.UPPER_CLOTHES.id);
            }
            while (loader.hasNext()) {
                try (Batch b = loader.next()) {
                    sizes.add(b.size());
                }
            }
        }
        assertThat(sizes).containsExactly(2, 1);
    }

    @Test
    void shuffledPassesAreSeededAndCloseStopsEarly() {
        Fixtures.vitonHd(root, 6, W, H, ".png", ".png", Fixtures.PoseFlavour.COCO18);
        Dataset data = Dataset.open(root, Split.TRAIN, Pairing.PAIRED, 0);
        Loader.Options options = new Loader.Options(W, H, 3, 2, 1, true, 42, false, 0);
        assertThat(firstIds(data, options)).isEqualTo(firstIds(data, options))
            .isNotEqualTo(List.of("00000_00", "00001_00", "00002_00"));
    }

    private static List<String> firstIds(Dataset data, Loader.Options options) {
        try (Loader loader = new Loader(data, options); Batch b = loader.next()) {
            return b.personIds();
        }
    }

    private static long[] shape(Tensor t) {
        return t.sizes().vec().get();
    }

    private static float[] floats(Tensor t) {
        float[] out = new float[(int) t.numel()];
        t.data_ptr_float().get(out);
        return out;
    }
}
