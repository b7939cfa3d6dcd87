package wuton.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import wuton.UserError;
import wuton.data.Dataset;
import wuton.data.ImageFiles;
import wuton.data.SamplePicture;

/** {@code wuton data show DIR --index I --out x.png}: one sample with everything derived from it. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Write one sample as a row of pictures: " + SamplePicture.PANELS + ".")
final class DataShow implements Runnable {
    @Mixin
    DatasetOptions dataset;

    @Option(names = "--index", defaultValue = "0", paramLabel = "I", description = "The sample (default: ${DEFAULT-VALUE}).")
    int index;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "Where to write the picture.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        Dataset data = dataset.open();
        if (index < 0 || index >= data.size()) {
            throw new UserError("--index " + index + ": the dataset has " + data.size() + " samples"
                + (data.size() == 0 ? "" : " (0 to " + (data.size() - 1) + ")"));
        }
        try {
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of " + out + ": " + e.getMessage(), e);
        }
        ImageFiles.writePng(SamplePicture.strip(data.get(index)), out);
        spec.commandLine().getOut().println(out);
    }
}
