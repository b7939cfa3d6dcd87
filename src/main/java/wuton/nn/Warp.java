package wuton.nn;

import java.util.Arrays;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Bilinear resampling of feature maps or images with a sampling grid, as {@code F.grid_sample}.
 *
 * <p>Convention: {@code align_corners = true}. A grid value of -1 (resp. +1) is the centre of the
 * first (resp. last) pixel along that axis, so the grid of evenly spaced values
 * {@code -1 + 2j / (W - 1)} reproduces the input exactly; {@link TpsGridGenerator} builds its grids
 * on that lattice. Gradients flow to both the input and the grid; libtorch has no double backward for
 * this operation, so keep gradient penalties away from anything that went through a warp.
 */
public final class Warp {
    /** libtorch's {@code grid_sampler} interpolation code for bilinear. */
    private static final long BILINEAR = 0;
    private static final boolean ALIGN_CORNERS = true;

    private Warp() {
    }

    /**
     * Samples {@code input} at {@code grid}.
     *
     * @param input (N, C, H_in, W_in)
     * @param grid (N, H, W, 2), last axis (x, y) in [-1, 1]; x runs along the width
     * @param padding what positions outside [-1, 1] read
     * @return (N, C, H, W)
     */
    public static Tensor sample(Tensor input, Tensor grid, Padding padding) {
        // a grid that will be differentiated must be finite: libtorch's grid_sampler backward turns a NaN coordinate
        // into a memory index and kills the process (pytorch/pytorch#24823); the forward alone is safe (NaN or a
        // border pixel comes out), and inference does not pay for the check
        if (grid.requires_grad() && !torch.isfinite(grid).all().item_bool()) {
            throw new NonFiniteException("the warp's sampling grid " + Arrays.toString(grid.sizes().vec().get())
                + " holds NaN or infinite values: the geometric matcher's TPS parameters are not finite");
        }
        return torch.grid_sampler(input, grid, BILINEAR, padding.code(), ALIGN_CORNERS);
    }
}
