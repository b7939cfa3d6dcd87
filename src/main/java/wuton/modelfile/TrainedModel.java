package wuton.modelfile;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import wuton.common.UserError;
import wuton.data.Batch;
import wuton.model.ModelConfig;
import wuton.model.Stage;
import wuton.model.Wuton;
import wuton.nn.SafeTensors;

/**
 * A trained generator ready for inference, from a run folder (its {@code best} checkpoint, else its
 * {@code last}) or from an exported {@link ModelFile}. In eval mode (the matcher's batch norm uses its running
 * statistics) and frozen.
 *
 * <p>Not thread-safe: libtorch modules keep per-call state; give each thread its own instance or call it
 * under a lock.
 */
public final class TrainedModel implements AutoCloseable {
    private final Wuton generator;
    private final Stage stage;
    private final Path source;
    private final Path weights;
    private final InferencePass inference;

    private TrainedModel(Wuton generator, Stage stage, Path source, Path weights, InferencePass inference) {
        this.generator = generator;
        this.stage = stage;
        this.source = source;
        this.weights = weights;
        this.inference = inference;
    }

    /** As {@link #load(Path, Device, InferenceOptions)} with {@link InferenceOptions#DEFAULT} (fp32, contiguous). */
    public static TrainedModel load(Path runFolderOrModelFile, Device device) {
        return load(runFolderOrModelFile, device, InferenceOptions.DEFAULT);
    }

    /**
     * @param runFolderOrModelFile a training run folder, or a model {@code .safetensors} with its {@code .json}
     * @param options the precision and memory format of {@link #image}
     * @throws UserError when it is neither, or its weights do not fit its config, or the options ask for CUDA
     *     graphs on another device
     */
    public static TrainedModel load(Path runFolderOrModelFile, Device device, InferenceOptions options) {
        Path source = runFolderOrModelFile;
        if (Files.isDirectory(source)) {
            if (!RunFolder.isRun(source)) {
                throw new UserError(source + ": not a training run (no config.json) and not a model file");
            }
            Path weights = RunFolder.latestGenerator(source);
            if (weights == null) {
                throw new UserError(source + ": the run has no checkpoint yet");
            }
            return build(RunFolder.modelConfig(source), RunFolder.stage(source), source, weights, device, options);
        }
        if (!Files.isRegularFile(source)) {
            throw new UserError(source + ": no such model (give a run folder or a .safetensors model file)");
        }
        ModelFile description = ModelFile.readFor(source);
        return build(description.model(), description.stage(), source, source, device, options);
    }

    private static TrainedModel build(ModelConfig config, Stage stage, Path source, Path weights, Device device,
                                      InferenceOptions options) {
        options.checkDevice(device);
        Wuton generator = new Wuton(config);
        SafeTensors.load(generator, weights);
        generator.to(device, false);
        options.prepare(generator);
        generator.eval();
        return new TrainedModel(generator, stage, source, weights, new InferencePass(generator, device, options));
    }

    public Stage stage() {
        return stage;
    }

    public ModelConfig config() {
        return generator.config();
    }

    /** The run folder or model file it was loaded from. */
    public Path source() {
        return source;
    }

    /** The safetensors file the weights came from. */
    public Path weights() {
        return weights;
    }

    /** A short label for tables and logs: the run folder's or the model file's name. */
    public String name() {
        String name = source.toAbsolutePath().normalize().getFileName().toString();
        return name.endsWith(ModelFile.WEIGHTS_EXTENSION)
            ? name.substring(0, name.length() - ModelFile.WEIGHTS_EXTENSION.length()) : name;
    }

    /** The person input this model takes from a batch: p* for a teacher, p for a student. */
    public Tensor personInput(Batch batch) {
        return stage == Stage.TEACHER ? batch.agnostic() : batch.person();
    }

    /**
     * One pass without gradients.
     *
     * @param person (N, 3, H, W) in [-1, 1] on the model's device, H x W = {@link #config()}'s size
     * @param cloth (N, 3, H, W) in [-1, 1]
     */
    public Wuton.Output forward(Tensor person, Tensor cloth) {
        try (NoGradGuard noGrad = new NoGradGuard()) {
            return generator.forward(person, cloth);
        }
    }

    /** The precision, memory format and CUDA graphs of {@link #image}. */
    public InferenceOptions options() {
        return inference.options();
    }

    /**
     * As {@link #forward}, the synthesised image only (no full-resolution garment warp): for inference. Runs as
     * {@link #options()} ask ({@link InferencePass}); the output is fp32.
     */
    public Tensor image(Tensor person, Tensor cloth) {
        return inference.image(person, cloth);
    }

    /**
     * {@link #image} and the share of each pixel copied from the person input ({@link Wuton#imageAndPersonShare}),
     * as {@link #options()} ask.
     *
     * @return (N, 4, H, W) fp32: the image in [-1, 1], then the person's share in [0, 1]
     */
    public Tensor imageAndPersonShare(Tensor person, Tensor cloth) {
        return inference.imageAndPersonShare(person, cloth);
    }

    /** T_theta(c) at full resolution, without gradients: see {@link Wuton#warp}. */
    public Tensor warp(Tensor cloth, Tensor theta) {
        try (NoGradGuard noGrad = new NoGradGuard()) {
            return generator.warp(cloth, theta);
        }
    }

    /** The network itself, for export and tests. */
    public Wuton generator() {
        return generator;
    }

    @Override
    public void close() {
        inference.close();
        generator.close();
    }
}
