package wuton.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.bytedeco.pytorch.global.torch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wuton.common.UserError;
import wuton.data.BadSampleException;
import wuton.data.Batch;
import wuton.data.Dataset;
import wuton.data.Loader;
import wuton.data.Sample;
import wuton.labels.LipLabel;
import wuton.model.Discriminator;
import wuton.model.PerceptualFeatures;
import wuton.model.Stage;
import wuton.model.Wuton;
import wuton.modelfile.TrainedModel;
import wuton.nn.NonFiniteException;
import wuton.train.distributed.DataParallel;
import wuton.train.distributed.RankAverage;

/**
 * Trains the teacher T-WUTON (paper section 3.2, {@link TeacherStep}) or the student S-WUTON (section 3.3,
 * {@link StudentStep}) into a {@link RunDirectory}: epochs of shuffled batches, one step per batch, metrics,
 * sample grids and checkpoints at the config's intervals.
 *
 * <p>Inputs of a step ({@link StepInputs}): the batch's agnostic persons, persons, worn garments and
 * garments c_a, and the unpaired garments c_b, the batch's garments rolled by one (with batch 1, the
 * previous batch's garment). A new pairing each epoch, since the shuffle changes, so a student meets many
 * (person, garment) pairs; or, for a student with a {@link TeacherCache}, the one garment per person that the
 * cache holds, with the teacher's outputs for it. Batches shorter than the configured size (the end of an epoch) are dropped: the
 * matcher's batch norm needs full batches at small sizes, and it keeps every step alike.
 *
 * <p>Data-parallel ({@link #joinDataParallel}): each rank reads its own shard of every pass and makes the same
 * steps; before each step the ranks agree whether all have a batch and whether any was asked to stop, after it
 * they average the losses (so every rank logs, checks and decides alike) and the batch-norm statistics; rank 0
 * alone writes metrics, samples and checkpoints.
 *
 * <p>Threads: {@link #train} runs on one thread; {@link #requestStop} may be called from any other (a
 * shutdown hook), and the loop then saves a checkpoint and returns.
 */
public final class Trainer implements AutoCloseable {
    /** Samples shown in each grid. */
    static final int GRID_SAMPLES = 4;
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    /** Why {@link #train} returned. */
    public enum Outcome {
        /** All configured steps are done. */
        COMPLETED,
        /** {@link #requestStop} was called; the last checkpoint holds the step reached. */
        STOPPED
    }

    /** Told about the progress of the loop, on the training thread. */
    public interface Listener {
        /** Before the first step; {@code state.step()} is above 0 when resuming. */
        default void started(TrainingState state) {
        }

        /** After each step, with its losses. */
        default void stepped(int step, LossValues losses) {
        }

        /** After each metrics row. */
        default void logged(MetricsLog.Row row) {
        }

        /** While a student's {@link TeacherCache} is built, before the first step: samples done of total. */
        default void caching(int done, int total) {
        }
    }

    private final TrainConfig config;
    private final Dataset dataset;
    private final RunDirectory run;
    private final Device device;
    private final int loaderWorkers;
    private final double maxBad;
    private final Wuton generator;
    private final Discriminator discriminator;
    /** The frozen teacher of a student run; null for a teacher run. */
    private final TrainedModel teacher;
    /** The teacher's outputs read from disk, for a student run with a cache (built by {@link #train}); else null. */
    private final TeacherCache teacherCache;
    private final GeneratorStep step;
    private final Checkpoints checkpoints;
    private final Batch gridSamples;
    private volatile boolean stopRequested;
    /** Set once the ranks agreed to stop (on one process: once a stop was requested). */
    private boolean stopping;
    /** This process's place in a data-parallel run; {@link DataParallel#SINGLE} on its own. */
    private DataParallel parallel = DataParallel.SINGLE;
    /** Averages the generator's batch-norm statistics over the ranks after each step. */
    private RankAverage batchNormStatistics = RankAverage.NONE;
    /** With batch 1, the previous batch's garment (kept past its step's scope), the unpaired c_b. */
    private Tensor previousCloth;

