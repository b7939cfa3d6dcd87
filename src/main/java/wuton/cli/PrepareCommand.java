package wuton.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import wuton.data.DatasetPreparation;
import wuton.data.DatasetPreparation.Settings;
import wuton.data.PhotoAnalysis;
import wuton.image.ImageLimits;

/** {@code wuton prepare}: the user's own photos become a dataset in the VITON-HD layout. */
@Command(name = "prepare", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Turns a folder of person photos and a folder of garment photos into a dataset in the VITON-HD layout.",
        "%nThe pose comes from MoveNet, the person's silhouette from the MediaPipe selfie segmenter, and the parsing"
            + " map (image-parse-v3) is guessed from both: a few labels (arms, head, neck, upper garment, lower body)"
            + " standing for more than their names, enough for the teacher's agnostic person (docs/vision.md)."
            + " Garment masks are the photo less its light background.",
        "%nA person photo and a garment photo with the same file name (without extension) are a pair: that person"
            + " wearing that garment, for training. People without their own garment go to the test split with"
            + " another garment, to be tried on. Every photo is fitted whole into --size.",
        "%nRun again with the same options to continue a run that stopped. Photos that cannot be read, or that show"
            + " no upright person, are left out and listed at the end; the rest is prepared.%n"},
    footer = {"", "Example:  ./wuton prepare --persons photos/people --clothes photos/garments --out datasets/mine",
        "          ./wuton data check datasets/mine"})
final class PrepareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--persons", required = true, paramLabel = "DIR",
        description = "Folder of person photos (JPEG, PNG or BMP; one person each, upright, from the front).")
    Path persons;

    @Option(names = "--clothes", required = true, paramLabel = "DIR",
        description = "Folder of in-shop garment photos on a light background; a person's own garment has the"
            + " person photo's file name.")
    Path clothes;

    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "The dataset's folder: new or empty, or one this command prepared with the same options"
            + " (it is continued).")
    Path out;

    @Option(names = "--size", defaultValue = Settings.DEFAULT_HEIGHT + "x" + Settings.DEFAULT_WIDTH, paramLabel = "HxW",
        description = "Height x width of every written image (default: ${DEFAULT-VALUE}, VITON-HD's).")
    String size;

    @Option(names = "--test-fraction", defaultValue = "" + Settings.DEFAULT_TEST_FRACTION, paramLabel = "F",
        description = "Share of the paired people put in the test split (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--seed", defaultValue = "" + Settings.DEFAULT_SEED, paramLabel = "S",
        description = "Seed of the test split's draw and of the test garments' order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        ImageSize hw = ImageSize.parse(size);
        Settings settings = Settings.builder(persons, clothes, out).size(hw.height(), hw.width())
            .testFraction(testFraction).seed(seed).build();
        Outputs.checkNotAnInput("--out", out, new Outputs.Input("--persons", persons),
            new Outputs.Input("--clothes", clothes));
        DatasetPreparation preparation = new DatasetPreparation(settings, ImageLimits.DEFAULT);
        int photos = preparation.photoCount(); // a missing or empty folder is named before the models load
        DatasetPreparation.Report report;
        try (PhotoAnalysis analysis = PhotoAnalysis.loadDefault(); ProgressBar bar = Progress.bar("prepare", photos)) {
            report = preparation.run(analysis::analyse, bar::step);
        }
        PrintWriter err = spec.commandLine().getErr();
        err.printf("%d people and %d garments in %s: %d training pairs, %d test pairs%s%n", report.people(),
            report.garments(), out, report.trainPairs(), report.testPairs(),
            report.resumed() > 0 ? " (" + report.resumed() + " photos were already prepared)" : "");
        if (!report.leftOut().isEmpty()) {
            err.printf("%d photo%s left out:%n", report.leftOut().size(), report.leftOut().size() == 1 ? "" : "s");
            report.leftOut().forEach(p -> err.println("  " + p));
        }
        spec.commandLine().getOut().println(out.toAbsolutePath());
        return 0;
    }
}
