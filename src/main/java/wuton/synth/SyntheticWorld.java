package wuton.synth;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import wuton.image.ImageFiles;

/**
 * The synthetic try-on world: person {@code i} and garment {@code i} are pure functions of
 * (seed, i). Person {@code i} wears garment {@code i} in the dataset; the unpaired ground truth puts
 * garment {@code j} on person {@code i} with everything else unchanged.
 */
public final class SyntheticWorld {
    private final WorldConfig config;

    public SyntheticWorld(WorldConfig config) {
        this.config = config;
    }

    public WorldConfig config() {
        return config;
    }

    PersonSpec person(int index) {
        return PersonSpec.sample(Seeds.random(config.seed(), index, Seeds.Stream.PERSON), config.accessoryFraction());
    }

    GarmentSpec garment(int index) {
        return GarmentSpec.sample(Seeds.random(config.seed(), index, Seeds.Stream.GARMENT));
    }

    /**
     * How person {@code index} is photographed in a {@link WorldConfig.Look#PHOTO} world: a function of the person
     * alone. Only training photographs may hold no person: the test split keeps a person in every picture, so that
     * every test pair has a try-on to score.
     */
    Shot shot(int index) {
        if (config.look() == WorldConfig.Look.STUDIO) {
            return Shot.studio();
        }
        double empty = index < config.trainCount() ? config.emptyFraction() : 0;
        return Shot.sample(Seeds.random(config.seed(), index, Seeds.Stream.SHOT), config.width(), config.height(),
            Backdrops.all().size(), empty);
    }

    /** Person {@code personIndex} wearing garment {@code garmentIndex}. */
    Rendering render(int personIndex, int garmentIndex) {
        long confidenceSeed = Seeds.mix(config.seed(), Seeds.mix(personIndex, Seeds.Stream.POSE_CONFIDENCE.ordinal()));
        if (config.look() == WorldConfig.Look.STUDIO) {
            long backgroundSeed = Seeds.mix(config.seed(), Seeds.mix(personIndex, Seeds.Stream.BACKGROUND.ordinal()));
            return PersonPainter.render(person(personIndex), garment(garmentIndex), config.width(), config.height(),
                PersonPainter.studio(backgroundSeed, config.width(), config.height()), confidenceSeed);
        }
        return Photographer.photograph(person(personIndex), garment(garmentIndex), shot(personIndex), config.width(),
            config.height(), confidenceSeed,
            Seeds.mix(config.seed(), Seeds.mix(personIndex, Seeds.Stream.CAMERA_NOISE.ordinal())));
    }

    /** The product photo of garment {@code index}: {@code rgb} and {@code mask} receive width x height pixels. */
    void product(int index, int[] rgb, byte[] mask) {
        new GarmentPainter(garment(index)).paintFlat(rgb, mask, config.width(), config.height());
    }

    /** The photo of person {@code index} wearing their own garment, as the world's files show it. */
    public BufferedImage personPhoto(int index) {
        return image(render(index, index).rgb());
    }

    /** The product photo of garment {@code index} on its white background, as the world's files show it. */
    public BufferedImage garmentPhoto(int index) {
        int[] rgb = new int[config.width() * config.height()];
        product(index, rgb, new byte[rgb.length]);
        return image(rgb);
    }

    private BufferedImage image(int[] rgb) {
        return ImageFiles.rgbImage(rgb, config.width(), config.height());
    }

    /** A degraded copy of a rendering's parsing map, as a real parser might produce. */
    byte[] noisyParse(Rendering rendering, int index) {
        return ParseNoise.degrade(rendering, Seeds.random(config.seed(), index, Seeds.Stream.PARSE_NOISE));
    }

    /** The random stream that decides the unpaired test pairs. */
    SplittableRandom pairRandom() {
        return Seeds.random(config.seed(), -1, Seeds.Stream.PAIRS);
    }
}
