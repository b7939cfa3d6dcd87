package wuton.data;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;
import wuton.labels.CocoKeypoint;

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

    /** A batch of samples that all have the same size (H, W) for person, garment and ground truth. */
    public static Batch of(List<Sample> samples) {
        return assemble(samples.stream().map(EncodedSample::of).toList());
    }

    /** Copies encoded samples of one size into tensors; the ground truth only when every sample has one. */
    static Batch assemble(List<EncodedSample> samples) {
        long n = samples.size();
        long h = samples.get(0).height();
        long w = samples.get(0).width();
        boolean truth = samples.stream().allMatch(s -> s.truth() != null);
        return new Batch(
            Tensors.floats(each(samples, EncodedSample::person), n, 3, h, w),
            Tensors.floats(each(samples, EncodedSample::cloth), n, 3, h, w),
            Tensors.floats(each(samples, EncodedSample::clothMask), n, 1, h, w),
            Tensors.floats(each(samples, EncodedSample::agnostic), n, 3, h, w),
            Tensors.floats(each(samples, EncodedSample::wornCloth), n, 3, h, w),
            Tensors.longs(each(samples, EncodedSample::parse), n, h, w),
            Tensors.floats(each(samples, EncodedSample::pose), n, CocoKeypoint.count(), 3),
            truth ? Tensors.floats(each(samples, EncodedSample::truth), n, 3, h, w) : null,
            each(samples, EncodedSample::personId), each(samples, EncodedSample::clothId));
    }

    private static <T> List<T> each(List<EncodedSample> samples, Function<EncodedSample, T> part) {
        return samples.stream().map(part).toList();
    }
}
