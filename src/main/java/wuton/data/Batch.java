package wuton.data;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;

/**
 * One batch of N samples of one size (H, W), as CPU tensors. Images are float32 NCHW in [-1, 1]
 * (x / 127.5 - 1).
 *
 * <p>Ownership: the batch owns its tensors, which live outside any {@code PointerScope}; whoever takes the
 * batch from the {@link Loader} closes it (try-with-resources), which frees their native memory at once.
 * Tensors derived from them inside a training step's scope are that scope's. To keep one tensor past the
 * batch, call {@code retainReference()} on it before closing the batch, and {@code close()} it later.
 * Not thread-safe: one thread uses a batch at a time.
 *
 * @param person     p, float32 (N, 3, H, W)
 * @param cloth      c, float32 (N, 3, H, W)
 * @param clothMask  the garment mask, float32 (N, 1, H, W), 0 or 1
 * @param agnostic   p*, float32 (N, 3, H, W): the person with the hidden region exactly 0 (gray)
 * @param wornCloth  c_{a,p}, float32 (N, 3, H, W): the person inside the upper-cloth labels, 1 (white) elsewhere
 * @param parse      the parsing map, int64 (N, H, W) of {@link LipLabel} ids
 * @param pose       the keypoints, float32 (N, 18, 3): x, y in pixels of the (H, W) image, and confidence,
 *                   in {@link CocoKeypoint} order
 * @param truth      the person wearing c, float32 (N, 3, H, W), or null when a sample of the batch has none
 * @param personIds  the person stems, N of them
 * @param clothIds   the garment stems, N of them
 */
public record Batch(Tensor person, Tensor cloth, Tensor clothMask, Tensor agnostic, Tensor wornCloth,
                    Tensor parse, Tensor pose, Tensor truth, List<String> personIds, List<String> clothIds)
    implements AutoCloseable {

    /** The number of samples, N. */
    public int size() {
        return personIds.size();
    }

    /** Frees the tensors' native memory. */
    @Override
    public void close() {
        Stream.of(person, cloth, clothMask, agnostic, wornCloth, parse, pose, truth)
            .filter(t -> t != null && !t.isNull())
            .forEach(Tensor::close);
    }

    /**
     * A batch of samples that all have the same size (H, W) for person, garment and ground truth.
     *
     * @param samples the samples, resized
     * @param masks   the agnostic mask of each sample ({@link Agnostic#mask}), (H, W)
     */
    public static Batch of(List<Sample> samples, List<Plane> masks) {
        int n = samples.size();
        BufferedImage first = samples.get(0).person();
        int h = first.getHeight();
        int w = first.getWidth();
        int plane = h * w;
        float[] person = new float[n * 3 * plane];
        float[] cloth = new float[n * 3 * plane];
        float[] mask = new float[n * plane];
        float[] agnostic = new float[n * 3 * plane];
        float[] worn = new float[n * 3 * plane];
        long[] parse = new long[n * plane];
        float[] pose = new float[n * 3 * CocoKeypoint.count()];
        boolean allTruth = samples.stream().allMatch(s -> s.truth() != null);
        float[] truth = allTruth ? new float[n * 3 * plane] : null;
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            int image = i * 3 * plane;
            Tensors.normalise(s.person(), person, image);
            Tensors.normalise(s.cloth(), cloth, image);
            System.arraycopy(person, image, agnostic, image, 3 * plane);
            Tensors.zeroWhere(masks.get(i), agnostic, image);
            Tensors.normalise(Agnostic.wornCloth(s.person(), s.parse()), worn, image);
            if (truth != null) {
                Tensors.normalise(s.truth(), truth, image);
            }
            byte[] m = s.clothMask().values();
            byte[] ids = s.parse().values();
            for (int p = 0; p < plane; p++) {
                mask[i * plane + p] = m[p];
                parse[i * plane + p] = ids[p];
            }
            System.arraycopy(s.pose().toArray(), 0, pose, i * 3 * CocoKeypoint.count(), 3 * CocoKeypoint.count());
        }
        return new Batch(
            Tensor.create(person, n, 3, h, w), Tensor.create(cloth, n, 3, h, w), Tensor.create(mask, n, 1, h, w),
            Tensor.create(agnostic, n, 3, h, w), Tensor.create(worn, n, 3, h, w), Tensor.create(parse, n, h, w),
            Tensor.create(pose, n, CocoKeypoint.count(), 3),
            truth == null ? null : Tensor.create(truth, n, 3, h, w),
            samples.stream().map(Sample::personId).toList(), samples.stream().map(Sample::clothId).toList());
    }
}
