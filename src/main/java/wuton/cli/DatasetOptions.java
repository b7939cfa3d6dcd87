package wuton.cli;

import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import wuton.common.UserError;
import wuton.data.BadData;
import wuton.data.Dataset;
import wuton.data.DatasetFormat;
import wuton.data.Pairing;
import wuton.data.Split;

/** The options that pick a dataset and its bad-data policy, shared by the {@code data} subcommands. */
final class DatasetOptions {
    @Parameters(index = "0", paramLabel = "DIR", description = "The dataset's root folder.")
    Path root;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT",
        description = "auto, viton-hd, viton, dresscode or mpv (default: ${DEFAULT-VALUE}, from the folder layout).")
    String format;

    @Option(names = "--split", defaultValue = "train", paramLabel = "SPLIT",
        description = "train or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--unpaired", description = "Each person with another garment: the dataset's unpaired pairs, "
        + "else a seeded shuffle.")
    boolean unpaired;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the unpaired shuffle (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--strict", description = "Stop at the first bad sample.")
    boolean strict;

    @Mixin
    MaxBadOption maxBad;

    Dataset open() {
        Split s = switch (split.toLowerCase(Locale.ROOT)) {
            case "train" -> Split.TRAIN;
            case "test" -> Split.TEST;
            default -> throw new UserError("--split " + split + ": expected train or test");
        };
        return DatasetFormat.named(format, root).open(root, s, unpaired ? Pairing.UNPAIRED : Pairing.PAIRED, seed);
    }

    /** A tally of a whole pass, checked at its end: {@code data check} reports every bad sample. */
    BadData badDataTally(int total) {
        return BadData.tally(strict, maxBad.fraction(), total);
    }

    /** "DIR (viton-hd, train, paired)". */
    String describe(Dataset data) {
        return root + " (" + data.format().cliName() + ", " + split + ", " + (unpaired ? "unpaired" : "paired") + ")";
    }
}
