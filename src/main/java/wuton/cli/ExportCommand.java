package wuton.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import wuton.common.UserError;
import wuton.modelfile.ModelFile;
import wuton.modelfile.TrainedModel;
import wuton.nn.SafeTensors;

/** {@code wuton export}: a run's generator as a standalone model file (safetensors + JSON description). */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Writes a training run's generator (its best checkpoint, else its last) as a model file:"
        + " NAME.safetensors (weights, readable by PyTorch) and NAME.json (stage, shapes, where it came from)."
        + " tryon, catalog, eval and bench take the file as --model."},
    footer = {"", "Example:  ./wuton export --model runs/s1 --out models/wuton-student.safetensors --dtype f16"})
final class ExportCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "RUN", description = "The training run folder.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "FILE",
        description = "The .safetensors file to write (with its .json beside it); an existing one is refused unless"
            + " --force. Never inside the run folder.")
    Path out;

    @Option(names = "--force", description = "Replace an existing model file.")
    boolean force;

    @Option(names = "--dtype", defaultValue = "f16", converter = DTypeConverter.class,
        description = "f32, or f16 (half the size; the loader converts back to f32) (default: ${DEFAULT-VALUE}).")
    SafeTensors.DType dtype;

    @Override
    public Integer call() {
        if (!out.getFileName().toString().endsWith(ModelFile.WEIGHTS_EXTENSION)) {
            throw new UserError("--out " + out + ": must end in " + ModelFile.WEIGHTS_EXTENSION);
        }
        if (dtype != SafeTensors.DType.F32 && dtype != SafeTensors.DType.F16) {
            throw new UserError("--dtype " + dtype.name().toLowerCase(java.util.Locale.ROOT) + ": use f32 or f16");
        }
        Path description = ModelFile.descriptionOf(out);
        for (Path written : new Path[] {out, description}) {
            Outputs.checkNotAnInput("--out", written, new Outputs.Input("--model", model));
            Outputs.checkNewFile("--out", written, force);
        }
        try (TrainedModel trained = TrainedModel.load(model, new Device(torch.DeviceType.CPU))) {
            ModelFile.export(trained, out, dtype);
            spec.commandLine().getOut().println(out.toAbsolutePath());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    static final class DTypeConverter extends Converters.LowerCaseEnum<SafeTensors.DType> {
        DTypeConverter() {
            super(SafeTensors.DType.class);
        }
    }
}
