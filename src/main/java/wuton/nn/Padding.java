package wuton.nn;

/**
 * What {@link Warp} reads for sampling positions outside the source. The ordinals are libtorch's
 * {@code grid_sampler} padding codes.
 */
public enum Padding {
    /** Zero outside the source: a warped feature map carries no garment signal where the garment is not. */
    ZEROS,
    /** The nearest edge value: a warped garment image keeps its (white) background at the borders. */
    BORDER,
    REFLECTION;

    long code() {
        return ordinal();
    }
}
