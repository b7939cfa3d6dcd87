package wuton.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import wuton.testing.TensorData;

/** FID, KID and the Inception score on features and logits small enough to work out by hand. */
class FeatureStatisticsTest {
    @Test
    void fidOfTwoGaussiansByHand() {
        // N((0, 0), diag(4, 1)) and N((1, 2), diag(1, 9)): |mu1 - mu2|^2 = 5, tr S1 + tr S2 = 15,
        // tr (S1 S2)^(1/2) = sqrt(4) + sqrt(9) = 5, FID = 5 + 15 - 10 = 10
        try (PointerScope scope = new PointerScope()) {
            Fid.Gaussian a = new Fid.Gaussian(DoubleTensors.of(new double[] {0, 0}, 2), DoubleTensors.of(new double[] {4, 0, 0, 1}, 2, 2));
            Fid.Gaussian b = new Fid.Gaussian(DoubleTensors.of(new double[] {1, 2}, 2), DoubleTensors.of(new double[] {1, 0, 0, 9}, 2, 2));
            assertThat(Fid.distance(a, b)).isCloseTo(10.0, within(1e-9));
        }
    }

    @Test
    void fidOfNonCommutingCovariancesByHand() {
        // S1 = I, S2 = [[2, 1], [1, 2]] (eigenvalues 1 and 3): tr (S1 S2)^(1/2) = 1 + sqrt(3),
        // FID = 0 + 2 + 4 - 2 (1 + sqrt(3)) = 4 - 2 sqrt(3)
        try (PointerScope scope = new PointerScope()) {
            Tensor zero = DoubleTensors.of(new double[] {0, 0}, 2);
            Fid.Gaussian a = new Fid.Gaussian(zero, DoubleTensors.of(new double[] {1, 0, 0, 1}, 2, 2));
            Fid.Gaussian b = new Fid.Gaussian(zero, DoubleTensors.of(new double[] {2, 1, 1, 2}, 2, 2));
            assertThat(Fid.distance(a, b)).isCloseTo(4 - 2 * Math.sqrt(3), within(1e-9));
        }
    }

    @Test
    void fidFromFewFeaturesAgreesWithTheCovarianceRoute() {
        // 4 feature vectors in 6 dimensions take the singular-value route; the Gaussians give the reference
        try (PointerScope scope = new PointerScope()) {
            torch.manual_seed(3);
            Tensor x = torch.randn(4, 6).to(torch.ScalarType.Double);
            Tensor y = torch.randn(5, 6).to(torch.ScalarType.Double).mul(new Scalar(2.0)).add(new Scalar(0.5));
            double reference = Fid.distance(Fid.Gaussian.of(x), Fid.Gaussian.of(y));
            // the reference is the less exact of the two: its covariances are singular (4 and 5 samples in 6
            // dimensions), so eigenvalues that are 0 come out as +-eps |S| and their square roots as up to
            // sqrt(eps |S|) each, one per dimension; the BLAS kernels of each CPU round them differently
            double rounding = x.size(1) * Math.sqrt(Math.ulp(1.0) * reference);
            assertThat(Fid.between(x, y)).isCloseTo(reference, within(rounding));
            assertThat(Fid.between(x, x)).isCloseTo(0.0, within(1e-12));
        }
    }

    @Test
    void gaussianOfFeaturesUsesTheUnbiasedCovariance() {
        // features 0, 2, 4 on one axis: mean 2, variance (4 + 0 + 4) / 2 = 4
        try (PointerScope scope = new PointerScope()) {
            Fid.Gaussian g = Fid.Gaussian.of(DoubleTensors.of(new double[] {0, 2, 4}, 3, 1));
            assertThat(g.mean().item_double()).isEqualTo(2.0);
            assertThat(g.covariance().item_double()).isCloseTo(4.0, within(1e-12));
        }
    }

    @Test
    void kidOfOneDimensionalFeaturesByHand() {
        // D = 1, k(a, b) = (a b + 1)^3; x = {0, 1}, y = {0, 2}, m = 2 (every subset is the whole set):
        // within x: 2 k(0, 1) / 2 = 1; within y: 2 k(0, 2) / 2 = 1;
        // across: (k(0,0) + k(0,2) + k(1,0) + k(1,2)) / 4 = (1 + 1 + 1 + 27) / 4 = 7.5; MMD^2 = 1 + 1 - 15 = -13
        try (PointerScope scope = new PointerScope()) {
            Summary kid = Kid.between(DoubleTensors.of(new double[] {0, 1}, 2, 1), DoubleTensors.of(new double[] {0, 2}, 2, 1), 3, 1000, 7);
            assertThat(kid.count()).isEqualTo(3);
            assertThat(kid.mean()).isCloseTo(-13.0, within(1e-12));
            assertThat(kid.std()).isCloseTo(0.0, within(1e-12));
        }
    }

    @Test
    void inceptionScoreOfConfidentAndOfUndecidedClassifiers() {
        try (PointerScope scope = new PointerScope()) {
            // two images, each sure of its own class: p(y) = (1/2, 1/2), each KL = log 2, IS = 2
            Tensor sure = TensorData.tensor(new float[] {50, -50, -50, 50}, 2, 2);
            assertThat(InceptionScore.of(sure, 1).mean()).isCloseTo(2.0, within(1e-9));
            // the same class for both: p(y|x) = p(y), IS = 1
            Tensor same = TensorData.tensor(new float[] {50, -50, 50, -50}, 2, 2);
            assertThat(InceptionScore.of(same, 1).mean()).isCloseTo(1.0, within(1e-9));
            // two splits of one image each: p(y) = p(y|x) in each, IS = 1 in both
            Summary split = InceptionScore.of(sure, 2);
            assertThat(split.count()).isEqualTo(2);
            assertThat(split.mean()).isCloseTo(1.0, within(1e-9));
        }
    }

    @Test
    void inceptionScoreUsesFewerSplitsForFewImages() {
        assertThat(InceptionScore.splits(5000)).isEqualTo(10);
        assertThat(InceptionScore.splits(35)).isEqualTo(3);
        assertThat(InceptionScore.splits(4)).isEqualTo(1);
    }

    @Test
    void summaryIsMeanAndPopulationStd() {
        Summary s = Summary.of(1, 2, 3, 4);
        assertThat(s.mean()).isEqualTo(2.5);
        assertThat(s.std()).isCloseTo(Math.sqrt(1.25), within(1e-12));
    }
}
