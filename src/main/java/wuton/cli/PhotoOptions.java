package wuton.cli;

import picocli.CommandLine.Option;
import wuton.common.UserError;
import wuton.image.ImageLimits;

/** {@code --max-megapixels}, for the commands that read the photos users give. */
final class PhotoOptions {
    @Option(names = "--max-megapixels", paramLabel = "MP",
        defaultValue = "" + ImageLimits.DEFAULT_MAX_PIXELS / 1_000_000,
        description = "Refuse photos of more pixels than this, read from the file's header before decoding"
            + " (default: ${DEFAULT-VALUE}). Files over " + ImageLimits.DEFAULT_MAX_FILE_BYTES / (1 << 20)
            + " MiB are refused too.")
    double maxMegapixels;

    /** The limits photos are read within. */
    ImageLimits limits() {
        if (!(maxMegapixels > 0) || maxMegapixels > Long.MAX_VALUE / 1e6) {
            throw new UserError("--max-megapixels " + maxMegapixels + ": must be a positive number");
        }
        return ImageLimits.DEFAULT.withMaxPixels(Math.max(1, Math.round(maxMegapixels * 1e6)));
    }
}