    /**
     * Builds the networks and optimisers (seeded with the config's seed) on {@code device}; for a student, loads
     * its teacher.
     *
     * @param features the frozen perceptual-loss features, moved to {@code device} here
     * @param loaderWorkers decoding threads of the data loader
     * @param maxBad the fraction of bad samples the loader tolerates ({@code --max-bad}); not part of the config,
     *     since it changes which run may go on, not what the run computes
     */
    public Trainer(TrainConfig config, Dataset dataset, RunDirectory run, PerceptualFeatures features, Device device,
                          int loaderWorkers, double maxBad) {
        this.config = config;
        this.dataset = dataset;
        this.run = run;
        this.device = device;
        this.loaderWorkers = loaderWorkers;
        this.maxBad = maxBad;
        torch.manual_seed(config.seed());
        this.generator = new Wuton(config.modelConfig());
        this.discriminator = new Discriminator(config.model(), Wuton.IMAGE_CHANNELS);
        generator.to(device, false);
        discriminator.to(device, false);
        features.to(device, false);
        if (config.stage() == Stage.STUDENT) {
            this.teacher = loadTeacher(config, device);
            this.step = new StudentStep(generator, teacher, discriminator, features, config.weights(), config.adam());
            // checked now, before the run starts: a cache of another teacher is refused here
            this.teacherCache = config.teacherCache() == null ? null
                : TeacherCache.prepare(Path.of(config.teacherCache()), teacher, dataset, loaderOptions(config.seed()));
        } else {
            this.teacher = null;
            this.teacherCache = null;
            this.step = new TeacherStep(generator, discriminator, features, config.weights(), config.adam(),
                config.borrowedMask());
        }
        this.checkpoints = new Checkpoints(run.checkpoints(), generator, discriminator, step.generatorOptimizer(),
            step.discriminatorOptimizer(), device);
        this.gridSamples = Batch.of(firstGoodSamples());
        LOG.debug("sample grid columns: {}", step.sampleColumnNames());
    }

    /** The student's teacher: a teacher at the student's image size. */
    private static TrainedModel loadTeacher(TrainConfig config, Device device) {
        TrainedModel teacher = TrainedModel.load(Path.of(config.teacher()), device);
        if (teacher.stage() != Stage.TEACHER) {
            teacher.close();
            throw new UserError("--teacher " + config.teacher() + ": is a " + teacher.stage().cliName()
                + ", not a teacher");
        }
        if (teacher.config().height() != config.height() || teacher.config().width() != config.width()) {
            teacher.close();
            throw new UserError("--teacher " + config.teacher() + ": works at " + teacher.config().height() + "x"
                + teacher.config().width() + "; train the student at that --size");
        }
        LOG.info("teacher: {} ({})", teacher.weights(), teacher.config());
        return teacher;
    }

    /**
     * Makes this trainer one rank of a data-parallel run: call before {@link #train}, on every rank alike. The
     * config's batch is this rank's; a step sees {@code batch * worldSize} samples in all.
     *
     * @throws UserError for a student whose teacher cache is not built yet: its build, one pass of the teacher
     *     over the data, would keep the other ranks waiting past their timeout
     */
    public void joinDataParallel(DataParallel parallel) {
        if (teacherCache != null && parallel.worldSize() > 1 && !teacherCache.complete()) {
            throw new UserError("--cache-teacher " + config.teacherCache() + ": the cache is not built yet; build it"
                + " with a one-process run first (several ranks would wait for it past their timeout)");
        }
        this.parallel = parallel;
        step.averageGradientsWith(parallel.gradientsOf(generator), parallel.gradientsOf(discriminator));
        this.batchNormStatistics = parallel.buffersOf(generator);
    }

