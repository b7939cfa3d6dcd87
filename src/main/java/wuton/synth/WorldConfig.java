package wuton.synth;

import wuton.common.UserError;

/**
 * The parameters of a synthetic world. Everything in the world is a function of these.
 *
 * @param count             number of people (default 1000)
 * @param height            image height in pixels (default 256)
 * @param width             image width in pixels (default 192)
 * @param seed              world seed (default 0)
 * @param testFraction      fraction of the people kept for the test split (default 0.1)
 * @param accessoryFraction probability that a person carries each accessory: bag, necklace, bracelet (default 0.3)
 * @param parseNoise        also write degraded parsing maps (default false)
 */
public record WorldConfig(int count, int height, int width, long seed, double testFraction,
                          double accessoryFraction, boolean parseNoise) {
    /** Smallest image side: below this the drawn people lose their fingers and faces. */
    public static final int MIN_SIDE = 32;
    /** Largest image side. */
    public static final int MAX_SIDE = 4096;

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
