package wuton.synth;

import wuton.common.UserError;

/**
 * The parameters of a synthetic world. Everything in the world is a function of these. The defaults of
 * {@code wuton synth} are the {@code DEFAULT_} constants below; its default size is the models' training size.
 *
 * @param count             number of people
 * @param height            image height in pixels
 * @param width             image width in pixels
 * @param seed              world seed
 * @param testFraction      fraction of the people kept for the test split
 * @param accessoryFraction probability that a person carries each accessory: bag, necklace, bracelet
 * @param parseNoise        also write degraded parsing maps
 */
public record WorldConfig(int count, int height, int width, long seed, double testFraction,
                          double accessoryFraction, boolean parseNoise) {
    /** Smallest image side: below this the drawn people lose their fingers and faces. */
    public static final int MIN_SIDE = 32;
    /** Largest image side. */
    public static final int MAX_SIDE = 4096;
    public static final int DEFAULT_COUNT = 1000;
    public static final long DEFAULT_SEED = 0;
    public static final double DEFAULT_TEST_FRACTION = 0.1;
    public static final double DEFAULT_ACCESSORY_FRACTION = 0.3;

    public WorldConfig {
        if (count < 1) {
            throw new UserError("--count " + count + ": must be at least 1");
        }
        if (height < MIN_SIDE || width < MIN_SIDE || height > MAX_SIDE || width > MAX_SIDE) {
            throw new UserError("--size " + height + "x" + width + ": height and width must be between "
                + MIN_SIDE + " and " + MAX_SIDE);
        }
        if (!(testFraction >= 0 && testFraction <= 1)) {
            throw new UserError("--test-fraction " + testFraction + ": must be between 0 and 1");
        }
        if (!(accessoryFraction >= 0 && accessoryFraction <= 1)) {
            throw new UserError("--accessories " + accessoryFraction + ": must be between 0 and 1");
        }
    }

    /** The number of people in the test split: at least 2 when there is a test split, so pairs can be unpaired. */
    public int testCount() {
        if (testFraction == 0 || count < 3) {
            return 0;
        }
        return Math.max(2, Math.min(count - 1, (int) Math.round(count * testFraction)));
    }

    public int trainCount() {
        return count - testCount();
    }
}