    /** Asks the loop to save a checkpoint and return after the current step. Any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Runs until the config's step count (or a stop request), from the start or, with {@code resume}, from
     * the {@code last} checkpoint.
     *
     * @throws TrainingDiverged when a loss turns NaN or infinite; the last checkpoint is left as it was
     */
    public Outcome train(boolean resume, Listener listener) {
        TrainingState state = resume ? checkpoints.load(Checkpoints.Slot.LAST) : TrainingState.START;
        if (resume) {
            LOG.info("resuming {} at step {} (epoch {}, batch {})", run.root(), state.step(), state.epoch(),
                state.batchesInEpoch());
        }
        // every rank loaded or initialised its copy; rank 0's is the one they all start from
        parallel.broadcastFromRankZero(generator);
        parallel.broadcastFromRankZero(discriminator);
        if (teacherCache != null) {
            // a stop request during the build leaves it unfinished: the loop below then makes no step, and a
            // resume finishes the build
            teacherCache.build(device, listener::caching, () -> stopRequested);
        }
        listener.started(state);
        // one loader for the run, its threads kept from epoch to epoch; each epoch is a pass shuffled with
        // seed + epoch, so a resumed run sees the same order
        // rank 0 alone writes the run folder: the other ranks have no metrics log (null is skipped by try)
        try (MetricsLog metrics = parallel.leader() ? MetricsLog.open(run.metrics(), state.step()) : null;
             Loader loader = new Loader(dataset, shardOptions(config.seed() + state.epoch()))) {
            MetricsLog.Window window = new MetricsLog.Window();
            int passEpoch = state.epoch();
            while (state.step() < config.steps() && !stopping) {
                if (state.epoch() != passEpoch) {
                    passEpoch = state.epoch();
                    loader.startPass(config.seed() + passEpoch);
                }
                state = epoch(state, loader, metrics, window, listener);
            }
        }
        // a stop request, the end of the run: the checkpoint is written in both cases
        parallel.requireInStep(state.step(), generator, discriminator);
        if (parallel.leader()) {
            checkpoints.save(Checkpoints.Slot.LAST, state);
            writeGrid(state.step());
            LossChart.write(run.lossChart(), MetricsLog.read(run.metrics()));
        }
        return state.step() >= config.steps() ? Outcome.COMPLETED : Outcome.STOPPED;
    }

    /**
     * One pass over the data, the loader's current pass, from the state's position in it; returns the state at
     * its end or at a stop.
     */
    private TrainingState epoch(TrainingState start, Loader loader, MetricsLog metrics, MetricsLog.Window window,
                                Listener listener) {
        TrainingState state = start;
        int stepsBefore = state.step();
        skip(loader, state.batchesInEpoch());
        while (state.step() < config.steps()) {
            try (Batch batch = nextFullBatch(loader)) {
                // the ranks step together: all of them with a batch, and none of them asked to stop
                double[] lacking = parallel.sum(new double[] {batch == null ? 1 : 0, stopRequested ? 1 : 0},
                    "agreeing on the next step");
                if (lacking[1] > 0) {
                    stopping = true;
                    return state;
                }
                if (lacking[0] > 0) {
                    if (state.step() == stepsBefore && state.batchesInEpoch() == 0) {
                        throw new UserError("the training data has fewer than --batch " + config.batch()
                            + " good samples" + (parallel.worldSize() > 1 ? " per rank" : "") + ": no step can be made");
                    }
                    return state.nextEpoch();
                }
                scheduleLearningRate(state.step());
                LossValues losses = optimiseOrStop(batch, state.step() + 1);
                state = state.advanced();
                checkFinite(state.step(), losses);
                checkFiniteWeights(state.step());
                window.add(losses, batch.size() * parallel.worldSize());
                listener.stepped(state.step(), losses);
                state = afterStep(state, metrics, window, listener);
            }
        }
        return state;
    }

    /**
     * The loader's next batch of the config's size, or null at the end of its pass; the short batch at the end of
     * a pass is dropped: the matcher's batch norm needs full batches at small sizes, and it keeps every step alike.
     */
    private Batch nextFullBatch(Loader loader) {
        while (loader.hasNext()) {
            Batch batch = loader.next();
            if (batch.size() == config.batch()) {
                return batch;
            }
            batch.close();
        }
        return null;
    }

    /**
     * Logging, best checkpoint, samples and the periodic checkpoint, each at its interval; rank 0 writes them, every
     * rank keeps the same state (the losses are the ranks' means) and checks at each checkpoint that the ranks still
     * hold the same weights.
     */
    private TrainingState afterStep(TrainingState state, MetricsLog metrics, MetricsLog.Window window,
                                    Listener listener) {
        int s = state.step();
        TrainingState next = state;
        boolean writes = parallel.leader();
        if (s % config.logEvery() == 0) {
            double score = window.mean(LossTerm.L1) + window.mean(LossTerm.WARP);
            MetricsLog.Row row = window.close(s, state.epoch(), learningRate());
            if (writes) {
                metrics.append(row);
            }
            listener.logged(row);
            if (next.isBetter(score)) {
                next = next.withBest(score);
                if (writes) {
                    checkpoints.save(Checkpoints.Slot.BEST, next);
                }
            }
        }
        if (s % config.sampleEvery() == 0 && writes) {
            writeGrid(s);
        }
        if (s % config.checkpointEvery() == 0) {
            parallel.requireInStep(s, generator, discriminator);
            if (writes) {
                checkpoints.save(Checkpoints.Slot.LAST, next);
            }
        }
        return next;
    }

