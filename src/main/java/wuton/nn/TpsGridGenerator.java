package wuton.nn;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Thin-plate spline (Bookstein 1989) sampling grids from control-point offsets, at any resolution.
 *
 * <p><b>Control points.</b> A g x g lattice evenly spaced on [-1, 1]^2, numbered row-major:
 * point {@code k = row * g + col} sits at {@code x = -1 + 2 col / (g - 1)}, {@code y = -1 + 2 row / (g - 1)}
 * (row 0 at the top). {@code theta} is (N, 2 g^2): {@code theta[:, 2k]} and {@code theta[:, 2k + 1]} are the
 * x and y offsets of point k, in the same normalised units as the grid.
 *
 * <p><b>The spline.</b> For each image, f: R^2 -> R^2 is the thin-plate spline with kernel
 * U(r^2) = r^2 log r^2 that maps every control point P_k to P_k + theta_k (interpolation, no smoothing):
 * f(p) = a_0 + a_x x + a_y y + sum_k w_k U(|p - P_k|^2). Output pixel (i, j) of an H x W grid reads the
 * source at f(x_j, y_i), with x_j = -1 + 2 j / (W - 1) and y_i = -1 + 2 i / (H - 1) (the
 * {@code align_corners = true} lattice of {@link Warp}). theta = 0 gives the identity.
 *
 * <p><b>Why it is cheap.</b> The coefficients are linear in the targets, so for a fixed resolution
 * grid = identity + M theta, where M (HW, g^2) = B L^-1 restricted to the point columns (B: kernel and affine
 * terms of every pixel, L: the TPS system). Using "identity + M theta" instead of "M (P + theta)" makes
 * theta = 0 the exact identity, bit for bit (TPS reproduces affine maps, so M P is the identity up to rounding).
 * M is computed once per (resolution, device) in double precision and cached as a plain tensor, not a
 * module buffer: it is a pure function of (g, H, W), and a 1024 x 768 basis alone is 88 MB that has no
 * place in a checkpoint. One generator serves every U-Net scale.
 *
 * <p>Thread-safe; the cached tensors live as long as the generator.
 */
public final class TpsGridGenerator {
    /** The lattice of the paper and CP-VTON: 5 x 5 control points. */
    public static final int DEFAULT_GRID_SIZE = 5;
    /** Coordinates per point (x, y). */
    private static final int XY = 2;
    /** Affine terms of the spline: 1, x, y. */
    private static final int AFFINE_TERMS = 3;

    private final int gridSize;
    private final double[][] controlPoints;
    /** L^-1 of the TPS system, (n + 3) x (n + 3), double precision, on the CPU. */
    private final Tensor systemInverse;
    private final Map<Key, Basis> cache = new ConcurrentHashMap<>();

    private record Key(long height, long width, String device) {
    }

    /** Precomputed per (H, W, device): the identity grid (1, H, W, 2) and M (HW, g^2), float32. */
    private record Basis(Tensor identity, Tensor weights) {
    }

    public TpsGridGenerator() {
        this(DEFAULT_GRID_SIZE);
    }

    /** @param gridSize g, the control lattice is g x g (at least 2) */
    public TpsGridGenerator(int gridSize) {
        if (gridSize < 2) {
            throw new IllegalArgumentException("TPS grid size must be at least 2, got " + gridSize);
        }
        this.gridSize = gridSize;
        this.controlPoints = lattice(gridSize);
        try (PointerScope scope = new PointerScope()) {
            double[][] system = systemMatrix(controlPoints);
            double[] flat = new double[system.length * system.length];
            for (int r = 0; r < system.length; r++) {
                System.arraycopy(system[r], 0, flat, r * system.length, system.length);
            }
            Tensor inverse = torch.linalg_inv(doubles(flat, system.length, system.length));
            inverse.retainReference();
            this.systemInverse = inverse;
        }
    }

    /** g, the lattice is g x g. */
    public int gridSize() {
        return gridSize;
    }

    /** Length of theta per image: 2 g^2. */
    public int thetaSize() {
        return XY * gridSize * gridSize;
    }

    /** Control point k as {x, y}, row-major on the lattice. */
    public double[] controlPoint(int k) {
        return controlPoints[k].clone();
    }

