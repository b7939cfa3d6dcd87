package wuton.eval;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The Inception score (Salimans et al., "Improved techniques for training GANs", NeurIPS 2016): with p(y|x)
 * the Inception classifier's softmax over its classes for image x and p(y) its mean over a split of the images,
 * <pre>
 *   IS = exp( mean_x KL(p(y|x) || p(y)) ) = exp( mean_x sum_y p(y|x) (log p(y|x) - log p(y)) )
 * </pre>
 * computed on each of {@code splits} consecutive, equal splits (the remainder goes to the last ones) and
 * reported as the mean and standard deviation over the splits. The usual 10 splits become fewer when there
 * are fewer than {@link #MIN_IMAGES_PER_SPLIT} images per split: a p(y) from a handful of images is noise.
 */
public final class InceptionScore {
    /** The usual number of splits. */
    public static final int DEFAULT_SPLITS = 10;
    /** Splits are never smaller than this. */
    public static final int MIN_IMAGES_PER_SPLIT = 10;

    private InceptionScore() {
    }

    /** The number of splits used for n images: 10, or fewer so that each has at least 10 images, at least 1. */
    public static int splits(long n) {
        return (int) Math.max(1, Math.min(DEFAULT_SPLITS, n / MIN_IMAGES_PER_SPLIT));
    }

    /**
     * @param logits (N, K) classifier logits
     * @param splits the number of splits, 1 to N
     */
    public static Summary of(Tensor logits, int splits) {
        long n = logits.size(0);
        if (splits < 1 || splits > n) {
            throw new IllegalArgumentException("cannot cut " + n + " images into " + splits + " splits");
        }
        Tensor logP = torch.log_softmax(logits.to(ScalarType.Double), 1);
        double[] scores = new double[splits];
        for (int s = 0; s < splits; s++) {
            long begin = n * s / splits;
            long end = n * (s + 1) / splits;
            Tensor part = logP.narrow(0, begin, end - begin);
            Tensor logMarginal = part.exp().mean(0).log();
            Tensor kl = part.exp().mul(part.sub(logMarginal)).sum(1);
            scores[s] = Math.exp(kl.mean().item_double());
        }
        return Summary.of(scores);
    }
}
