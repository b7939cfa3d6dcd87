package wuton.model;

import java.util.Locale;

/**
 * Which frozen network gives the features of the perceptual loss (equation 5): {@link #VGG19}, the paper's, or
 * {@link #INCEPTION}, the shipped ImageNet layers of Inception-v3. VGG19's ImageNet weights are not shipped (and
 * cannot be had here): without a {@code --vgg-weights} file its features are seeded random ones, so the
 * "perceptual" loss is then a random-feature loss. Inception-v3's are real ImageNet features, the only ones
 * shipped ({@link InceptionFeatures}).
 */
public enum PerceptualNetwork {
    /** VGG19 relu1_1 to relu5_1 ({@link Vgg19Features}): ImageNet weights from a file, else seeded random ones. */
    VGG19,
    /** Inception-v3 from the stem to Mixed_6c with the shipped ImageNet weights ({@link InceptionFeatures}). */
    INCEPTION;

    /** The paper's; also what runs from before this choice used. */
    public static final PerceptualNetwork DEFAULT = VGG19;

    /** The command-line spelling: vgg19, inception. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
