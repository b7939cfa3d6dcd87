package wuton.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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
        try (Loader loader = new Loader(data, Loader.Options.builder(W / 2, H / 2, 2).workers(2).prefetch(2).strict(true).build())) {
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
        Loader.Options options = Loader.Options.builder(W, H, 3).workers(2).prefetch(1).shuffled(42).maxBad(0).build();
        assertThat(firstIds(data, options)).isEqualTo(firstIds(data, options))
            .isNotEqualTo(List.of("00000_00", "00001_00", "00002_00"));
    }

    @Test
    void aNewPassRunsOnTheSameThreadsInTheOrderOfItsSeed() throws Exception {
        Fixtures.vitonHd(root, 6, W, H, ".png", ".png", Fixtures.PoseFlavour.COCO18);
        Dataset data = Dataset.open(root, Split.TRAIN, Pairing.PAIRED, 0);
        Loader.Options options = Loader.Options.builder(W, H, 2).workers(2).prefetch(1).shuffled(42).maxBad(0).build();
        Loader.Options otherSeed = Loader.Options.builder(W, H, 2).workers(2).prefetch(1).shuffled(7).maxBad(0).build();
        List<String> seed42 = allIds(data, options);
        List<String> seed7 = allIds(data, otherSeed);
        assertThat(seed42).hasSize(6).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(seed7)
            .isNotEqualTo(seed7);

        Set<Thread> before = loaderThreads();
        Set<Thread> mine;
        try (Loader loader = new Loader(data, options)) {
            // a pass ended after one batch, then whole passes: each in the order a new loader gives its seed
            loader.next().close();
            mine = newThreads(before);
            assertThat(mine).extracting(Thread::getName).containsExactlyInAnyOrder("wuton-loader", "wuton-decode",
                "wuton-decode");
            loader.startPass(7);
            assertThat(rest(loader)).isEqualTo(seed7);
            loader.startPass(42);
            assertThat(rest(loader)).isEqualTo(seed42);
            loader.startPass(7);
            assertThat(rest(loader)).isEqualTo(seed7);
            assertThat(newThreads(before)).isEqualTo(mine);
        }
        for (Thread t : mine) {
            t.join(5000);
            assertThat(t.isAlive()).as(t.getName() + " ends with the loader").isFalse();
        }
    }

    /** The live threads of loaders started since {@code before} was taken. */
    private static Set<Thread> newThreads(Set<Thread> before) {
        Set<Thread> now = loaderThreads();
        now.removeAll(before);
        return now;
    }

    /** The live threads of loaders (wuton-decode, wuton-loader). */
    private static Set<Thread> loaderThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("wuton-"))
            .collect(Collectors.toSet());
    }

    private static List<String> allIds(Dataset data, Loader.Options options) {
        try (Loader loader = new Loader(data, options)) {
            return rest(loader);
        }
    }

    private static List<String> rest(Loader loader) {
        List<String> ids = new ArrayList<>();
        while (loader.hasNext()) {
            try (Batch b = loader.next()) {
                ids.addAll(b.personIds());
            }
        }
        return ids;
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
