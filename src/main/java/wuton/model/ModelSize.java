package wuton.model;

import java.util.Locale;

/**
 * Width of every network, as the number of channels of the first layer ("base channels"); deeper layers
 * double it up to {@link #MAX_WIDTH_FACTOR} times. {@link #FULL} has the paper's widths.
 */
public enum ModelSize {
    /** The paper: 64 base channels, up to 512 (about 120 M parameters with the matcher at 256 x 192). */
    FULL(64),
    /** Half width, about a quarter of the parameters and FLOPs. */
    SLIM(32),
    /** A quarter width: for a real-time student on a CPU. */
    SMALL(16),
    /** For tests and smoke runs on a CPU. */
    TINY(8);

    /** Widest layer = base channels x this factor (512 for {@link #FULL}, as in the paper). */
    public static final int MAX_WIDTH_FACTOR = 8;

    private final int baseChannels;

    ModelSize(int baseChannels) {
        this.baseChannels = baseChannels;
    }

    public int baseChannels() {
        return baseChannels;
    }

    /** Channels at depth {@code level}: base x 2^level, capped at base x {@link #MAX_WIDTH_FACTOR}. */
    public int channelsAt(int level) {
        return baseChannels * Math.min(1 << level, MAX_WIDTH_FACTOR);
    }

    /** The command-line spelling: full, slim, tiny. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