    /** {@link #loaderOptions}, reading only this rank's shard of each pass. */
    private Loader.Options shardOptions(long shuffleSeed) {
        return loaderBuilder(shuffleSeed).shard(parallel.rank(), parallel.worldSize()).build();
    }

    /** Batches of the config's size at the config's image size, in a shuffled order. */
    private Loader.Options loaderOptions(long shuffleSeed) {
        return loaderBuilder(shuffleSeed).build();
    }

    private Loader.Options.Builder loaderBuilder(long shuffleSeed) {
        return Loader.Options.builder(config.width(), config.height(), config.batch()).workers(loaderWorkers)
            .shuffled(shuffleSeed).maxBad(maxBad);
    }

    /** One step on a batch, in its own scope so that its tensors are freed when it ends. */
    private LossValues optimise(Batch batch) {
        try (PointerScope scope = new PointerScope()) {
            Tensor cloth = onDevice(batch.cloth());
            TeacherCache.Targets cached = teacherCache == null ? null : teacherCache.targets(batch.personIds(), device);
            boolean arms = config.keepArms();
            StepInputs inputs = new StepInputs(onDevice(batch.agnostic()), cloth,
                cached == null ? otherCloth(cloth) : cached.otherCloth(), onDevice(batch.person()),
                onDevice(batch.wornCloth()), cached == null ? null : cached.teacherOutput(),
                arms ? onDevice(labelMask(batch.parse(), LipLabel.ARMS)) : null,
                arms ? onDevice(labelMask(batch.parse(), LipLabel.UPPER_CLOTH)) : null,
                arms ? otherCloth(onDevice(batch.clothMask())) : null);
            LossValues losses = LossValues.of(step.run(inputs));
            batchNormStatistics.average();
            if (cloth.size(0) == 1) {
                rememberCloth(cloth);
            }
            return meanOverRanks(losses);
        }
    }

    /**
     * c_b: the garments rolled by one sample; with one sample, the previous batch's garment (the person's own
     * on the first step of a run or a resume).
     */
    private Tensor otherCloth(Tensor cloth) {
        if (cloth.size(0) > 1) {
            return torch.roll(cloth, new long[] {1}, 0);
        }
        return previousCloth == null ? cloth : previousCloth;
    }

    /** Keeps a copy of this step's garment past its scope, for the next step; frees the one it replaces. */
    private void rememberCloth(Tensor cloth) {
        if (previousCloth != null) {
            previousCloth.releaseReference();
        }
        previousCloth = cloth.clone();
        previousCloth.retainReference();
    }

