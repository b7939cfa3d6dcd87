package wuton.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import wuton.TryOn;
import wuton.eval.Evaluation;
import wuton.modelfile.InferenceOptions;

/**
 * {@code --model}, {@code --device}, {@code --precision}, {@code --channels-last} and {@code --cuda-graphs}, for the
 * commands that apply a trained model ({@code tryon}, {@code catalog}, {@code serve}).
 */
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

    @Option(names = "--precision", defaultValue = "fp32", converter = Converters.PrecisionConverter.class,
        paramLabel = "P", description = "fp32, bf16 or fp16: the forward pass in that precision under libtorch's"
            + " autocast (default: ${DEFAULT-VALUE}; fp16 is for GPUs, on a CPU it runs many times slower).")
    InferenceOptions.Precision precision;

    @Option(names = "--channels-last", description = "Convolution weights and inputs in the channels-last memory"
        + " format (the same output, another layout; default: off).")
    boolean channelsLast;

    @Option(names = "--cuda-graphs", description = "With --device cuda: record each batch size's pass once as a CUDA"
        + " graph and replay it (the same output, one launch instead of one per kernel; default: off).")
    boolean cudaGraphs;

    /** The precision, memory format and CUDA graphs these options ask for. */
    InferenceOptions inference() {
        return InferenceOptions.builder().precision(precision).channelsLast(channelsLast).cudaGraphs(cudaGraphs).build();
    }

    /** The model, loaded on the chosen device, to run as {@link #inference()} asks. */
    TryOn open() {
        InferenceOptions options = inference();
        return model == null ? TryOn.loadDefault(device.open(), options) : TryOn.load(model, device.open(), options);
    }
}
