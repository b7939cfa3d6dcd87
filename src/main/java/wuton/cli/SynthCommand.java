package wuton.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import wuton.common.UserError;
import wuton.synth.ContactSheet;
import wuton.synth.SyntheticWorld;
import wuton.model.ModelConfig;
import wuton.synth.WorldConfig;
import wuton.synth.WorldWriter;

/** {@code wuton synth}: generates a synthetic try-on world in the VITON-HD layout. */
@Command(name = "synth", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Generates a synthetic try-on world in the VITON-HD layout.",
        "%nDrawn people and garments with exact parsing and pose and, for every test pair, the unpaired ground"
            + " truth: person A wearing garment B. Every image is a pure function of (seed, index), so the same"
            + " command writes the same bytes.%n"},
    footer = {"", "Example:  ./wuton synth --out worlds/small --count 500 --sheet worlds/small.png"})
final class SynthCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private static final Logger LOG = LoggerFactory.getLogger(SynthCommand.class);

    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "Folder to write the world to; a non-empty one is refused unless --force.")
    Path out;

    @Option(names = "--count", defaultValue = "" + WorldConfig.DEFAULT_COUNT, paramLabel = "N",
        description = "Number of people (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--size", defaultValue = ModelConfig.DEFAULT_HEIGHT + "x" + ModelConfig.DEFAULT_WIDTH,
        paramLabel = "HxW", description = "Image height x width in pixels (default: ${DEFAULT-VALUE}, the models' training"
            + " size).")
    String size;

    @Option(names = "--seed", defaultValue = "" + WorldConfig.DEFAULT_SEED, paramLabel = "S",
        description = "World seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--test-fraction", defaultValue = "" + WorldConfig.DEFAULT_TEST_FRACTION, paramLabel = "F",
        description = "Fraction of people in the test split (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--accessories", defaultValue = "" + WorldConfig.DEFAULT_ACCESSORY_FRACTION, paramLabel = "F",
        description = "Probability of each accessory (bag, necklace, bracelet) per person (default: ${DEFAULT-VALUE}).")
    double accessories;

    @Option(names = "--look", defaultValue = WorldConfig.DEFAULT_LOOK_NAME, paramLabel = "LOOK", converter = Converters.LookConverter.class,
        description = "photo: background photographs of places, the person framed anywhere from whole body to "
            + "close-up, directional light, folds and shadows, camera blur, noise and JPEG, and a share of training "
            + "photographs with nobody (--empty); studio: whole, centred people on a plain light background, as "
            + "catalogue pictures (default: ${DEFAULT-VALUE}).")
    WorldConfig.Look look;

    @Option(names = "--empty", defaultValue = "" + WorldConfig.DEFAULT_EMPTY_FRACTION, paramLabel = "F",
        description = "With --look photo, the share of training photographs with no person in them, whose try-on "
            + "truth is the photograph unchanged (default: ${DEFAULT-VALUE}).")
    double empty;

    @Option(names = "--parse-noise", description = "Also write degraded parsing maps (image-parse-v3-noisy/), as a real parser would make.")
    boolean parseNoise;

    @Option(names = "--force", description = "Replace the world in a non-empty --out folder (its other files are kept),"
        + " and an existing --sheet file.")
    boolean force;

    @Option(names = "--sheet", paramLabel = "PNG",
        description = "Also write a contact sheet of up to 24 test samples; an existing file is refused unless --force.")
    Path sheet;

    @Override
    public Integer call() {
        ImageSize hw = ImageSize.parse(size);
        WorldConfig config = WorldConfig.builder(hw.height(), hw.width()).count(count).seed(seed).testFraction(testFraction)
            .accessoryFraction(accessories).parseNoise(parseNoise).look(look).emptyFraction(empty).build();
        if (sheet != null && config.testCount() == 0) {
            throw new UserError("--sheet needs test pairs: use --count 3 or more and a --test-fraction above 0");
        }
        if (sheet != null) {
            Outputs.checkNewFile("--sheet", sheet, force);
        }
        WorldWriter writer = new WorldWriter(new SyntheticWorld(config), out);
        writer.checkDiskSpace();
        writer.prepare(force);
        long start = System.nanoTime();
        try (ProgressBar bar = Progress.bar("synth", count)) {
            writer.write(i -> bar.step());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("wrote {} people ({} train, {} test) at {}x{} in {} s: {} people/s on {} threads",
            count, config.trainCount(), config.testCount(), hw.height(), hw.width(), String.format("%.1f", seconds),
            String.format("%.0f", count / seconds), Runtime.getRuntime().availableProcessors());
        stdout().println(out.toAbsolutePath());
        if (sheet != null) {
            ContactSheet.write(out, 24, sheet);
            stdout().println(sheet.toAbsolutePath());
        }
        return 0;
    }

    private java.io.PrintWriter stdout() {
        return spec.commandLine().getOut();
    }
}
