package wuton.model;

import java.util.Locale;

/**
 * How the generator's layers are laid out, independently of their width ({@link ModelSize}). Distillation
 * lets the student's architecture differ from its teacher's: the student only has to imitate the teacher's
 * outputs, not its layers.
 */
public enum Architecture {
    /**
     * The paper's: CP-VTON matcher on the full-resolution images; U-Net decoder of plain 3x3 convolutions whose
     * last level works at the full resolution.
     */
    PAPER,
    /**
     * For real time on a CPU. The same encoders, warping and decoder widths, three changes where the paper's
     * layout spends most of its time at small widths:
     * <ul>
     *   <li>the matcher sees the images at half resolution (theta is resolution-free: a TPS on normalised
     *       coordinates), with one stride-2 level fewer so that its correlation keeps the same size;</li>
     *   <li>each decoder level convolves at its own resolution and then upsamples its output, instead of
     *       upsampling its wider input and convolving at twice the resolution;</li>
     *   <li>the decoder stops at half resolution and its last layer predicts 2 x 2 pixels per position
     *       (pixel shuffle) instead of convolving a full-resolution feature map twice.</li>
     * </ul>
     * (Depthwise-separable decoder convolutions were measured too: slower than plain 3x3 ones with libtorch on
     * a CPU at these widths, so they are not used.)
     */
    FAST;

    /** The paper's layout; also what runs from before this choice used. */
    public static final Architecture DEFAULT = PAPER;

    /** The command-line spelling: paper, fast. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
