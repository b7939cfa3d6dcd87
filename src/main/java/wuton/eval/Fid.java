package wuton.eval;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.T_TensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The Fréchet Inception distance (Heusel et al., "GANs trained by a two time-scale update rule converge to a
 * local Nash equilibrium", NeurIPS 2017): the Fréchet (2-Wasserstein) distance between two Gaussians fitted to
 * Inception pool3 features of real and generated images,
 * <pre>
 *   FID = |mu_1 - mu_2|^2 + tr(S_1) + tr(S_2) - 2 tr((S_1 S_2)^(1/2))
 * </pre>
 * with S the unbiased sample covariance (divided by n - 1, as numpy's {@code cov}).
 *
 * <p>The matrix square root: S_1 S_2 is not symmetric, but it is similar to the symmetric positive
 * semi-definite M = S_1^(1/2) S_2 S_1^(1/2), so tr((S_1 S_2)^(1/2)) = sum_i sqrt(lambda_i(M)). Both S_1^(1/2)
 * and the eigenvalues of M come from libtorch's symmetric eigen-decomposition ({@code linalg_eigh}) in double
 * precision; eigenvalues that rounding makes slightly negative are taken as 0. This avoids the complex
 * square roots of a general {@code sqrtm}.
 *
 * <p>With fewer images than feature dimensions (a test set of a few hundred images against 2048 features) the
 * D x D route is needlessly slow and works on rank-deficient matrices. {@link #between} then uses the centred
 * features instead: with A = X_1c / sqrt(n_1 - 1) and B = X_2c / sqrt(n_2 - 1) (rows are images), S_1 = A^T A and
 * S_2 = B^T B, so tr(S_1) = |A|_F^2, and the non-zero eigenvalues of S_1 S_2 = A^T A B^T B are those of
 * (A B^T)(A B^T)^T: tr((S_1 S_2)^(1/2)) is the sum of the singular values of the n_1 x n_2 matrix A B^T.
 */
public final class Fid {
    private Fid() {
    }

    /**
     * A Gaussian fitted to features.
     *
     * @param mean       (D) float64
     * @param covariance (D, D) float64
     */
    public record Gaussian(Tensor mean, Tensor covariance) {
        /**
         * Fits the mean and the unbiased covariance.
         *
         * @param features (N, D), N at least 2
         */
        public static Gaussian of(Tensor features) {
            long n = features.size(0);
            if (n < 2) {
                throw new IllegalArgumentException("a covariance needs at least 2 feature vectors, got " + n);
            }
            Tensor x = features.to(ScalarType.Double);
            Tensor mean = x.mean(0);
            Tensor centred = x.sub(mean);
            Tensor covariance = centred.t().matmul(centred).div(new Scalar((double) (n - 1)));
            return new Gaussian(mean, covariance);
        }
    }

    /** The FID between two sets of features, (N1, D) and (N2, D), each with N at least 2. */
    public static double between(Tensor features1, Tensor features2) {
        long dimensions = features1.size(1);
        if (Math.min(features1.size(0), features2.size(0)) >= dimensions) {
            return distance(Gaussian.of(features1), Gaussian.of(features2));
        }
        Tensor a = scaledCentred(features1);
        Tensor b = scaledCentred(features2);
        Tensor meanDifference = features1.to(ScalarType.Double).mean(0).sub(features2.to(ScalarType.Double).mean(0));
        double traceOfRoot = torch.linalg_svdvals(a.matmul(b.t())).sum().item_double();
        return meanDifference.dot(meanDifference).item_double() + a.mul(a).sum().item_double() + b.mul(b).sum().item_double()
            - 2 * traceOfRoot;
    }

    /** (X - mean) / sqrt(n - 1), float64: the factor A of the covariance A^T A. */
    private static Tensor scaledCentred(Tensor features) {
        long n = features.size(0);
        if (n < 2) {
            throw new IllegalArgumentException("a covariance needs at least 2 feature vectors, got " + n);
        }
        Tensor x = features.to(ScalarType.Double);
        return x.sub(x.mean(0)).div(new Scalar(Math.sqrt(n - 1.0)));
    }

    /** The Fréchet distance between two Gaussians of the same dimension. */
    public static double distance(Gaussian a, Gaussian b) {
        Tensor meanDifference = a.mean().sub(b.mean());
        double meanTerm = meanDifference.dot(meanDifference).item_double();
        Tensor rootA = symmetricSquareRoot(a.covariance());
        Tensor m = symmetric(rootA.matmul(b.covariance()).matmul(rootA));
        double traceOfRoot = eigenvalues(m).clamp_min(new Scalar(0.0)).sqrt().sum().item_double();
        return meanTerm + a.covariance().trace().item_double() + b.covariance().trace().item_double() - 2 * traceOfRoot;
    }

    /** S^(1/2) = V diag(sqrt(max(lambda, 0))) V^T for a symmetric positive semi-definite S. */
    static Tensor symmetricSquareRoot(Tensor s) {
        T_TensorTensor_T decomposition = torch.linalg_eigh(symmetric(s));
        Tensor roots = decomposition.get0().clamp_min(new Scalar(0.0)).sqrt();
        Tensor vectors = decomposition.get1();
        return vectors.mul(roots.unsqueeze(0)).matmul(vectors.t());
    }

    private static Tensor eigenvalues(Tensor symmetricMatrix) {
        return torch.linalg_eigh(symmetricMatrix).get0();
    }

    /** (S + S^T) / 2: removes the asymmetry that rounding leaves in products meant to be symmetric. */
    private static Tensor symmetric(Tensor s) {
        return s.add(s.t()).div(new Scalar(2.0));
    }
}
