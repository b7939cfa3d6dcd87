package wuton.synth;

import wuton.common.UserError;

/**
 * The parameters of a synthetic world. Everything in the world is a function of these. Made with
 * {@link #builder}: the image size is required, the rest defaults to the {@code DEFAULT_} constants below, which are
 * also the defaults of {@code wuton synth} (whose default size is the models' training size).
 *
 * @param count             number of people
 * @param height            image height in pixels
 * @param width             image width in pixels
 * @param seed              world seed
 * @param testFraction      fraction of the people kept for the test split
 * @param accessoryFraction probability that a person carries each accessory: bag, necklace, bracelet
 * @param parseNoise        also write degraded parsing maps
 * @param look              studio pictures, or photographs (docs/world.md)
 * @param emptyFraction     with {@link Look#PHOTO}, the share of training photographs with no person in them
 */
public record WorldConfig(int count, int height, int width, long seed, double testFraction,
                          double accessoryFraction, boolean parseNoise, Look look, double emptyFraction) {
    /** How the world's people are pictured. */
    public enum Look {
        /** Whole, centred people on a plain light studio background, evenly lit, as VITON's catalogue photos. */
        STUDIO,
        /**
         * Photographs: background photographs of places, the person framed from whole body to close-up, anywhere
         * and at any size, sometimes cut by the frame; directional light, folds and shadows; camera blur, noise and
         * JPEG; now and then no person at all (training split only).
         */
        PHOTO
    }

    /** Smallest image side: below this the drawn people lose their fingers and faces. */
    public static final int MIN_SIDE = 32;
    /** Largest image side. */
    public static final int MAX_SIDE = 4096;
    // constants rather than builder fields alone: synth's picocli defaults need them at compile time
    public static final int DEFAULT_COUNT = 1000;
    public static final long DEFAULT_SEED = 0;
    public static final double DEFAULT_TEST_FRACTION = 0.1;
    public static final double DEFAULT_ACCESSORY_FRACTION = 0.3;
    /** The default look as {@code synth --look} spells it (a constant: picocli's default needs one). */
    public static final String DEFAULT_LOOK_NAME = "photo";
    public static final Look DEFAULT_LOOK = Look.valueOf(DEFAULT_LOOK_NAME.toUpperCase(java.util.Locale.ROOT));
    public static final double DEFAULT_EMPTY_FRACTION = 0.05;

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
        if (!(emptyFraction >= 0 && emptyFraction < 1)) {
            throw new UserError("--empty " + emptyFraction + ": must be at least 0 and below 1");
        }
        if (look == null) {
            throw new UserError("--look: give studio or photo");
        }
    }

    /**
     * A builder of a world of {@code height} by {@code width} pixels, holding the defaults of the other settings.
     * The size is checked by {@link Builder#build}.
     */
    public static Builder builder(int height, int width) {
        return new Builder(height, width);
    }

    /** A builder holding this config. */
    public Builder toBuilder() {
        return builder(height, width).count(count).seed(seed).testFraction(testFraction)
            .accessoryFraction(accessoryFraction).parseNoise(parseNoise).look(look).emptyFraction(emptyFraction);
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

    /** The image size, required, and the other settings, each holding its default until set. */
    public static final class Builder {
        private final int height;
        private final int width;
        private int count = DEFAULT_COUNT;
        private long seed = DEFAULT_SEED;
        private double testFraction = DEFAULT_TEST_FRACTION;
        private double accessoryFraction = DEFAULT_ACCESSORY_FRACTION;
        private boolean parseNoise = false;
        private Look look = DEFAULT_LOOK;
        private double emptyFraction = DEFAULT_EMPTY_FRACTION;

        private Builder(int height, int width) {
            this.height = height;
            this.width = width;
        }

        public Builder count(int count) {
            this.count = count;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder testFraction(double testFraction) {
            this.testFraction = testFraction;
            return this;
        }

        public Builder accessoryFraction(double accessoryFraction) {
            this.accessoryFraction = accessoryFraction;
            return this;
        }

        public Builder parseNoise(boolean parseNoise) {
            this.parseNoise = parseNoise;
            return this;
        }

        public Builder look(Look look) {
            this.look = look;
            return this;
        }

        public Builder emptyFraction(double emptyFraction) {
            this.emptyFraction = emptyFraction;
            return this;
        }

        /** @throws UserError naming the option ({@code --count}, {@code --size}, ...) whose value is out of range */
        public WorldConfig build() {
            return new WorldConfig(count, height, width, seed, testFraction, accessoryFraction, parseNoise, look,
                emptyFraction);
        }
    }
}
