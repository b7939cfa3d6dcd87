package wuton.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import wuton.TryOn;
import wuton.common.UserError;
import wuton.data.Batch;
import wuton.data.Pairing;
import wuton.data.PhotoAnalysis;
import wuton.eval.EvalResults;
import wuton.eval.EvaluatedModel;
import wuton.eval.Evaluation;
import wuton.eval.HtmlReport;
import wuton.vision.InceptionV3;
import wuton.eval.Lpips;
import wuton.eval.MetricsJson;
import wuton.eval.ModelResult;
import wuton.eval.Parsing;
import wuton.model.Stage;
import wuton.modelfile.TrainedModel;
import wuton.train.LossChart;

/**
 * {@code wuton eval}: runs one or more trained models over a dataset's test pairs and writes {@code metrics.json}
 * and a self-contained {@code report.html} (see docs/eval.md). On unpaired data with a ground truth the
 * {@link wuton.eval.Identity} baseline is scored beside them; with {@code --degraded-parsing} each teacher is also
 * scored on agnostic persons built from the degraded parsing maps.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Measure trained models on a dataset's test pairs: metrics.json and report.html.")
public final class EvalCommand implements Callable<Integer> {
    private static final String METRICS = "metrics.json";
    private static final String REPORT = "report.html";
    /** The files eval writes into --out; a folder that holds only these may be written again. */
    private static final List<String> OWN_FILES = List.of(METRICS, REPORT);

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "RUN", description = "A training run folder or a model .safetensors file.")
    Path model;

    @Option(names = "--compare", split = ",", paramLabel = "RUN1,RUN2,...",
        description = "Several models on the same pairs, in one table (instead of --model).")
    List<Path> compare;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The dataset (its test split is used).")
    Path data;

    @Option(names = "--mode", defaultValue = "paired", converter = ModeConverter.class,
        description = "paired (each person with their own garment) or unpaired (default: ${DEFAULT-VALUE}).")
    Pairing mode;

    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "Where metrics.json and report.html go: a new or empty folder, or a previous eval's (whose files"
            + " are replaced); a folder holding other files is refused unless --force. Never inside a model or --data.")
    Path out;

    @Option(names = "--force", description = "Write into an --out folder that holds other files.")
    boolean force;

    @Mixin
    MaxBadOption maxBad;

    @Option(names = "--inception-weights", paramLabel = "FILE",
        description = "Full Inception-v3 weights (safetensors, torchvision names) for the standard FID, KID and IS on "
            + "pool3; without them those are reported as unavailable. FID and KID on Mixed_6c features "
            + "(fid_mixed6c, kid_mixed6c) are measured in any case, with the shipped ImageNet layers.")
    Path inceptionWeights;

    @Option(names = "--lpips-weights", paramLabel = "FILE",
        description = "LPIPS (AlexNet, v0.1) weights (safetensors, the lpips package's names); without them LPIPS is "
            + "reported as unavailable.")
    Path lpipsWeights;

    @Option(names = "--degraded-parsing",
        description = "Also evaluate each teacher on agnostic persons built from the degraded parsing maps beside the "
            + "exact ones (image-parse-v3-noisy/, written by synth --parse-noise), as \"NAME (degraded parsing)\". "
            + "Students read no parsing and ignore it.")
    boolean degradedParsing;

    @Option(names = "--photo-parsing",
        description = "Also evaluate each teacher on agnostic persons built by h(p) from the person photos alone (the"
            + " shipped pose and person-mask models and the parsing guessed from them, docs/vision.md) in place of the"
            + " dataset's parsing and pose, as \"NAME (h(p))\": the teacher as it runs on a photo. Students ignore it.")
    boolean photoParsing;

    @Option(names = "--batch", defaultValue = ModelOptions.INFERENCE_BATCH, description = "Pairs per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--limit", defaultValue = "" + Evaluation.Settings.DEFAULT_LIMIT, paramLabel = "N",
        description = "Only the first N test pairs (default: all).")
    int limit;

    @Option(names = "--examples", defaultValue = "" + Evaluation.Settings.DEFAULT_EXAMPLES, paramLabel = "N",
        description = "Pairs shown in the report (default: ${DEFAULT-VALUE}).")
    int examples;

    @Option(names = "--seed", defaultValue = "" + Evaluation.Settings.DEFAULT_SEED,
        description = "Seed of the unpaired shuffle and of KID's subsets (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--device", defaultValue = DeviceChoice.DEFAULT, converter = DeviceChoice.Converter.class,
        description = "cpu or cuda (default: ${DEFAULT-VALUE}).")
    DeviceChoice device;

    @Override
    public Integer call() {
        List<Path> sources = sources();
        if (batch < 1 || limit < 0 || examples < 0) {
            throw new UserError("--batch must be positive, --limit and --examples at least 0");
        }
        requireFile("--inception-weights", inceptionWeights);
        requireFile("--lpips-weights", lpipsWeights);
        if (!Files.isDirectory(data)) {
            throw new UserError("--data " + data + ": no such folder");
        }
        double tolerated = maxBad.fraction();
        checkOut(sources);
        createOut();
        Device dev = device.open();
        List<TrainedModel> loaded = new ArrayList<>();
        List<ModelUnderTest> models = new ArrayList<>();
        InceptionV3 inception = null;
        InceptionV3 mixed6c = null;
        Lpips lpips = null;
        PhotoAnalysis analysis = null;
        try {
            for (Path source : sources) {
                TrainedModel trained = TrainedModel.load(source, dev);
                loaded.add(trained);
                models.add(new ModelUnderTest(trained, dev, Parsing.EXACT));
                if (degradedParsing && trained.stage() == Stage.TEACHER) {
                    models.add(new ModelUnderTest(trained, dev, Parsing.DEGRADED));
                }
                if (photoParsing && trained.stage() == Stage.TEACHER) {
                    models.add(new ModelUnderTest(trained, dev, Parsing.PHOTO));
                }
            }
            if (inceptionWeights != null) {
                inception = InceptionV3.fromSafeTensors(inceptionWeights);
                inception.to(dev, false);
            }
            Path shippedMixed6c = TryOn.shipped(InceptionV3.SHIPPED_MIXED_6C);
            if (Files.isRegularFile(shippedMixed6c)) {
                mixed6c = InceptionV3.mixed6c(shippedMixed6c);
                mixed6c.to(dev, false);
            }
            if (lpipsWeights != null) {
                lpips = Lpips.fromSafeTensors(lpipsWeights);
                lpips.to(dev, false);
            }
            if (models.stream().anyMatch(m -> m.parsing() == Parsing.PHOTO)) {
                analysis = PhotoAnalysis.loadDefault();
            }
            Evaluation.Settings.Builder settings = Evaluation.Settings.builder(data, mode).batchSize(batch).limit(limit)
                .seed(seed).examples(examples).degradedParsing(degradedParsing).photoParsing(analysis).maxBad(tolerated);
            if (inception != null) {
                settings.inception(inception);
            } else {
                settings.noInception("no --inception-weights given");
            }
            if (mixed6c != null) {
                settings.mixed6c(mixed6c);
            } else {
                settings.noMixed6c("no shipped Inception-v3 layers at " + shippedMixed6c);
            }
            if (lpips != null) {
                settings.lpips(lpips);
            } else {
                settings.noLpips("no --lpips-weights given");
            }
            Evaluation evaluation = new Evaluation(settings.build());
            EvalResults results;
            try (ProgressBar bar = Progress.bar("eval", (long) evaluation.pairs() * evaluation.lineUp(models).size())) {
                results = evaluation.run(models, new Version().getVersion()[0], bar::stepBy);
            }
            Path json = out.resolve(METRICS);
            Path html = out.resolve(REPORT);
            MetricsJson.write(json, results);
            HtmlReport.write(html, results, trainingCurves(results));
            spec.commandLine().getOut().println(json);
            spec.commandLine().getOut().println(html);
            spec.commandLine().getOut().flush();
        } finally {
            loaded.forEach(TrainedModel::close);
            if (inception != null) {
                inception.close();
            }
            if (mixed6c != null) {
                mixed6c.close();
            }
            if (lpips != null) {
                lpips.close();
            }
            if (analysis != null) {
                analysis.close();
            }
        }
        return 0;
    }

    private static void requireFile(String option, Path file) {
        if (file != null && !Files.isRegularFile(file)) {
            throw new UserError(option + " " + file + ": no such file");
        }
    }

    private List<Path> sources() {
        if ((model == null) == (compare == null || compare.isEmpty())) {
            throw new UserError("give either --model RUN or --compare RUN1,RUN2,...");
        }
        return model != null ? List.of(model) : compare;
    }

    /** Refuses an --out that is an input or inside one, or that holds files eval did not write (unless --force). */
    private void checkOut(List<Path> sources) {
        List<Outputs.Input> inputs = new ArrayList<>(List.of(new Outputs.Input("--data", data),
            new Outputs.Input("--inception-weights", inceptionWeights), new Outputs.Input("--lpips-weights", lpipsWeights)));
        String modelOption = model != null ? "--model" : "--compare";
        sources.forEach(source -> inputs.add(new Outputs.Input(modelOption, source)));
        Outputs.checkNotAnInput("--out", out, inputs.toArray(Outputs.Input[]::new));
        Outputs.checkFolder("--out", out, force, name -> OWN_FILES.contains(name) || Outputs.isTemporary(name),
            "eval results (" + String.join(", ", OWN_FILES) + ")");
    }

    private void createOut() {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw UserError.io("create", out, e);
        }
    }

    /**
     * A trained model on a device, fed from CPU batches whose agnostic persons come from {@code parsing} (which only
     * a teacher reads).
     */
    private record ModelUnderTest(TrainedModel model, Device device, Parsing parsing) implements EvaluatedModel {
        @Override
        public String name() {
            return switch (parsing) {
                case EXACT -> model.name();
                case DEGRADED -> model.name() + " (degraded parsing)";
                case PHOTO -> model.name() + " (h(p))";
            };
        }

        @Override
        public Path source() {
            return model.source();
        }

        @Override
        public int height() {
            return model.config().height();
        }

        @Override
        public int width() {
            return model.config().width();
        }

        @Override
        public Tensor tryOn(Batch batch) {
            Tensor person = model.personInput(batch).to(device, ScalarType.Float);
            return model.image(person, batch.cloth().to(device, ScalarType.Float));
        }
    }

    static final class ModeConverter extends Converters.LowerCaseEnum<Pairing> {
        ModeConverter() {
            super(Pairing.class);
        }
    }

    /** Each evaluated run folder's loss curves, once: a teacher also evaluated on degraded parsing is the same run. */
    private static Map<String, String> trainingCurves(EvalResults results) {
        Map<String, String> curves = new LinkedHashMap<>();
        Set<Path> drawn = new HashSet<>();
        for (ModelResult m : results.models()) {
            if (m.source() != null && Files.isDirectory(m.source()) && drawn.add(m.source())) {
                String svg = LossChart.svg(m.source());
                if (!svg.isEmpty()) {
                    curves.put(m.name(), svg);
                }
            }
        }
        return curves;
    }
}