    private void writeGrid(int s) {
        generator.eval();
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor cloth = onDevice(gridSamples.cloth());
            StepInputs inputs = new StepInputs(onDevice(gridSamples.agnostic()), cloth,
                torch.roll(cloth, new long[] {1}, 0), onDevice(gridSamples.person()), onDevice(gridSamples.wornCloth()));
            SampleGrid.write(run.sample(s), step.sampleColumns(inputs));
        } finally {
            generator.train(true);
        }
    }

    /** 1 where the parsing (N, H, W) holds one of {@code labels}, float32 (N, 1, H, W). */
    private static Tensor labelMask(Tensor parse, Set<LipLabel> labels) {
        Tensor mask = torch.zeros_like(parse, new TensorOptions().dtype(new ScalarTypeOptional(ScalarType.Bool)), null);
        for (LipLabel label : labels) {
            mask = mask.logical_or(parse.eq(new Scalar(label.id)));
        }
        return mask.unsqueeze(1).to(ScalarType.Float);
    }

    private Tensor onDevice(Tensor t) {
        return t.to(device, ScalarType.Float);
    }

    /** Each loss's mean over the ranks (of equal batches: the global batch's mean); {@code losses} on one process. */
    private LossValues meanOverRanks(LossValues losses) {
        if (parallel.worldSize() == 1) {
            return losses;
        }
        LossTerm[] terms = LossTerm.values();
        double[] values = new double[terms.length];
        for (LossTerm term : terms) {
            values[term.ordinal()] = losses.get(term);
        }
        double[] sums = parallel.sum(values, "averaging the losses");
        return LossValues.of(term -> sums[term.ordinal()]).dividedBy(parallel.worldSize());
    }

    /** Sets both optimizers' rate for the step after {@code done} steps, from the config's schedule. */
    private void scheduleLearningRate(int done) {
        double rate = config.lrSchedule().at(config.adam().learningRate(), done, config.steps());
        try (PointerScope scope = new PointerScope()) {
            for (Adam optimizer : List.of(step.generatorOptimizer(), step.discriminatorOptimizer())) {
                for (long g = 0; g < optimizer.param_groups().size(); g++) {
                    optimizer.param_groups().get(g).options().set_lr(rate);
                }
            }
        }
    }

    private double learningRate() {
        try (PointerScope scope = new PointerScope()) {
            return step.generatorOptimizer().param_groups().get(0).options().get_lr();
        }
    }

    /** {@link #optimise}, stopping the run where a non-finite tensor would crash it or poison its weights. */
    private LossValues optimiseOrStop(Batch batch, int s) {
        try {
            return optimise(batch);
        } catch (NonFiniteException e) {
            throw diverged(s, e.getMessage());
        }
    }

    /**
     * Stops on the first parameter holding NaN or an infinity after the optimiser's step (a finite loss can still
     * come with broken weights, from a broken gradient or a broken native kernel), naming the tensor. One reduction
     * over all parameters; the names only when one is broken.
     */
    private void checkFiniteWeights(int s) {
        checkFiniteWeights(s, "generator", generator);
        checkFiniteWeights(s, "discriminator", discriminator);
    }

    private void checkFiniteWeights(int s, String what, org.bytedeco.pytorch.Module module) {
        String broken = firstNonFiniteWeight(module);
        if (broken != null) {
            throw diverged(s, "the " + what + "'s weight " + broken + " holds NaN or infinite values after the "
                + "optimiser's step");
        }
    }

    /** The name of the module's first parameter holding NaN or an infinity, or null when all are finite. */
    static String firstNonFiniteWeight(org.bytedeco.pytorch.Module module) {
        try (PointerScope scope = new PointerScope()) {
            StringTensorDict parameters = module.named_parameters(true);
            TensorVector flags = new TensorVector();
            for (long i = 0; i < parameters.size(); i++) {
                flags.push_back(torch.isfinite(parameters.get(i).value()).all());
            }
            if (flags.size() == 0 || torch.stack(flags).all().item_bool()) {
                return null;
            }
            for (long i = 0; i < parameters.size(); i++) {
                if (!flags.get(i).item_bool()) {
                    return parameters.get(i).key().getString();
                }
            }
            return null;
        }
    }

    private TrainingDiverged diverged(int s, String what) {
        var last = checkpoints.find(Checkpoints.Slot.LAST);
        return new TrainingDiverged("step " + s + ": " + what + "; training stopped. " + (last == null
            ? "No checkpoint was written yet." : "The last good checkpoint is kept in " + last + "."));
    }

    /** Stops on the first NaN or infinite value, before anything is saved from the broken weights. */
    private void checkFinite(int s, LossValues losses) {
        LossTerm broken = losses.firstNonFinite().orElse(null);
        if (broken != null) {
            throw diverged(s, "the " + broken.column() + " loss is " + losses.get(broken));
        }
    }

    private static void skip(Loader loader, int batches) {
        for (int i = 0; i < batches && loader.hasNext(); i++) {
            loader.next().close();
        }
    }

    /** The first {@link #GRID_SAMPLES} readable samples, at the training size, for the sample grids. */
    private List<Sample> firstGoodSamples() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < dataset.size() && samples.size() < GRID_SAMPLES; i++) {
            try {
                samples.add(dataset.get(i).resized(config.width(), config.height()));
            } catch (BadSampleException e) {
                LOG.debug("sample grid: skipping sample {}: {}", i, e.getMessage());
            }
        }
        if (samples.isEmpty()) {
            throw new UserError("the training data has no readable sample");
        }
        return samples;
    }

    @Override
    public void close() {
        gridSamples.close();
        if (teacher != null) {
            teacher.close();
        }
        if (previousCloth != null) {
            previousCloth.releaseReference();
        }
    }

    /** A loss became NaN or infinite. */
    public static final class TrainingDiverged extends UserError {
        public TrainingDiverged(String message) {
            super(message);
        }
    }
}
