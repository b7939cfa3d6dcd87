package wuton.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import wuton.TryOn;
import wuton.common.AtomicFiles;
import wuton.common.UserError;
import wuton.data.Dataset;
import wuton.data.Loader;
import wuton.data.Pairing;
import wuton.data.Split;
import wuton.model.Architecture;
import wuton.model.Composition;
import wuton.model.InceptionFeatures;
import wuton.model.ModelConfig;
import wuton.model.ModelSize;
import wuton.model.PerceptualFeatures;
import wuton.model.PerceptualNetwork;
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
import wuton.train.distributed.Collectives;
import wuton.train.distributed.DataParallel;
import wuton.train.distributed.Rendezvous;
import wuton.vision.InceptionV3;

/**
 * {@code wuton train}: trains a teacher, or a student from a teacher, into a run folder ({@link RunDirectory}),
 * or continues one with {@code --resume}. Ctrl-C saves a checkpoint before the process exits.
 *
 * <p>The options that set a config field take their descriptions and defaults from the field's declaration in
 * {@link TrainConfig.Builder}, through {@link TrainHelp} ({@code ${bundle:steps.default}}). They have no picocli
 * defaults of their own: an option not given leaves the field as the defaults or {@code --config} set it.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, resourceBundle = "wuton.cli.TrainHelp",
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
        description = "${bundle:stage.description} (default: ${bundle:stage.default}).")
    Stage stage;

    @Option(names = "--teacher", paramLabel = "RUN",
        description = "${bundle:teacher.description}.")
    Path teacher;

    @Option(names = "--arch", converter = Converters.ArchitectureConverter.class,
        description = "${bundle:architecture.description} (default: ${bundle:architecture.default}).")
    Architecture architecture;

    @Option(names = "--compose", converter = Converters.CompositionConverter.class, paramLabel = "HOW",
        description = {"${bundle:composition.description} (default: ${bundle:composition.default}).",
            "See docs/model.md#composition."})
    Composition composition;

    @Option(names = "--reconstruction", paramLabel = "W",
        description = {"${bundle:weights.reconstruction.description} (default: ${bundle:weights.reconstruction.default},"
            + " the paper's objective).",
            "See docs/training.md#reconstruction."})
    Double reconstruction;

    @Option(names = "--keep-arms",
        description = "${bundle:keepArms.description}. See docs/training.md#kept-arms.")
    boolean keepArms;

    @Option(names = "--borrowed-mask",
        description = "${bundle:borrowedMask.description}. See docs/training.md#borrowed-mask.")
    boolean borrowedMask;

    @Option(names = "--lr-schedule", converter = Converters.ScheduleConverter.class, paramLabel = "HOW",
        description = "${bundle:lrSchedule.description} (default: ${bundle:lrSchedule.default}).")
    LearningRateSchedule lrSchedule;

    @Option(names = "--no-adversarial",
        description = "No discriminator (adversarial weight 0 instead of ${bundle:weights.adversarial.default}): for a"
            + " student, the plain distillation of the paper's ablation.")
    boolean noAdversarial;

    @Option(names = "--cache-teacher", arity = "0..1", paramLabel = "DIR", fallbackValue = "",
        description = {"For a student: run the teacher once over the data and keep its outputs on disk (in DIR, default"
            + " RUN/" + RunDirectory.TEACHER_CACHE + "; reusable by other students of the same teacher) instead of at"
            + " every step.",
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

    @Option(names = "--steps", paramLabel = "N", description = "${bundle:steps.description} (default: ${bundle:steps.default}).")
    Integer steps;

    @Option(names = "--batch", paramLabel = "B", description = "${bundle:batch.description} (default: ${bundle:batch.default}).")
    Integer batch;

    @Option(names = "--size", paramLabel = "HxW", description = "Training height x width, multiples of "
        + ModelConfig.SIZE_MULTIPLE + " (default: ${bundle:height.default}x${bundle:width.default}).")
    String size;

    @Option(names = "--model", converter = Converters.SizeConverter.class,
        description = "${bundle:model.description} (default: ${bundle:model.default}).")
    ModelSize model;

    @Option(names = "--seed", paramLabel = "S", description = "${bundle:seed.description} (default: ${bundle:seed.default}).")
    Long seed;

    @Option(names = "--vgg-weights", paramLabel = "FILE", description = "${bundle:vggWeights.description}.")
    Path vggWeights;

    @Option(names = "--perceptual-network", converter = Converters.PerceptualNetworkConverter.class, paramLabel = "NET",
        description = {"${bundle:perceptualNetwork.description} (default: ${bundle:perceptualNetwork.default}).",
            "See docs/training.md#perceptual-features."})
    PerceptualNetwork perceptualNetwork;

    @Option(names = "--log-every", paramLabel = "N",
        description = "${bundle:logEvery.description} (default: ${bundle:logEvery.default}).")
    Integer logEvery;

    @Option(names = "--sample-every", paramLabel = "N",
        description = "${bundle:sampleEvery.description} (default: ${bundle:sampleEvery.default}).")
    Integer sampleEvery;

    @Option(names = "--checkpoint-every", paramLabel = "N",
        description = "${bundle:checkpointEvery.description} (default: ${bundle:checkpointEvery.default}).")
    Integer checkpointEvery;

    @Option(names = "--device", defaultValue = DeviceChoice.DEFAULT, converter = DeviceChoice.Converter.class,
        description = "cpu or cuda (default: ${DEFAULT-VALUE}).")
    DeviceChoice device;

    @Option(names = "--workers", paramLabel = "N", description = "Image decoding threads (default: cores - 1, or"
        + " the process's --threads - 1 in a data-parallel run).")
    Integer workers;

    @Mixin
    DataParallelOptions parallel;

    @Override
    public Integer call() {
        if (!Files.isDirectory(data)) {
            throw new UserError("--data " + data + ": no such folder");
        }
        Map<String, String> environment = System.getenv();
        int launch = parallel.ranksToLaunch(environment);
        Rendezvous rendezvous = launch > 0 ? null : parallel.rendezvous(environment);
        int ranks = launch > 0 ? launch : rendezvous == null ? 1 : rendezvous.worldSize();
        // rank 0 alone writes --out; the others only read it (a resume's config and checkpoint)
        boolean writes = rendezvous == null || rendezvous.leader();
        Integer torchThreads = parallel.threadsPerProcess(environment, ranks > 1);
        int threads = workers != null ? workers
            : ranks > 1 ? Math.max(1, torchThreads - 1) : Loader.Options.defaultWorkers();
        if (threads < 1) {
            throw new UserError("--workers " + workers + ": must be at least 1");
        }
        double tolerated = maxBad.fraction();
        Outputs.checkNotAnInput("--out", out, new Outputs.Input("--data", data), new Outputs.Input("--teacher", teacher),
            new Outputs.Input("--config", configFile), new Outputs.Input("--vgg-weights", vggWeights));
        if (!resume && writes) {
            Outputs.checkFolder("--out", out, force, RunDirectory::isRunEntry, "a training run");
        }
        RunDirectory run = new RunDirectory(out);
        TrainConfig config = resume ? resumedConfig(run) : TrainConfig.resolve(configFile, this::override);
        Dataset dataset = Dataset.open(data, Split.TRAIN, Pairing.PAIRED, config.seed());
        if (dataset.size() / ranks < config.batch()) {
            throw new UserError("--batch " + config.batch() + ": the training data has only " + dataset.size() + " samples"
                + (ranks > 1 ? ", " + dataset.size() / ranks + " for each of the " + ranks + " processes" : ""));
        }
        if (launch > 0) {
            return LocalRanks.run(launch, spec.commandLine().getParseResult().originalArgs(), parallel.timeout(),
                spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        if (torchThreads != null) {
            torch.set_num_threads(torchThreads);
        }
        try (RunDirectory.Lock lock = writes ? run.lock() : null) {
            return train(run, config, dataset, threads, tolerated, rendezvous);
        }
    }

    /**
     * Trains in the locked run folder, after replacing what a new run replaces; as one rank of a data-parallel run
     * when {@code rendezvous} is not null (rank 0 then writes the folder as a one-process run does, the others
     * write nothing).
     */
    private int train(RunDirectory run, TrainConfig config, Dataset dataset, int threads, double tolerated,
                      Rendezvous rendezvous) {
        boolean writes = rendezvous == null || rendezvous.leader();
        if (writes && !resume) {
            run.createForNewRun(force);
        } else if (writes && !config.equals(TrainConfig.read(run.config()))) {
            AtomicFiles.write(run.config(), config.toJson() + "\n");
        }
        Device dev = rendezvous == null ? device.open() : device.open(DataParallelOptions.localRank(System.getenv()));
        PerceptualFeatures features = perceptualFeatures(config);
        // UNTESTED with CUDA: NCCL for GPU ranks; Gloo (what the tests run) on the CPU
        Collectives.Transport transport = device == DeviceChoice.CUDA ? Collectives.Transport.NCCL
            : Collectives.Transport.GLOO;
        try (Collectives group = rendezvous == null ? null : Collectives.join(rendezvous, transport, parallel.timeout());
             Trainer trainer = new Trainer(config, dataset, run, features, dev, threads, tolerated);
             CommandListener listener = new CommandListener(run, config.steps(), resume, writes,
                 rendezvous == null ? 1 : rendezvous.worldSize())) {
            if (group != null) {
                trainer.joinDataParallel(DataParallel.over(group, dev));
            }
            if (writes && !resume) {
                AtomicFiles.write(run.config(), config.toJson() + "\n");
                Provenance.writeNew(run, config, data, features, vggDescription(config, features),
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
            if (!listener.shows) {
                return;
            }
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
        TrainConfig resolved = TrainConfig.resolve(run.config(), this::override);
        if (!resolved.equals(stored.withSchedule(resolved))) {
            throw new UserError("--resume: only --steps and the --*-every intervals may change; the run's config is "
                + run.config());
        }
        return resolved;
    }

    /** Sets the config fields whose options were given (a new run: defaults, then --config, then these). */
    private void override(TrainConfig.Builder config) {
        ifGiven(steps, config::steps);
        ifGiven(batch, config::batch);
        ifGiven(model, config::model);
        ifGiven(seed, config::seed);
        ifGiven(logEvery, config::logEvery);
        ifGiven(sampleEvery, config::sampleEvery);
        ifGiven(checkpointEvery, config::checkpointEvery);
        ifGiven(stage, config::stage);
        ifGiven(architecture, config::architecture);
        ifGiven(composition, config::composition);
        ifGiven(lrSchedule, config::lrSchedule);
        ifGiven(perceptualNetwork, config::perceptualNetwork);
        if (keepArms) {
            config.keepArms(true);
        }
        if (borrowedMask) {
            config.borrowedMask(true);
        }
        if (teacher != null) {
            if (!Files.exists(teacher)) {
                throw new UserError("--teacher " + teacher + ": no such run folder or model file");
            }
            config.teacher(absolute(teacher));
        }
        if (cacheTeacher != null) {
            config.teacherCache(absolute(cacheTeacher.isEmpty() ? new RunDirectory(out).teacherCache() : Path.of(cacheTeacher)));
        }
        if (noAdversarial) {
            config.weights(w -> w.adversarial(0));
        }
        if (reconstruction != null) {
            config.weights(w -> w.reconstruction(reconstruction));
        }
        if (vggWeights != null) {
            if (!Files.isRegularFile(vggWeights)) {
                throw new UserError("--vgg-weights " + vggWeights + ": no such file");
            }
            config.vggWeights(absolute(vggWeights));
        }
        if (size != null) {
            ImageSize hw = ImageSize.parse(size);
            config.height(hw.height()).width(hw.width());
        }
    }

    private static <T> void ifGiven(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    /** Paths in a config are absolute, so that the run can be resumed from any folder. */
    private static String absolute(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }

    /** The config's perceptual network: VGG19 from its weights file or seeded, or the shipped Inception layers. */
    private static PerceptualFeatures perceptualFeatures(TrainConfig config) {
        if (config.perceptualNetwork() == PerceptualNetwork.INCEPTION) {
            Path shipped = TryOn.shipped(InceptionV3.SHIPPED_MIXED_6C);
            if (!Files.isRegularFile(shipped)) {
                throw new UserError("--perceptual-network inception: no shipped Inception-v3 layers at " + shipped);
            }
            return InceptionFeatures.load(shipped);
        }
        return Vgg19Features.load(config.vggWeights() == null ? null : Path.of(config.vggWeights()));
    }

    /** provenance.json's "vggWeights", as before the choice of network; null when no VGG19 is used. */
    private static String vggDescription(TrainConfig config, PerceptualFeatures features) {
        if (!(features instanceof Vgg19Features vgg)) {
            return null;
        }
        return config.vggWeights() != null ? config.vggWeights()
            : vgg.weights().name().toLowerCase(Locale.ROOT) + " (seed " + Vgg19Features.FALLBACK_SEED + ")";
    }

    /**
     * Records a resume in the provenance, and shows the steps, the latest losses and the ETA on a progress bar; in
     * a data-parallel run, on rank 0 only.
     */
    private static final class CommandListener implements Trainer.Listener, AutoCloseable {
        private final RunDirectory run;
        private final int steps;
        private final boolean resume;
        /** Whether this process writes the run folder and the console (one process, or rank 0). */
        private final boolean shows;
        /** The processes of the run, for the provenance. */
        private final int ranks;
        /** The last step made, for the message of a stopped run. */
        private int reached;
        private ProgressBar bar;
        private ProgressBar cacheBar;

        CommandListener(RunDirectory run, int steps, boolean resume, boolean shows, int ranks) {
            this.run = run;
            this.steps = steps;
            this.resume = resume;
            this.shows = shows;
            this.ranks = ranks;
        }

        @Override
        public void caching(int done, int total) {
            if (!shows) {
                return;
            }
            if (cacheBar == null) {
                cacheBar = Progress.bar("teacher cache", total);
            }
            cacheBar.stepTo(done);
        }

        @Override
        public void started(TrainingState state) {
            reached = state.step();
            if (!shows) {
                return;
            }
            if (cacheBar != null) {
                cacheBar.close();
                cacheBar = null;
            }
            if (resume) {
                Provenance.recordResume(run, state.step(), steps);
            }
            Provenance.recordRanks(run, ranks);
            // starting from the resumed step keeps the ETA to the speed of this session
            bar = Progress.bar("train", steps, state.step());
        }

        @Override
        public void stepped(int step, LossValues losses) {
            reached = step;
            if (!shows) {
                return;
            }
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
