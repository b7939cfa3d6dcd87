package wuton.nn;

/** The non-linearity a {@link ConvBlock} applies last. */
public enum Activation {
    NONE,
    RELU,
    /** Leaky ReLU with slope {@link #LEAKY_SLOPE} for negative inputs (encoders, discriminator). */
    LEAKY_RELU,
    /** Hyperbolic tangent: output images in [-1, 1]. */
    TANH;

    /** Negative slope of {@link #LEAKY_RELU}, the usual GAN choice (DCGAN, pix2pix). */
    public static final double LEAKY_SLOPE = 0.2;
}
