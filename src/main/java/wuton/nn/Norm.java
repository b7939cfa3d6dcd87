package wuton.nn;

/** The normalisation layer a {@link ConvBlock} applies after its convolution. */
public enum Norm {
    /** No normalisation (discriminator, output layers). */
    NONE,
    /** Batch normalisation with running statistics (the CP-VTON geometric matcher). */
    BATCH,
    /** Affine instance normalisation, statistics per image and channel (the U-Net generator). */
    INSTANCE
}
