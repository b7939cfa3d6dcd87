package wuton.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import wuton.common.UserError;
import wuton.data.Dataset;
import wuton.data.SamplePicture;
import wuton.image.ImageFiles;

/** {@code wuton data show DIR --index I --out x.png}: one sample with everything derived from it. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Write one sample as a row of pictures: " + SamplePicture.PANELS + ".")
final class DataShow implements Runnable {
    @Mixin
    DatasetOptions dataset;

    @Option(names = "--index", defaultValue = "0", paramLabel = "I", description = "The sample (default: ${DEFAULT-VALUE}).")
    int index;

    @Option(names = "--out", required = true, paramLabel = "FILE",
        description = "Where to write the picture: .png, .jpg or .jpeg. An existing file is refused unless --force;"
            + " a file inside the dataset always.")
    Path out;

    @Option(names = "--force", description = "Replace an existing --out file.")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        ImageFiles.checkFormat(out);
        Outputs.checkNotAnInput("--out", out, new Outputs.Input("dataset", dataset.root));
        Outputs.checkNewFile("--out", out, force);
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
        ImageFiles.write(SamplePicture.strip(data.get(index)), out);
        spec.commandLine().getOut().println(out);
    }
}
