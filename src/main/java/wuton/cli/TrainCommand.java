package wuton.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import org.bytedeco.pytorch.Device;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import wuton.common.AtomicFiles;
import wuton.common.UserError;
import wuton.data.Dataset;
import wuton.data.Pairing;
import wuton.data.Split;
import wuton.model.Architecture;
import wuton.model.Composition;
import wuton.model.ModelSize;
import wuton.model.Stage;
import wuton.model.Vgg19Features;
import wuton.train.LearningRateSchedule;
import wuton.train.LossTerm;
import wuton.train.LossValues;
import wuton.train.MetricsLog;
import wuton.train.Provenance;
import wuton.train.RunDirectory;
import wuton.train.TrainConfig;
import wuton.train.Trainer;
import wuton.train.TrainingState;

/**
 * {@code wuton train}: trains a teacher, or a student from a teacher, into a run folder ({@link RunDirectory}),
 * or continues one with {@code --resume}. Ctrl-C saves a checkpoint before the process exits.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Trains the WUTON teacher (T-WUTON, on agnostic persons) or, from a trained teacher, the student"
        + " (S-WUTON, on unmasked persons); writes config, provenance, metrics, sample grids, a loss plot and"
        + " checkpoints into the run folder. Ctrl-C saves a checkpoint; --resume continues."},
    footer = {"", "Examples:",
        "  ./wuton train --stage teacher --data worlds/w1 --out runs/t1 --model tiny --size 128x96",
        "  ./wuton train --stage student --teacher runs/t1 --data worlds/w1 --out runs/s1 --model tiny --arch fast"
            + " --size 128x96"})
final class TrainCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);
    /** How long Ctrl-C waits for the loop to finish its step and write the checkpoint. */
    private static final long STOP_WAIT_SECONDS = 120;

    @Spec
    CommandSpec spec;

    @Option(names = "--stage", converter = Converters.StageConverter.class,
        description = "What to train: teacher or student (default: teacher).")
    Stage stage;

    @Option(names = "--teacher", paramLabel = "RUN",
        description = "For a student: the teacher's run folder (or exported model file), trained at the same --size.")
    Path teacher;

    @Option(names = "--arch", converter = Converters.ArchitectureConverter.class,
        description = "Generator layout: paper, or fast (real time on a CPU; for students) (default: paper).")
    Architecture architecture;

    @Option(names = "--compose", converter = Converters.CompositionConverter.class, paramLabel = "HOW",
        description = {"How the generator makes its image: none (the paper's: every pixel drawn), person (a predicted"
            + " mask blends the drawn image with the person input, so unchanged pixels are copied) or"
            + " person-and-garment (also with the garment warped by the model's TPS) (default: none).",
            "See docs/model.md#composition."})
    Composition composition;

    @Option(names = "--reconstruction", paramLabel = "W",
        description = {"For a student: weight of the loss that asks it to return the person unchanged when given the"
            + " garment they already wear (an exact ground truth, not in the paper) (default: 0, the paper's objective).",
            "See docs/training.md#reconstruction."})
    Double reconstruction;

    @Option(names = "--keep-arms",
        description = {"For a student: its target keeps the person's own arms and hands (from the training data's parsing)"
            + " wherever the new garment would not hide them (outside the teacher's warped garment, or across the"
            + " torso), instead of the arms the teacher drew without seeing them (not in the paper). See"
            + " docs/training.md#kept-arms."})
    boolean keepArms;

    @Option(names = "--borrowed-mask",
        description = {"For a teacher: its paired input also hides what the next person's agnostic person hides, so it"
            + " learns to paint what an old garment larger than the new one covered (not in the paper). See"
            + " docs/training.md#borrowed-mask."})
    boolean borrowedMask;

    @Option(names = "--lr-schedule", converter = Converters.ScheduleConverter.class, paramLabel = "HOW",
        description = "Learning rate over the run: constant (the paper's) or cosine (from the configured rate down to a"
            + " tenth of it at the last step) (default: constant).")
    LearningRateSchedule lrSchedule;

    @Option(names = "--no-adversarial",
        description = "No discriminator (adversarial weight 0): for a student, the plain distillation of the paper's ablation.")
    boolean noAdversarial;

    @Option(names = "--cache-teacher", arity = "0..1", paramLabel = "DIR", fallbackValue = "",
        description = {"For a student: run the teacher once over the data and keep its outputs on disk (in DIR, default"
            + " RUN/teacher-cache; reusable by other students of the same teacher) instead of at every step.",
            "Faster steps, for disk space (12 x H x W bytes per person) and one fixed garment per person; see docs/training.md."})
    String cacheTeacher;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Dataset root (its train split is used).")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "RUN",
        description = {"Run folder to write (or to resume). A run there that never reached a checkpoint is replaced;"
            + " one that did, or a folder holding other files, is refused unless --force. Never inside --data or --teacher."})
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.")
    boolean resume;

    @Option(names = "--force", description = "Replace the run in --out even if it reached a checkpoint (its teacher cache"
        + " is kept), or write into a folder that holds other files.")
    boolean force;

    @Mixin
    MaxBadOption maxBad;

    @Option(names = "--config", paramLabel = "FILE", description = "A config.json to start from; the options below override it.")
    Path configFile;

    @Option(names = "--steps", paramLabel = "N", description = "Total steps of the run (default: 100000).")
    Integer steps;

    @Option(names = "--batch", paramLabel = "B", description = "Samples per step (default: 8).")
    Integer batch;

    @Option(names = "--size", paramLabel = "HxW", description = "Training height x width, multiples of 16 (default: 256x192).")
    String size;

    @Option(names = "--model", converter = Converters.SizeConverter.class, description = "Width: full (64 base channels, the paper), slim (32), small (16) or tiny (8) (default: full).")
    ModelSize model;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the initialisation and of the shuffles (default: 0).")
    Long seed;

    @Option(names = "--vgg-weights", paramLabel = "FILE",
        description = "VGG19 features as safetensors (torchvision names) for the perceptual loss (default: seeded random features).")
    Path vggWeights;

    @Option(names = "--log-every", paramLabel = "N", description = "Steps per metrics.csv row (default: 50).")
    Integer logEvery;

    @Option(names = "--sample-every", paramLabel = "N", description = "Steps per sample grid (default: 500).")
    Integer sampleEvery;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Steps per checkpoint (default: 1000).")
    Integer checkpointEvery;

    @Option(names = "--device", defaultValue = "cpu", converter = DeviceChoice.Converter.class,
        description = "cpu or cuda (default: ${DEFAULT-VALUE}).")
    DeviceChoice device;

    @Option(names = "--workers", paramLabel = "N", description = "Image decoding threads (default: cores - 1).")
    Integer workers;

    @Override
    public Integer call() {
        if (!Files.isDirectory(data)) {
            throw new UserError("--data " + data + ": no such folder");
        }
        int threads = workers != null ? workers : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        if (threads < 1) {
            throw new UserError("--workers " + workers + ": must be at least 1");
        }
        double tolerated = maxBad.fraction();
        Outputs.checkNotAnInput("--out", out, new Outputs.Input("--data", data), new Outputs.Input("--teacher", teacher),
            new Outputs.Input("--config", configFile), new Outputs.Input("--vgg-weights", vggWeights));
        if (!resume) {
            Outputs.checkFolder("--out", out, force, RunDirectory::isRunEntry, "a training run");
        }
        RunDirectory run = new RunDirectory(out);
        TrainConfig config = resume ? resumedConfig(run) : TrainConfig.resolve(configFile, overrides());
        Dataset dataset = Dataset.open(data, Split.TRAIN, Pairing.PAIRED, config.seed());
        if (dataset.size() < config.batch()) {
            throw new UserError("--batch " + config.batch() + ": the training data has only " + dataset.size() + " samples");
        }
        try (RunDirectory.Lock lock = run.lock()) {
            return train(run, config, dataset, threads, tolerated);
        }
    }

    /** Trains in the locked run folder, after replacing what a new run replaces. */
    private int train(RunDirectory run, TrainConfig config, Dataset dataset, int threads, double tolerated) {
        if (!resume) {
            run.createForNewRun(force);
        } else if (!config.equals(TrainConfig.read(run.config()))) {
            AtomicFiles.write(run.config(), config.toJson() + "\n");
        }
        Device dev = device.open();
        Vgg19Features vgg = Vgg19Features.load(config.vggWeights() == null ? null : Path.of(config.vggWeights()));
        try (Trainer trainer = new Trainer(config, dataset, run, vgg, dev, threads, tolerated);
             CommandListener listener = new CommandListener(run, config.steps(), resume)) {
            if (!resume) {
                AtomicFiles.write(run.config(), config.toJson() + "\n");
                Provenance.writeNew(run, config, data, vggDescription(config, vgg),
                    device.name().toLowerCase(Locale.ROOT), new Version().getVersion()[0]);
            }
            trainWithStopHook(trainer, listener);
            return 0;
        }
    }

    /**
     * Runs the loop with a shutdown hook: Ctrl-C (SIGINT, SIGTERM) asks the loop to stop, and the hook waits
     * until it has saved its checkpoint and said where the run stands (the step reached), since the JVM exits
     * when the hooks return.
     */
    private void trainWithStopHook(Trainer trainer, CommandListener listener) {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            trainer.requestStop();
            try {
                finished.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "wuton-train-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Trainer.Outcome outcome = trainer.train(resume, listener);
            listener.close();
            spec.commandLine().getOut().println(out.toAbsolutePath());
            spec.commandLine().getOut().flush();
            if (outcome == Trainer.Outcome.COMPLETED) {
                LOG.info("finished: {} ({} steps)", out, listener.steps);
            } else {
                LOG.info("stopped: {} at step {} of {}, resume with --resume", out, listener.reached, listener.steps);
            }
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the loop is done
            }
        }
    }

    /**
     * The stored config with a new step count or intervals; anything else must stay as it was. Written back
     * by {@link #train} once the folder is locked.
     */
    private TrainConfig resumedConfig(RunDirectory run) {
        if (!run.hasRun()) {
            throw new UserError("--resume: " + out + " holds no training run (no config.json)");
        }
        if (!run.hasCheckpoint()) {
            throw new UserError("--resume: the run in " + out + " never reached a checkpoint; start it again without"
                + " --resume (that replaces it)");
        }
        if (configFile != null) {
            throw new UserError("--resume uses the run's own config.json; --config cannot be given with it");
        }
        TrainConfig stored = TrainConfig.read(run.config());
        TrainConfig resolved = TrainConfig.resolve(run.config(), overrides());
        TrainConfig scheduleOnly = stored.withSchedule(resolved.steps(), resolved.logEvery(), resolved.sampleEvery(),
            resolved.checkpointEvery());
        if (!resolved.equals(scheduleOnly)) {
            throw new UserError("--resume: only --steps and the --*-every intervals may change; the run's config is "
                + run.config());
        }
        return resolved;
    }

    /** The options given on the command line, as config fields (a new run: defaults, then --config, then these). */
    private Map<String, Object> overrides() {
        Map<String, Object> o = new LinkedHashMap<>();
        putIfGiven(o, "steps", steps);
        putIfGiven(o, "batch", batch);
        putIfGiven(o, "model", model);
        putIfGiven(o, "seed", seed);
        putIfGiven(o, "logEvery", logEvery);
        putIfGiven(o, "sampleEvery", sampleEvery);
        putIfGiven(o, "checkpointEvery", checkpointEvery);
        putIfGiven(o, "stage", stage);
        putIfGiven(o, "architecture", architecture);
        putIfGiven(o, "composition", composition);
        putIfGiven(o, "lrSchedule", lrSchedule);
        if (keepArms) {
            o.put("keepArms", true);
        }
        if (borrowedMask) {
            o.put("borrowedMask", true);
        }
        if (teacher != null) {
            if (!Files.exists(teacher)) {
                throw new UserError("--teacher " + teacher + ": no such run folder or model file");
            }
            o.put("teacher", teacher.toAbsolutePath().normalize().toString());
        }
        if (cacheTeacher != null) {
            Path folder = cacheTeacher.isEmpty() ? new RunDirectory(out).teacherCache() : Path.of(cacheTeacher);
            o.put("teacherCache", folder.toAbsolutePath().normalize().toString());
        }
        Map<String, Object> weights = new LinkedHashMap<>();
        if (noAdversarial) {
            weights.put("adversarial", 0.0);
        }
        putIfGiven(weights, "reconstruction", reconstruction);
        if (!weights.isEmpty()) {
            o.put("weights", weights);
        }
        if (vggWeights != null) {
            if (!Files.isRegularFile(vggWeights)) {
                throw new UserError("--vgg-weights " + vggWeights + ": no such file");
            }
            o.put("vggWeights", vggWeights.toAbsolutePath().normalize().toString());
        }
        if (size != null) {
            ImageSize hw = ImageSize.parse(size);
            o.put("height", hw.height());
            o.put("width", hw.width());
        }
        return o;
    }

    private static void putIfGiven(Map<String, Object> into, String field, Object value) {
        if (value != null) {
            into.put(field, value);
        }
    }

    private static String vggDescription(TrainConfig config, Vgg19Features vgg) {
        return config.vggWeights() != null ? config.vggWeights()
            : vgg.weights().name().toLowerCase(Locale.ROOT) + " (seed " + Vgg19Features.FALLBACK_SEED + ")";
    }

    /** Records a resume in the provenance, and shows the steps, the latest losses and the ETA on a progress bar. */
    private static final class CommandListener implements Trainer.Listener, AutoCloseable {
        private final RunDirectory run;
        private final int steps;
        private final boolean resume;
        /** The last step made, for the message of a stopped run. */
        private int reached;
        private ProgressBar bar;
        private ProgressBar cacheBar;

        CommandListener(RunDirectory run, int steps, boolean resume) {
            this.run = run;
            this.steps = steps;
            this.resume = resume;
        }

        @Override
        public void caching(int done, int total) {
            if (cacheBar == null) {
                cacheBar = Progress.bar("teacher cache", total);
            }
            cacheBar.stepTo(done);
        }

        @Override
        public void started(TrainingState state) {
            if (cacheBar != null) {
                cacheBar.close();
                cacheBar = null;
            }
            if (resume) {
                Provenance.recordResume(run, state.step(), steps);
            }
            reached = state.step();
            // starting from the resumed step keeps the ETA to the speed of this session
            bar = Progress.bar("train", steps, state.step());
        }

        @Override
        public void stepped(int step, LossValues losses) {
            reached = step;
            bar.stepTo(step);
            bar.setExtraMessage(String.format(Locale.ROOT, "G %.3f D %.3f L1 %.3f warp %.3f",
                losses.get(LossTerm.GENERATOR), losses.get(LossTerm.DISCRIMINATOR), losses.get(LossTerm.L1),
                losses.get(LossTerm.WARP)));
        }

        @Override
        public void logged(MetricsLog.Row row) {
            LOG.debug("step {}: {} images/s, {} MB resident", row.step(), row.imagesPerSecond(), row.rssMb());
        }

        /** Closes the bars, so that the lines after them start on their own; a second close does nothing. */
        @Override
        public void close() {
            for (ProgressBar open : new ProgressBar[] {cacheBar, bar}) {
                if (open != null) {
                    open.close();
                }
            }
            cacheBar = null;
            bar = null;
        }
    }
}