    /**
     * The sampling grid for control-point offsets theta.
     *
     * @param theta (N, 2 g^2), float32, on any device
     * @return (N, height, width, 2), (x, y) in [-1, 1] where theta keeps points inside, on theta's device
     */
    public Tensor grid(Tensor theta, long height, long width) {
        if (theta.dim() != 2 || theta.size(1) != thetaSize()) {
            throw new IllegalArgumentException("theta must be (N, " + thetaSize() + "), got "
                + java.util.Arrays.toString(theta.sizes().vec().get()));
        }
        Device device = theta.device();
        Basis basis = cache.computeIfAbsent(new Key(height, width, device.str().getString()),
            k -> basis(height, width, device));
        long n = theta.size(0);
        Tensor offsets = theta.view(n, (long) gridSize * gridSize, XY);      // (N, g^2, 2)
        Tensor displacement = basis.weights().matmul(offsets);                 // (N, HW, 2)
        return basis.identity().add(displacement.view(n, height, width, XY));
    }

    private Basis basis(long height, long width, Device device) {
        // its own scope: the basis may be first asked for inside a caller's per-step scope
        try (PointerScope scope = new PointerScope()) {
            int n = controlPoints.length;
            int pixels = Math.toIntExact(height * width);
            double[] rows = new double[pixels * (n + AFFINE_TERMS)];
            double[] identity = new double[pixels * XY];
            for (int i = 0; i < height; i++) {
                for (int j = 0; j < width; j++) {
                    int p = Math.toIntExact(i * width + j);
                    double[] xy = {coordinate(j, width), coordinate(i, height)};
                    System.arraycopy(xy, 0, identity, p * XY, XY);
                    System.arraycopy(basisRow(xy, controlPoints), 0, rows, p * (n + AFFINE_TERMS), n + AFFINE_TERMS);
                }
            }
            Tensor weights = doubles(rows, pixels, n + AFFINE_TERMS)
                .matmul(systemInverse.narrow(1, 0, n))                             // (HW, n)
                .to(device, ScalarType.Float);
            Tensor grid = doubles(identity, pixels, XY).view(1, height, width, XY).to(device, ScalarType.Float);
            weights.retainReference();
            grid.retainReference();
            return new Basis(grid, weights);
        }
    }

    /** -1 + 2 j / (n - 1), the align_corners = true pixel centre; -1 for a single pixel, as torch.linspace. */
    static double coordinate(long index, long count) {
        return count == 1 ? -1.0 : -1.0 + 2.0 * index / (count - 1);
    }

    static double[][] lattice(int g) {
        double[][] points = new double[g * g][];
        for (int row = 0; row < g; row++) {
            for (int col = 0; col < g; col++) {
                points[row * g + col] = new double[] {coordinate(col, g), coordinate(row, g)};
            }
        }
        return points;
    }

    /** U(r^2) = r^2 log r^2, with U(0) = 0 (its limit). */
    static double kernel(double squaredDistance) {
        return squaredDistance == 0.0 ? 0.0 : squaredDistance * Math.log(squaredDistance);
    }

    /** [U(|p - P_0|^2) ... U(|p - P_n-1|^2), 1, x, y]. */
    private static double[] basisRow(double[] p, double[][] points) {
        int n = points.length;
        double[] row = new double[n + AFFINE_TERMS];
        for (int k = 0; k < n; k++) {
            double dx = p[0] - points[k][0];
            double dy = p[1] - points[k][1];
            row[k] = kernel(dx * dx + dy * dy);
        }
        row[n] = 1.0;
        row[n + 1] = p[0];
        row[n + 2] = p[1];
        return row;
    }

    /** L = [[K, P], [P^T, 0]], K_ij = U(|P_i - P_j|^2), P rows [1, x, y]. */
    private static double[][] systemMatrix(double[][] points) {
        int n = points.length;
        double[][] l = new double[n + AFFINE_TERMS][n + AFFINE_TERMS];
        for (int i = 0; i < n; i++) {
            double[] row = basisRow(points[i], points);
            System.arraycopy(row, 0, l[i], 0, row.length);
            for (int a = 0; a < AFFINE_TERMS; a++) {
                l[n + a][i] = row[n + a];
            }
        }
        return l;
    }

    /** A (rows, cols) float64 CPU tensor holding {@code flat} in row-major order. */
    private static Tensor doubles(double[] flat, long rows, long cols) {
        Tensor t = torch.empty(new long[] {rows, cols}, new TensorOptions(ScalarType.Double), new MemoryFormatOptional());
        new DoublePointer(t.data_ptr()).put(flat);
        return t;
    }
}
