package wuton.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static wuton.testing.TensorData.floats;
import static wuton.testing.TensorData.shape;
import static wuton.testing.TensorData.tensor;

import java.util.Random;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class TpsGridGeneratorTest {
    private static final int G = 5;
    private final TpsGridGenerator tps = new TpsGridGenerator(G);

    @Test
    void zeroThetaIsTheAlignCornersIdentityGrid() {
        long h = 7;
        long w = 5;
        Tensor grid = tps.grid(torch.zeros(2, 2 * G * G), h, w);
        assertThat(shape(grid)).containsExactly(2, h, w, 2);
        float[] v = floats(grid);
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    int at = (int) (((n * h + i) * w + j) * 2);
                    // pixel centres: x = -1, -0.5, 0, 0.5, 1 across 5 columns; y in steps of 1/3 down 7 rows
                    assertThat(v[at]).isEqualTo((float) (-1.0 + 2.0 * j / (w - 1)));
                    assertThat(v[at + 1]).isEqualTo((float) (-1.0 + 2.0 * i / (h - 1)));
                }
            }
        }
    }

    @Test
    void identityGridResamplesAnImageUnchanged() {
        Tensor image = torch.rand(1, 3, 6, 4);
        Tensor grid = tps.grid(torch.zeros(1, 2 * G * G), 6, 4);
        Tensor warped = Warp.sample(image, grid, Padding.ZEROS);
        float[] expected = floats(image);
        float[] actual = floats(warped);
        for (int k = 0; k < expected.length; k++) {
            assertThat(actual[k]).isCloseTo(expected[k], within(1e-6f));
        }
    }

    @Test
    void movingEveryControlPointByTheSameOffsetTranslatesTheGrid() {
        float dx = 0.125f;
        float dy = -0.25f;
        float[] theta = new float[2 * G * G];
        for (int k = 0; k < G * G; k++) {
            theta[2 * k] = dx;
            theta[2 * k + 1] = dy;
        }
        long h = 9;
        long w = 6;
        float[] moved = floats(tps.grid(tensor(theta, 1, 2 * G * G), h, w));
        float[] identity = floats(tps.grid(torch.zeros(1, 2 * G * G), h, w));
        for (int p = 0; p < h * w; p++) {
            assertThat(moved[2 * p]).isCloseTo(identity[2 * p] + dx, within(1e-5f));
            assertThat(moved[2 * p + 1]).isCloseTo(identity[2 * p + 1] + dy, within(1e-5f));
        }
    }

    /** Solves the TPS interpolation directly, with the r^2 log r kernel (half of ours: same spline). */
    @Test
    void aKnownSplineMatchesADirectSolve() {
        Random random = new Random(42);
        float[] theta = new float[2 * G * G];
        for (int k = 0; k < theta.length; k++) {
            theta[k] = (float) (0.3 * (random.nextDouble() - 0.5));
        }
        int n = G * G;
        double[][] points = new double[n][];
        for (int row = 0; row < G; row++) {
            for (int col = 0; col < G; col++) {
                points[row * G + col] = new double[] {-1 + 2.0 * col / (G - 1), -1 + 2.0 * row / (G - 1)};
            }
        }
        double[][] system = new double[n + 3][n + 3];
        double[][] rhs = new double[n + 3][2];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                system[i][j] = classicKernel(points[i], points[j]);
            }
            double[] affine = {1, points[i][0], points[i][1]};
            for (int a = 0; a < 3; a++) {
                system[i][n + a] = affine[a];
                system[n + a][i] = affine[a];
            }
            rhs[i][0] = points[i][0] + theta[2 * i];
            rhs[i][1] = points[i][1] + theta[2 * i + 1];
        }
        double[][] coefficients = solve(system, rhs);

        int h = 11;
        int w = 8;
        float[] grid = floats(tps.grid(tensor(theta, 1, 2 * n), h, w));
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                double[] p = {-1 + 2.0 * j / (w - 1), -1 + 2.0 * i / (h - 1)};
                for (int axis = 0; axis < 2; axis++) {
                    double f = coefficients[n][axis] + coefficients[n + 1][axis] * p[0] + coefficients[n + 2][axis] * p[1];
                    for (int k = 0; k < n; k++) {
                        f += coefficients[k][axis] * classicKernel(p, points[k]);
                    }
                    assertThat((double) grid[(i * w + j) * 2 + axis]).isCloseTo(f, within(1e-5));
                }
            }
        }
        // and the spline interpolates: control point 12 (the centre) lands on itself plus its offset
        float[] centre = floats(tps.grid(tensor(theta, 1, 2 * n), G, G));
        assertThat(centre[12 * 2]).isCloseTo(theta[24], within(1e-5f));
        assertThat(centre[12 * 2 + 1]).isCloseTo(theta[25], within(1e-5f));
    }

    @Test
    void oneThetaGivesTheSameWarpAtEveryResolution() {
        Tensor theta = torch.rand(1, 2 * G * G).sub(new org.bytedeco.pytorch.Scalar(0.5)).mul(new org.bytedeco.pytorch.Scalar(0.2));
        float[] coarse = floats(tps.grid(theta, 5, 3));
        float[] fine = floats(tps.grid(theta, 9, 5));
        // coarse pixel (i, j) and fine pixel (2i, 2j) sit at the same normalised position
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 3; j++) {
                for (int axis = 0; axis < 2; axis++) {
                    assertThat(fine[((2 * i) * 5 + 2 * j) * 2 + axis]).isCloseTo(coarse[(i * 3 + j) * 2 + axis], within(1e-5f));
                }
            }
        }
    }

    @Test
    void rejectsThetaOfTheWrongLength() {
        assertThatThrownBy(() -> tps.grid(torch.zeros(1, 18), 4, 4)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("50");
    }

    private static double classicKernel(double[] a, double[] b) {
        double r = Math.hypot(a[0] - b[0], a[1] - b[1]);
        return r == 0 ? 0 : r * r * Math.log(r);
    }

    /** Gaussian elimination with partial pivoting, for several right-hand sides. */
    private static double[][] solve(double[][] a, double[][] b) {
        int n = a.length;
        double[][] m = new double[n][];
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
            x[i] = b[i].clone();
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = m[col];
            m[col] = m[pivot];
            m[pivot] = t;
            t = x[col];
            x[col] = x[pivot];
            x[pivot] = t;
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = m[r][col] / m[col][col];
                    for (int c = col; c < n; c++) {
                        m[r][c] -= f * m[col][c];
                    }
                    for (int c = 0; c < x[r].length; c++) {
                        x[r][c] -= f * x[col][c];
                    }
                }
            }
        }
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < x[r].length; c++) {
                x[r][c] /= m[r][r];
            }
        }
        return x;
    }
}
