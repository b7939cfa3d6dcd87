package wuton.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The kernel Inception distance (Bińkowski et al., "Demystifying MMD GANs", ICLR 2018): the squared maximum mean
 * discrepancy between real and generated Inception features under the cubic polynomial kernel
 * <pre>
 *   k(x, y) = (x . y / D + 1)^3
 * </pre>
 * estimated without bias on random subsets of m features from each set:
 * <pre>
 *   MMD^2 = sum_{i != j} k(x_i, x_j) / (m (m - 1)) + sum_{i != j} k(y_i, y_j) / (m (m - 1)) - 2 sum_{i, j} k(x_i, y_j) / m^2
 * </pre>
 * reported as the mean and standard deviation over the subsets. Unbiased means it can be slightly negative
 * for two samples of one distribution. Subsets are drawn without replacement within a subset, from a seeded
 * generator, so the same features give the same numbers.
 */
public final class Kid {
    /** The usual number of subsets. */
    public static final int DEFAULT_SUBSETS = 100;
    /** The usual subset size; smaller sets use all their features in each subset. */
    public static final int DEFAULT_SUBSET_SIZE = 1000;
    private static final int DEGREE = 3;

    private Kid() {
    }

    /**
     * @param real      (N1, D) features
     * @param generated (N2, D) features
     * @param subsets   the number of subsets
     * @param subsetSize m, capped at the smaller set's size, which must be at least 2
     * @param seed      the seed of the subset draws
     */
    public static Summary between(Tensor real, Tensor generated, int subsets, int subsetSize, long seed) {
        int m = (int) Math.min(subsetSize, Math.min(real.size(0), generated.size(0)));
        if (m < 2) {
            throw new IllegalArgumentException("KID needs at least 2 features in each set");
        }
        Tensor x = real.to(ScalarType.Double);
        Tensor y = generated.to(ScalarType.Double);
        Random random = new Random(seed);
        double[] values = new double[subsets];
        for (int s = 0; s < subsets; s++) {
            Tensor xs = x.index_select(0, subset(x.size(0), m, random));
            Tensor ys = y.index_select(0, subset(y.size(0), m, random));
            values[s] = mmd(xs, ys);
        }
        return Summary.of(values);
    }

    /** The unbiased MMD^2 of two (m, D) float64 sets. */
    static double mmd(Tensor x, Tensor y) {
        double m = x.size(0);
        double withinX = offDiagonalSum(kernel(x, x));
        double withinY = offDiagonalSum(kernel(y, y));
        double across = kernel(x, y).sum().item_double();
        return (withinX + withinY) / (m * (m - 1)) - 2 * across / (m * m);
    }

    /** k between each row of a and each row of b: (rows of a, rows of b). */
    private static Tensor kernel(Tensor a, Tensor b) {
        double d = a.size(1);
        return a.matmul(b.t()).div(new Scalar(d)).add(new Scalar(1.0)).pow(new Scalar(DEGREE));
    }

    private static double offDiagonalSum(Tensor k) {
        return k.sum().item_double() - k.trace().item_double();
    }

    /** m distinct row indices out of n, as an int64 tensor. */
    private static Tensor subset(long n, int m, Random random) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        double[] chosen = new double[m];
        for (int i = 0; i < m; i++) {
            chosen[i] = order.get(i);
        }
        return DoubleTensors.of(chosen, m).to(ScalarType.Long);
    }
}
