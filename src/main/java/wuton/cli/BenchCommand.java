package wuton.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Context;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import wuton.TryOn;
import wuton.common.AtomicFiles;
import wuton.common.ResidentMemory;
import wuton.common.UserError;
import wuton.data.ImageTensors;
import wuton.data.PhotoAnalysis;
import wuton.eval.Ssim;
import wuton.model.Architecture;
import wuton.model.Composition;
import wuton.model.Discriminator;
import wuton.model.ModelConfig;
import wuton.model.ModelSize;
import wuton.model.Stage;
import wuton.model.Vgg19Features;
import wuton.model.Wuton;
import wuton.modelfile.InferenceOptions;
import wuton.modelfile.InferencePass;
import wuton.modelfile.TrainedModel;
import wuton.serve.LoadBenchmark;
import wuton.serve.Server;
import wuton.synth.SyntheticWorld;
import wuton.synth.WorldConfig;
import wuton.train.AdamSettings;
import wuton.train.LossWeights;
import wuton.train.StepInputs;
import wuton.train.TeacherStep;
import wuton.train.TrainConfig;

/**
 * {@code wuton bench}: latency and throughput of what inference runs, {@link Wuton#image} (matcher + U-Net,
 * without the full-resolution garment warp unless the composition reads it), on random inputs; or of one
 * teacher training step with {@code --train}. Each timed iteration runs in its own PointerScope; on CUDA the
 * device is synchronised before the clock is read. Prints JSON (or writes it to {@code --json}).
 * bench/reference.py times the same generator in PyTorch with the same options and defaults. With
 * {@code --serve}, the try-on service under load beside direct batched calls ({@link LoadBenchmark}): a flag
 * beside {@code --train} rather than a verb of its own, since it answers the same question (how fast) with the
 * same output contract (JSON on stdout or into {@code --json}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, defaultValueProvider = BenchCommand.Defaults.class,
    description = "Time the WUTON generator's inference pass (or a teacher training step with --train, or the"
        + " try-on service under load beside direct model calls with --serve).")
public final class BenchCommand implements Callable<Integer> {
    private static final String DEFAULT_SIZE = ModelConfig.DEFAULT_HEIGHT + "x" + ModelConfig.DEFAULT_WIDTH;
    private static final List<Integer> INFERENCE_BATCHES = List.of(1, 16);
    private static final double NANOS_PER_MS = 1e6;
    private static final double MS_PER_S = 1e3;
    private static final double P90 = 0.9;
    /** Drawn person photos that --table2 takes in turn. */
    private static final int TABLE2_PHOTOS = 4;
    /** Photo pairs of the --agreement check, and their batch. */
    private static final int DEFAULT_AGREEMENT = 8;
    private static final int AGREEMENT_BATCH = 4;
    private static final double LEVELS_PER_UNIT = 127.5;

    /** {@code on} / {@code off} (also true / false). */
    static final class OnOff implements picocli.CommandLine.ITypeConverter<Boolean> {
        @Override
        public Boolean convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "on", "true" -> true;
                case "off", "false" -> false;
                default -> throw new picocli.CommandLine.TypeConversionException("'" + value + "': expected on or off");
            };
        }
    }

    /**
     * Defaults taken from where they are defined, for the options whose absence matters: a trained model refuses
     * a fresh model's --size, --arch and --compose, and --train has its own batch.
     */
    static final class Defaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            if (!(arg instanceof OptionSpec option)) {
                return null;
            }
            return switch (option.longestName()) {
                case "--size" -> DEFAULT_SIZE;
                case "--batch" -> INFERENCE_BATCHES.stream().map(String::valueOf).collect(Collectors.joining(","));
                case "--model" -> ModelSize.FULL.cliName();
                case "--arch" -> Architecture.DEFAULT.cliName();
                case "--compose" -> Composition.DEFAULT.cliName();
                case "--precision" -> InferenceOptions.Precision.FP32.cliName();
                case "--channels-last", "--cuda-graphs" -> "off";
                case "--clients" -> LoadBenchmark.DEFAULT_CLIENTS.stream().map(String::valueOf)
                    .collect(Collectors.joining(","));
                default -> null;
            };
        }
    }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--size", paramLabel = "HxW",
        description = "Image height x width of a fresh model, multiples of " + ModelConfig.SIZE_MULTIPLE
            + " (default: ${DEFAULT-VALUE}; a trained model runs at its own).")
    String size;

    @Option(names = "--batch", split = ",", paramLabel = "N[,N...]",
        description = "Batch sizes (default: ${DEFAULT-VALUE}; with --train, the training batch of `wuton train`).")
    List<Integer> batches;

    @Option(names = "--model", paramLabel = "SIZE|RUN",
        description = "A width for a fresh model (full, slim, small or tiny), or a trained run folder or model file"
            + " (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--arch", converter = Converters.ArchitectureConverter.class,
        description = "Layout of a fresh model: paper or fast (default: ${DEFAULT-VALUE}).")
    Architecture architecture;

    @Option(names = "--compose", converter = Converters.CompositionConverter.class, paramLabel = "HOW",
        description = "Composition of a fresh model: none, person or person-and-garment (default: ${DEFAULT-VALUE}).")
    Composition composition;

    @Option(names = "--device", defaultValue = DeviceChoice.DEFAULT, converter = DeviceChoice.Converter.class,
        description = "cpu or cuda (default: ${DEFAULT-VALUE}).")
    DeviceChoice device;

    @Option(names = "--precision", split = ",", converter = Converters.PrecisionConverter.class, paramLabel = "P[,P...]",
        description = "Precisions of the inference pass, each timed in the same run: fp32, bf16 or fp16 under libtorch's"
            + " autocast (default: ${DEFAULT-VALUE}).")
    List<InferenceOptions.Precision> precisions;

    @Option(names = "--channels-last", split = ",", arity = "0..1", fallbackValue = "on", converter = OnOff.class,
        paramLabel = "on|off[,...]", description = "Convolution weights and inputs in the channels-last memory format:"
            + " on, off, or off,on to time both (default: ${DEFAULT-VALUE}; the flag alone: on).")
    List<Boolean> channelsLast;

    @Option(names = "--cuda-graphs", split = ",", arity = "0..1", fallbackValue = "on", converter = OnOff.class,
        paramLabel = "on|off[,...]", description = "With --device cuda: each batch size's pass recorded once as a CUDA"
            + " graph and replayed (the recording untimed): on, off, or off,on to time both (default: ${DEFAULT-VALUE};"
            + " the flag alone: on).")
    List<Boolean> cudaGraphs;

    @Option(names = "--agreement", defaultValue = "" + DEFAULT_AGREEMENT, paramLabel = "N",
        description = "Photo pairs drawn from a synthetic world at the model's size on which each timed setting's output"
            + " is compared with fp32 contiguous (SSIM, largest difference), when another setting is timed; 0 for none"
            + " (default: ${DEFAULT-VALUE}).")
    int agreement;

    @Option(names = "--threads", description = "CPU threads for libtorch, at most the core count (default: libtorch's,"
        + " the core count).")
    Integer threads;

    @Option(names = "--iters", defaultValue = "20", description = "Timed iterations per batch size (default: ${DEFAULT-VALUE}).")
    int iters;

    @Option(names = "--warmup", defaultValue = "5", description = "Untimed iterations first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--train", description = "Time a teacher training step (two generator passes, discriminator "
        + "step with gradient penalty, generator step with warp, L1, perceptual and adversarial losses).")
    boolean train;

    @Option(names = "--table2", description = "The paper's runtime table (Table 2): h(p) (pose, person mask, guessed"
        + " parsing, p*) and try-on for the teacher pipeline, try-on alone for the student, per image at batch 1 on"
        + " drawn photos; the shipped teacher and student unless --teacher and --model name others.")
    boolean table2;

    @Option(names = "--teacher", paramLabel = "RUN",
        description = "With --table2: the teacher's run folder or model file (default: the shipped teacher).")
    Path teacher;

    @Option(names = "--serve", description = "Load the try-on service on a loopback port with concurrent clients,"
        + " beside the same clients calling the model directly in batches of --max-batch; a table on stderr.")
    boolean serve;

    @Option(names = "--clients", split = ",", paramLabel = "N[,N...]",
        description = "With --serve: concurrent client counts (default: ${DEFAULT-VALUE}).")
    List<Integer> clients;

    @Option(names = "--requests", defaultValue = "" + LoadBenchmark.DEFAULT_REQUESTS, paramLabel = "N",
        description = "With --serve: requests per client count and mode, at most (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--max-seconds", defaultValue = "" + LoadBenchmark.DEFAULT_MAX_SECONDS, paramLabel = "S",
        description = "With --serve: seconds per client count and mode, at most (default: ${DEFAULT-VALUE}).")
    double maxSeconds;

    @Option(names = "--memory-requests", defaultValue = "" + LoadBenchmark.DEFAULT_MEMORY_REQUESTS, paramLabel = "N",
        description = "With --serve: requests of the resident-memory run at " + LoadBenchmark.DEFAULT_MEMORY_CLIENTS
            + " clients, 0 for none (default: ${DEFAULT-VALUE}).")
    int memoryRequests;

    @Option(names = "--max-batch", defaultValue = "" + Server.DEFAULT_MAX_BATCH, paramLabel = "N",
        description = "With --serve: the server's --max-batch, and the direct calls' batch (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--max-wait-ms", defaultValue = "" + Server.DEFAULT_MAX_WAIT_MS, paramLabel = "MS",
        description = "With --serve: the server's --max-wait-ms (default: ${DEFAULT-VALUE}).")
    long maxWaitMs;

    @Option(names = "--queue", defaultValue = "" + Server.DEFAULT_QUEUE, paramLabel = "N",
        description = "With --serve: the server's --queue (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--json", paramLabel = "FILE",
        description = "Write the JSON here instead of stdout; an existing file is refused unless --force.")
    Path json;

    @Option(names = "--force", description = "Replace an existing --json file.")
    boolean force;

    @Override
    public Integer call() throws InterruptedException {
        checkModeOptions();
        if (iters < 1 || warmup < 0) {
            throw new UserError("--iters must be at least 1 and --warmup at least 0");
        }
        List<Integer> sizes = train && !given("--batch") ? List.of(TrainConfig.defaults().batch()) : batches;
        if (sizes.stream().anyMatch(b -> b < 1)) {
            throw new UserError("--batch " + sizes + ": batch sizes must be positive");
        }
        if (threads != null) {
            int cores = Runtime.getRuntime().availableProcessors();
            // more threads than cores only measures the time they spend waiting for each other
            if (threads < 1 || threads > cores) {
                throw new UserError("--threads " + threads + ": must be between 1 and the " + cores + " cores of this machine");
            }
            torch.set_num_threads(threads);
        }
        if (json != null) {
            Path trained = Path.of(model);
            Outputs.checkNotAnInput("--json", json, new Outputs.Input("--model", Files.exists(trained) ? trained : null));
            Outputs.checkNewFile("--json", json, force);
        }
        Device dev = device.open();
        if (serve) {
            return serve(dev);
        }
        if (table2) {
            return table2(dev);
        }
        if (agreement < 0) {
            throw new UserError("--agreement " + agreement + ": must be 0 or more");
        }
        List<InferenceOptions> settings = settings();
        settings.forEach(setting -> setting.checkDevice(dev));
        Wuton generator = generator(dev);
        ModelConfig config = generator.config();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("mode", train ? "train_step" : "inference");
        report.put("model", model);
        report.put("size", config.size().cliName());
        report.put("architecture", config.architecture().cliName());
        report.put("composition", config.composition().cliName());
        report.put("device", device.name().toLowerCase(Locale.ROOT));
        report.put("threads", torch.get_num_threads());
        if (device == DeviceChoice.CUDA) {
            report.put("cuda_settings", cudaSettings());
        }
        report.put("height", config.height());
        report.put("width", config.width());
        report.put("parameters", generator.parameterCount());
        List<Map<String, Object>> results = new ArrayList<>();
        if (train) {
            for (int batch : sizes) {
                results.add(summary(batch, timeTraining(generator, config, batch, dev)));
            }
        } else {
            for (InferenceOptions setting : settings) {
                setting.prepare(generator);
                for (int batch : sizes) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("precision", setting.precision().cliName());
                    row.put("channels_last", setting.channelsLast());
                    row.put("cuda_graphs", setting.cudaGraphs());
                    row.putAll(summary(batch, timeInference(generator, config, batch, dev, setting)));
                    results.add(row);
                }
            }
            InferenceOptions.DEFAULT.prepare(generator);
        }
        report.put("results", results);
        if (!train && agreement > 0 && !settings.equals(List.of(InferenceOptions.DEFAULT))) {
            report.put("agreement", agreement(generator, config, dev, settings));
        }
        // the whole process: JVM, libtorch, the model and its activations (host memory, also with --device cuda)
        report.put("peak_rss_mb", ResidentMemory.peakMegabytes());
        emit(report);
        return 0;
    }

    /** Options of one mode given to another are refused rather than silently ignored. */
    private void checkModeOptions() {
        List<String> fresh = List.of("--size", "--arch", "--compose", "--batch", "--train");
        List<String> timing = List.of("--iters", "--warmup");
        List<String> service = List.of("--clients", "--requests", "--max-seconds", "--memory-requests", "--max-batch",
            "--max-wait-ms", "--queue");
        if (serve && table2) {
            throw new UserError("--serve and --table2 are two benchmarks: give one");
        }
        List<String> inference = List.of("--precision", "--channels-last", "--cuda-graphs", "--agreement");
        List<String> refused = new ArrayList<>(service);
        String why = "is for --serve";
        if (serve) {
            refused = new ArrayList<>(fresh);
            refused.addAll(timing);
            refused.add("--agreement");
            why = "is not for --serve, which runs a trained student at its own size";
        } else if (table2) {
            refused.addAll(fresh);
            refused.addAll(inference);
            why = "is not for --table2, which runs trained models at their own size and batch 1";
        } else if (train) {
            for (String option : inference) {
                if (given(option)) {
                    throw new UserError(option + " is for inference, not --train (which trains in fp32)");
                }
            }
        }
        if (!table2) {
            refused.add("--teacher");
        }
        for (String option : refused) {
            if (given(option)) {
                throw new UserError(option + (option.equals("--teacher") ? " is for --table2" : " " + why));
            }
        }
    }

    /**
     * The runtime table: h(p) and the shipped (or given) teacher and student, on drawn photos at their size.
     *
     * @throws UserError when a model is missing or the two differ in size
     */
    private int table2(Device dev) {
        Path teacherFile = teacher != null ? teacher : TryOn.shipped("models/wuton-teacher.safetensors");
        Path studentFile = given("--model") ? Path.of(model) : TryOn.defaultModel();
        for (Path file : List.of(teacherFile, studentFile)) {
            if (!Files.exists(file)) {
                throw new UserError("--table2 needs trained models: no model at " + file);
            }
        }
        try (TrainedModel t = TrainedModel.load(teacherFile, dev); TrainedModel s = TrainedModel.load(studentFile, dev);
             PhotoAnalysis analysis = PhotoAnalysis.loadDefault()) {
            if (t.stage() != Stage.TEACHER || s.stage() != Stage.STUDENT) {
                throw new UserError("--table2 needs a teacher (" + teacherFile + " is a " + t.stage().cliName()
                    + ") and a student (" + studentFile + " is a " + s.stage().cliName() + ")");
            }
            int h = t.config().height(), w = t.config().width();
            if (s.config().height() != h || s.config().width() != w) {
                throw new UserError("--table2: the teacher is " + h + "x" + w + ", the student " + s.config().height()
                    + "x" + s.config().width() + "; give two models of one size");
            }
            // every photo holds a person: h(p) refuses one with nobody
            SyntheticWorld world = new SyntheticWorld(WorldConfig.builder(h, w).count(TABLE2_PHOTOS + 1).emptyFraction(0)
                .build());
            List<BufferedImage> photos = new ArrayList<>();
            for (int i = 0; i < TABLE2_PHOTOS; i++) {
                photos.add(world.personPhoto(i));
            }
            BufferedImage cloth = world.garmentPhoto(TABLE2_PHOTOS);
            RuntimeTable table = new RuntimeTable(t, s, analysis, dev, this::time, warmup);
            Map<String, Object> figures = new LinkedHashMap<>(table.measure(photos, cloth));
            figures.put("device", device.name().toLowerCase(Locale.ROOT));
            figures.put("threads", torch.get_num_threads());
            figures.put("iters", iters);
            System.err.print(RuntimeTable.table(figures, device.name().toLowerCase(Locale.ROOT), torch.get_num_threads()));
            System.err.flush();
            emit(figures);
        }
        return 0;
    }

    /** The service under load: the shipped student unless --model names a trained one. */
    private int serve(Device dev) throws InterruptedException {
        if (!given("--model") && !Files.exists(TryOn.defaultModel())) {
            throw new UserError("no default model at " + TryOn.defaultModel() + "; give a model file with --model");
        }
        if (given("--model") && !Files.exists(Path.of(model))) {
            throw new UserError("--model " + model + ": --serve needs a trained student's run folder or model file");
        }
        InferenceOptions setting = oneSetting();
        try (TryOn tryOn = given("--model") ? TryOn.load(Path.of(model), dev, setting) : TryOn.loadDefault(dev, setting)) {
            LoadBenchmark benchmark = LoadBenchmark.builder(tryOn).clients(clients).requests(requests)
                .maxSeconds(maxSeconds).memoryRequests(memoryRequests).maxBatch(maxBatch).maxWaitMillis(maxWaitMs)
                .queue(queue).threads(torch.get_num_threads()).build();
            LoadBenchmark.Report report = benchmark.run(System.err);
            System.err.print(report.table());
            System.err.flush();
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("device", device.name().toLowerCase(Locale.ROOT));
            json.put("precision", setting.precision().cliName());
            json.put("channels_last", setting.channelsLast());
            json.put("cuda_graphs", setting.cudaGraphs());
            json.putAll(report.toMap());
            emit(json);
        }
        return 0;
    }

    /** A fresh, seeded model of the named width, or the trained model at the given path, on {@code dev}. */
    private Wuton generator(Device dev) {
        ModelSize width = Arrays.stream(ModelSize.values()).filter(m -> m.cliName().equalsIgnoreCase(model))
            .findFirst().orElse(null);
        if (width == null) {
            if (given("--size") || given("--arch") || given("--compose")) {
                throw new UserError("--size, --arch and --compose are for a fresh model; " + model + " runs at its own");
            }
            if (!Files.exists(Path.of(model))) {
                throw new UserError("--model " + model + ": neither a width (full, slim, small, tiny) nor a run folder or"
                    + " model file");
            }
            return TrainedModel.load(Path.of(model), dev).generator();
        }
        ImageSize hw = ImageSize.parse(size);
        torch.manual_seed(0);
        Wuton fresh = new Wuton(ModelConfig.of(width, architecture, composition, hw.height(), hw.width()));
        fresh.to(dev, false);
        return fresh;
    }

    /**
     * libtorch's settings that choose the GPU kernels, as bench/reference.py reports PyTorch's: the same model can
     * run other kernels on the two sides when these differ.
     */
    private static Map<String, Object> cudaSettings() {
        Context context = torch.globalContext();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("cudnn_benchmark", context.benchmarkCuDNN());
        settings.put("cudnn_allow_tf32", context.allowTF32CuDNN());
        settings.put("cublas_allow_tf32", context.allowTF32CuBLAS());
        return settings;
    }

    /** Whether the option was on the command line (not only its default). */
    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** Every --precision with every --channels-last and every --cuda-graphs, in the order given. */
    private List<InferenceOptions> settings() {
        List<InferenceOptions> settings = new ArrayList<>();
        for (InferenceOptions.Precision p : precisions) {
            for (boolean cl : channelsLast) {
                for (boolean graphs : cudaGraphs) {
                    InferenceOptions o = InferenceOptions.builder().precision(p).channelsLast(cl).cudaGraphs(graphs).build();
                    if (!settings.contains(o)) {
                        settings.add(o);
                    }
                }
            }
        }
        return settings;
    }

    /** The one setting of --serve, which loads one service. */
    private InferenceOptions oneSetting() {
        List<InferenceOptions> settings = settings();
        if (settings.size() != 1) {
            throw new UserError("--precision and --channels-last: --serve times one setting, got " + settings.size()
                + " (" + settings.stream().map(InferenceOptions::describe).collect(Collectors.joining(", ")) + ")");
        }
        return settings.get(0);
    }

    private double[] timeInference(Wuton generator, ModelConfig config, int batch, Device dev, InferenceOptions setting) {
        generator.eval();
        try (PointerScope inputs = new PointerScope(); InferenceMode inference = new InferenceMode();
             InferencePass pass = new InferencePass(generator, dev, setting)) {
            Tensor person = image(config, batch, dev);
            Tensor cloth = image(config, batch, dev);
            if (setting.cudaGraphs()) {
                // records this batch size's graph (warm-up passes and the capture) before any timed iteration
                try (PointerScope recording = new PointerScope()) {
                    pass.image(person, cloth);
                }
            }
            // what inference runs: without the full-resolution warp that only the training losses read
            return time(() -> pass.image(person, cloth));
        }
    }

    /**
     * Each setting's output against fp32 contiguous on the same drawn photo pairs: the mean and lowest SSIM, and the
     * largest difference of a pixel channel in levels of 255. Random inputs would say little: these are photos of the
     * kind the model takes (for a fresh model, its random weights still see structured images).
     */
    private List<Map<String, Object>> agreement(Wuton generator, ModelConfig config, Device dev,
                                                List<InferenceOptions> settings) {
        generator.eval();
        SyntheticWorld world = new SyntheticWorld(WorldConfig.builder(config.height(), config.width())
            .count(agreement).build());
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PointerScope scope = new PointerScope(); InferenceMode inference = new InferenceMode()) {
            List<Tensor[]> batches = new ArrayList<>();
            for (int start = 0; start < agreement; start += AGREEMENT_BATCH) {
                List<BufferedImage> persons = new ArrayList<>();
                List<BufferedImage> clothes = new ArrayList<>();
                for (int i = start; i < Math.min(agreement, start + AGREEMENT_BATCH); i++) {
                    persons.add(world.personPhoto(i));
                    // another sample's garment: a try-on, not a reconstruction
                    clothes.add(world.garmentPhoto((i + 1) % agreement));
                }
                batches.add(new Tensor[] {ImageTensors.of(persons).to(dev, torch.ScalarType.Float),
                    ImageTensors.of(clothes).to(dev, torch.ScalarType.Float)});
            }
            List<Tensor> reference = outputs(generator, dev, InferenceOptions.DEFAULT, batches);
            for (InferenceOptions setting : settings) {
                if (setting.equals(InferenceOptions.DEFAULT)) {
                    continue;
                }
                List<Tensor> outputs = outputs(generator, dev, setting, batches);
                List<Double> ssim = new ArrayList<>();
                double largest = 0;
                for (int b = 0; b < batches.size(); b++) {
                    Tensor got = outputs.get(b).cpu();
                    Tensor want = reference.get(b).cpu();
                    for (double v : Ssim.perImage(got, want)) {
                        ssim.add(v);
                    }
                    largest = Math.max(largest, got.sub(want).abs().max().item_float() * LEVELS_PER_UNIT);
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("precision", setting.precision().cliName());
                row.put("channels_last", setting.channelsLast());
                row.put("cuda_graphs", setting.cudaGraphs());
                row.put("pairs", ssim.size());
                row.put("ssim_vs_fp32_mean", ssim.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
                row.put("ssim_vs_fp32_min", ssim.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
                row.put("max_abs_diff_levels", largest);
                rows.add(row);
            }
        }
        InferenceOptions.DEFAULT.prepare(generator);
        return rows;
    }

    /** The setting's fp32 outputs of each batch, contiguous, in the caller's scope. */
    private static List<Tensor> outputs(Wuton generator, Device dev, InferenceOptions setting, List<Tensor[]> batches) {
        setting.prepare(generator);
        List<Tensor> outputs = new ArrayList<>();
        try (InferencePass pass = new InferencePass(generator, dev, setting)) {
            for (Tensor[] b : batches) {
                outputs.add(pass.image(b[0], b[1]).contiguous());
            }
        }
        return outputs;
    }

    private double[] timeTraining(Wuton generator, ModelConfig config, int batch, Device dev) {
        generator.train(true);
        Discriminator discriminator = new Discriminator(config.size(), Wuton.IMAGE_CHANNELS);
        discriminator.to(dev, false);
        Vgg19Features vgg = Vgg19Features.seededRandom();
        vgg.to(dev, false);
        TeacherStep step = new TeacherStep(generator, discriminator, vgg, LossWeights.DEFAULTS, AdamSettings.GAN);
        try (PointerScope inputs = new PointerScope()) {
            StepInputs b = new StepInputs(image(config, batch, dev), image(config, batch, dev),
                image(config, batch, dev), image(config, batch, dev), image(config, batch, dev));
            return time(() -> step.run(b));
        }
    }

    /** Runs warm-up then timed iterations, each in its own scope; milliseconds per timed iteration. */
    private double[] time(Runnable iteration) {
        for (int i = 0; i < warmup; i++) {
            try (PointerScope scope = new PointerScope()) {
                iteration.run();
                synchronize();
            }
        }
        double[] ms = new double[iters];
        for (int i = 0; i < iters; i++) {
            try (PointerScope scope = new PointerScope()) {
                long start = System.nanoTime();
                iteration.run();
                synchronize();
                ms[i] = (System.nanoTime() - start) / NANOS_PER_MS;
            }
        }
        return ms;
    }

    private void synchronize() {
        device.synchronize();
    }

    private static Map<String, Object> summary(int batch, double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(ms).average().orElseThrow();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("batch", batch);
        row.put("median_ms", percentile(sorted, 0.5));
        row.put("p90_ms", percentile(sorted, P90));
        row.put("mean_ms", mean);
        row.put("images_per_s", batch * MS_PER_S / mean);
        return row;
    }

    /** Linear interpolation between closest ranks (numpy's default). */
    static double percentile(double[] sorted, double q) {
        double rank = q * (sorted.length - 1);
        int low = (int) Math.floor(rank);
        int high = (int) Math.ceil(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    private static Tensor image(ModelConfig config, int batch, Device dev) {
        // uniform in [-1, 1], the range of normalised images
        return torch.rand(new long[] {batch, Wuton.IMAGE_CHANNELS, config.height(), config.width()}, new TensorOptions(dev))
            .mul(new Scalar(2.0)).sub(new Scalar(1.0));
    }

    private void emit(Map<String, Object> report) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try {
            String text = mapper.writeValueAsString(report);
            if (json == null) {
                spec.commandLine().getOut().println(text);
                spec.commandLine().getOut().flush();
            } else {
                AtomicFiles.write(json, text + System.lineSeparator());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + json + ": " + e.getMessage(), e);
        }
    }
}
