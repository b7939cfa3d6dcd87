package wuton.model;

import wuton.common.UserError;
import wuton.nn.TpsGridGenerator;

/**
 * Everything that fixes the shapes of a WUTON model. A checkpoint is only valid for the config it was
 * trained with (the matcher's regression input depends on the image size).
 *
 * @param size network widths
 * @param height image height in pixels, a multiple of {@link #SIZE_MULTIPLE}
 * @param width image width in pixels, a multiple of {@link #SIZE_MULTIPLE}
 * @param tpsGridSize g, the TPS control lattice is g x g
 * @param unetDepth number of stride-2 levels of each U-Net encoder (5 in the paper)
 * @param architecture layer layout; null (a config written before it existed) means {@link Architecture#PAPER}
 * @param composition how the output image is made from the last layer; null (a config written before it
 *     existed) means {@link Composition#NONE}, the paper's
 */
public record ModelConfig(ModelSize size, int height, int width, int tpsGridSize, int unetDepth,
                          Architecture architecture, Composition composition) {
    /** The matcher's feature extractors halve the resolution four times. */
    public static final int SIZE_MULTIPLE = 16;
    /** The paper's (and the MPV dataset's) resolution. */
    public static final int DEFAULT_HEIGHT = 256;
    public static final int DEFAULT_WIDTH = 192;
    public static final int DEFAULT_UNET_DEPTH = 5;
    /** Largest supported side: 1024 x 768 is what the project promises. */
    public static final int MAX_SIDE = 1024;
    /**
     * Largest TPS lattice: the warp keeps a basis of H x W x g^2 floats, 0.8 GB at 1024 x 768 for g = 16, and the
     * paper's g is 5. Without a bound, a model description claiming g = 100000 would ask for terabytes.
     */
    public static final int MAX_TPS_GRID_SIZE = 16;

    public ModelConfig {
        if (size == null) {
            throw new UserError("model size missing (one of " + java.util.Arrays.toString(ModelSize.values()) + ")");
        }
        if (architecture == null) {
            architecture = Architecture.PAPER;
        }
        if (composition == null) {
            composition = Composition.NONE;
        }
        if (height <= 0 || width <= 0 || height % SIZE_MULTIPLE != 0 || width % SIZE_MULTIPLE != 0) {
            throw new UserError("image size " + height + "x" + width + ": height and width must be positive multiples of "
                + SIZE_MULTIPLE);
        }
        if (height > MAX_SIDE || width > MAX_SIDE) {
            throw new UserError("image size " + height + "x" + width + ": sides above " + MAX_SIDE + " are not supported");
        }
        if (tpsGridSize < 2 || tpsGridSize > MAX_TPS_GRID_SIZE) {
            throw new UserError("TPS grid size " + tpsGridSize + ": must be 2 to " + MAX_TPS_GRID_SIZE);
        }
        // the depth bound first: Java shifts an int by the depth modulo 32, so 33 would read as 1
        if (unetDepth < 1 || unetDepth >= Integer.SIZE || (Math.min(height, width) >> unetDepth) < 1) {
            throw new UserError("U-Net depth " + unetDepth + " does not fit a " + height + "x" + width + " image");
        }
    }

    /** The paper's model: {@link ModelSize#FULL}, 256 x 192, 5 x 5 TPS lattice, depth-5 U-Net. */
    public static ModelConfig defaults() {
        return of(ModelSize.FULL, DEFAULT_HEIGHT, DEFAULT_WIDTH);
    }

    /** The paper's layout with the default TPS lattice and U-Net depth at the given size and resolution. */
    public static ModelConfig of(ModelSize size, int height, int width) {
        return of(size, Architecture.PAPER, height, width);
    }

    /** Default TPS lattice and U-Net depth with the given layout, size and resolution; the paper's composition. */
    public static ModelConfig of(ModelSize size, Architecture architecture, int height, int width) {
        return of(size, architecture, Composition.NONE, height, width);
    }

    /** Default TPS lattice and U-Net depth with the given layout, composition, size and resolution. */
    public static ModelConfig of(ModelSize size, Architecture architecture, Composition composition, int height,
                                 int width) {
        return new ModelConfig(size, height, width, TpsGridGenerator.DEFAULT_GRID_SIZE, DEFAULT_UNET_DEPTH,
            architecture, composition);
    }
}
