package wuton.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import wuton.TryOn;
import wuton.eval.Evaluation;

/** {@code --model} and {@code --device}, for the commands that apply a trained model. */
final class ModelOptions {
    /**
     * Pairs per forward pass of {@code eval} and {@code catalog}, as a picocli default: the evaluation's own, which
     * catalog shares.
     */
    static final String INFERENCE_BATCH = "" + Evaluation.Settings.DEFAULT_BATCH;

    @Option(names = "--model", paramLabel = "RUN",
        description = "A run folder (its best checkpoint, else its last) or a model .safetensors file with its .json"
            + " beside it (default: the shipped " + TryOn.DEFAULT_MODEL + ").")
    Path model;

    @Option(names = "--device", defaultValue = DeviceChoice.DEFAULT, converter = DeviceChoice.Converter.class,
        description = "cpu or cuda (default: ${DEFAULT-VALUE}).")
    DeviceChoice device;

    /** The model, loaded on the chosen device. */
    TryOn open() {
        return model == null ? TryOn.loadDefault(device.open()) : TryOn.load(model, device.open());
    }
}
