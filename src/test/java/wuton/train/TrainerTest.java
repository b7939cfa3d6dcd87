package wuton.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.common.AtomicFiles;
import wuton.common.UserError;
import wuton.data.BadData;
import wuton.data.Batch;
import wuton.data.Dataset;
import wuton.data.Loader;
import wuton.data.Pairing;
import wuton.data.Split;
import wuton.model.Architecture;
import wuton.model.ModelConfig;
import wuton.model.ModelSize;
import wuton.model.Stage;
import wuton.model.Vgg19Features;
import wuton.model.Wuton;
import wuton.modelfile.TrainedModel;
import wuton.nn.SafeTensors;
import wuton.synth.SyntheticWorld;
import wuton.synth.WorldConfig;
import wuton.synth.WorldWriter;

class TrainerTest {
    private static final int H = 64;
    private static final int W = 48;
    private static final Device CPU = new Device(torch.DeviceType.CPU);
    /** The perceptual term is off: the full-width VGG19 would be most of each step's time on a CPU. */
    private static final LossWeights NO_PERCEPTUAL = LossWeights.builder().perceptual(0).build();

    @TempDir
    static Path shared;
    static Path world;

    @TempDir
    Path tmp;

    @BeforeAll
    static void writeWorld() {
        world = shared.resolve("world");
        WorldWriter writer = new WorldWriter(new SyntheticWorld(WorldConfig.builder(H, W).count(24)
            .look(WorldConfig.Look.STUDIO).build()), world);
        writer.prepare(false);
        writer.write(i -> { });
    }

    private static TrainConfig config(int steps, double learningRate, int logEvery, int checkpointEvery) {
        return TrainConfig.builder().model(ModelSize.TINY).height(H).width(W).batch(4).steps(steps)
            .adam(a -> a.learningRate(learningRate)).weights(NO_PERCEPTUAL).seed(7).logEvery(logEvery).sampleEvery(1000)
            .checkpointEvery(checkpointEvery).stage(Stage.TEACHER).architecture(Architecture.PAPER).build();
    }

    private static TrainConfig studentConfig(Path teacher, LossWeights weights, int steps) {
        return TrainConfig.builder().model(ModelSize.TINY).height(H).width(W).batch(4).steps(steps)
            .adam(a -> a.learningRate(1e-3)).weights(weights).seed(7).logEvery(steps).sampleEvery(1000)
            .checkpointEvery(1000).stage(Stage.STUDENT).architecture(Architecture.FAST).teacher(teacher.toString())
            .build();
    }

    @Test
    void theWeightCheckNamesTheFirstParameterHoldingNaNOrInfinity() {
        Wuton model = new Wuton(ModelConfig.of(ModelSize.TINY, H, W));
        assertThat(Trainer.firstNonFiniteWeight(model)).isNull();
        StringTensorDict parameters = model.named_parameters(true);
        for (long i = 0; i < parameters.size(); i++) {
            String name = parameters.get(i).key().getString();
            if (name.equals("unet.decoder_0.conv.weight") || name.equals("unet.to_image.conv.bias")) {
                try (NoGradGuard noGrad = new NoGradGuard()) {
                    parameters.get(i).value().view(-1).narrow(0, 1, 1)
                        .fill_(new Scalar(name.endsWith("bias") ? Double.NaN : Double.NEGATIVE_INFINITY));
                }
            }
        }
        assertThat(Trainer.firstNonFiniteWeight(model)).isEqualTo("unet.decoder_0.conv.weight");
        model.close();
    }

    @Test
    void aCosineScheduleLowersTheRateToATenthByTheLastStep() {
        TrainConfig c = config(5, 1e-3, 1, 1000);
        TrainConfig cosine = c.toBuilder().lrSchedule(LearningRateSchedule.COSINE).build();
        RunDirectory run = newRun(tmp.resolve("cosine"));
        try (Trainer trainer = trainer(cosine, run)) {
            trainer.train(false, new Trainer.Listener() { });
        }
        // each row logs the rate of the step just taken: 1e-3 at the first, 1e-4 at the fifth (the last)
        double[] expected = {1e-3, 1e-3 * (0.1 + 0.45 * (1 + Math.cos(Math.PI / 4))), 0.55e-3,
            1e-3 * (0.1 + 0.45 * (1 + Math.cos(3 * Math.PI / 4))), 1e-4};
        List<MetricsLog.Row> rows = MetricsLog.read(run.metrics());
        assertThat(rows).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(rows.get(i).learningRate()).isCloseTo(expected[i], offset(1e-8));
        }
    }

    /** Trains as {@code wuton train} does, config.json included (a student reads its teacher's). */
    private static List<LossValues> trainToTheEnd(TrainConfig config, RunDirectory run) {
        return trainToTheEnd(config, run, (done, total) -> { });
    }

    private static List<LossValues> trainToTheEnd(TrainConfig config, RunDirectory run, TeacherCache.Progress caching) {
        AtomicFiles.write(run.config(), config.toJson());
        List<LossValues> losses = new ArrayList<>();
        try (Trainer trainer = trainer(config, run)) {
            trainer.train(false, new Trainer.Listener() {
                @Override
                public void stepped(int step, LossValues values) {
                    losses.add(values);
                }

                @Override
                public void caching(int done, int total) {
                    caching.built(done, total);
                }
            });
        }
        return losses;
    }

    private static Trainer trainer(TrainConfig config, RunDirectory run) {
        Dataset data = Dataset.open(world, Split.TRAIN, Pairing.PAIRED, config.seed());
        return new Trainer(config, data, run, Vgg19Features.seededRandom(), CPU, 1, BadData.DEFAULT_MAX_FRACTION);
    }

    private static RunDirectory newRun(Path dir) {
        RunDirectory run = new RunDirectory(dir);
        run.createForNewRun(false);
        return run;
    }

    @Tag("learning")
    @Test
    void theTinyTeacherLearnsToReconstructAndToWarp() {
        List<LossValues> losses = new ArrayList<>();
        RunDirectory run = newRun(tmp.resolve("run"));
        try (Trainer trainer = trainer(config(200, 1e-3, 50, 1000), run)) {
            Trainer.Outcome outcome = trainer.train(false, new Trainer.Listener() {
                @Override
                public void stepped(int step, LossValues values) {
                    losses.add(values);
                }
            });
            assertThat(outcome).isEqualTo(Trainer.Outcome.COMPLETED);
        }
        assertThat(losses).hasSize(200);
        for (LossTerm term : List.of(LossTerm.L1, LossTerm.WARP)) {
            double first = mean(losses.subList(0, 20), term);
            double last = mean(losses.subList(180, 200), term);
            assertThat(last).as(term.column() + " first %.4f last %.4f", first, last).isLessThan(0.6 * first);
        }
        // theta starts at exactly zero (identity warp); the warp loss moves it
        assertThat(losses.get(0).get(LossTerm.THETA)).isZero();
        assertThat(mean(losses.subList(180, 200), LossTerm.THETA)).isGreaterThan(0.01);
        assertThat(MetricsLog.read(run.metrics())).extracting(MetricsLog.Row::step).containsExactly(50, 100, 150, 200);
        assertThat(run.sample(200)).exists();
        assertThat(run.lossChart()).exists();
        assertThat(run.checkpoints().resolve("best").resolve(Checkpoints.GENERATOR)).exists();
    }

    @Test
    void aStoppedRunResumesAtItsStepAndContinuesTheMetrics() throws Exception {
        RunDirectory run = newRun(tmp.resolve("run"));
        TrainConfig config = config(20, 1e-4, 5, 10);
        try (Trainer trainer = trainer(config, run)) {
            // as Ctrl-C does, from another thread in the command: a stop request after step 13
            Trainer.Outcome outcome = trainer.train(false, new Trainer.Listener() {
                @Override
                public void stepped(int step, LossValues values) {
                    if (step == 13) {
                        trainer.requestStop();
                    }
                }
            });
            assertThat(outcome).isEqualTo(Trainer.Outcome.STOPPED);
        }
        Path lastState = run.checkpoints().resolve("last").resolve(Checkpoints.STATE);
        assertThat(Files.readString(lastState)).contains("\"step\" : 13");

        int[] firstStep = {-1};
        try (Trainer trainer = trainer(config, run)) {
            Trainer.Outcome outcome = trainer.train(true, new Trainer.Listener() {
                @Override
                public void started(TrainingState state) {
                    firstStep[0] = state.step();
                }
            });
            assertThat(outcome).isEqualTo(Trainer.Outcome.COMPLETED);
        }
        assertThat(firstStep[0]).isEqualTo(13);
        assertThat(Files.readString(lastState)).contains("\"step\" : 20");
        assertThat(MetricsLog.read(run.metrics())).extracting(MetricsLog.Row::step).containsExactly(5, 10, 15, 20);
        // 22 training people give 5 full batches of 4 per epoch: step 20 is the last batch of epoch 3
        assertThat(Files.readString(lastState)).contains("\"epoch\" : 3").contains("\"batchesInEpoch\" : 5");

        // and the resumed run ends where an uninterrupted one does: same batches, same Adam state
        RunDirectory straight = newRun(tmp.resolve("straight"));
        try (Trainer trainer = trainer(config, straight)) {
            trainer.train(false, new Trainer.Listener() { });
        }
        assertThat(maxDifference(run, straight)).isLessThan(1e-5);
    }

    /** Largest absolute difference between the last generators of two runs. */
    private static double maxDifference(RunDirectory a, RunDirectory b) {
        Path name = Path.of("last", Checkpoints.GENERATOR);
        var left = SafeTensors.read(a.checkpoints().resolve(name)).tensors();
        var right = SafeTensors.read(b.checkpoints().resolve(name)).tensors();
        assertThat(left.keySet()).isEqualTo(right.keySet());
        double max = 0;
        for (String key : left.keySet()) {
            max = Math.max(max, left.get(key).to(torch.ScalarType.Double).sub(right.get(key).to(torch.ScalarType.Double))
                .abs().max().item_double());
        }
        return max;
    }

    @Tag("learning")
    @Test
    void aFastStudentLearnsTheTeachersWarpAndImageFromTheUnmaskedPerson() {
        RunDirectory teacher = newRun(tmp.resolve("teacher"));
        trainToTheEnd(config(60, 1e-3, 60, 1000), teacher);
        RunDirectory student = newRun(tmp.resolve("student"));
        List<LossValues> losses = trainToTheEnd(studentConfig(teacher.root(), NO_PERCEPTUAL, 150), student);
        assertThat(losses).hasSize(150);
        for (LossTerm term : List.of(LossTerm.L1, LossTerm.WARP)) {
            double first = mean(losses.subList(0, 15), term);
            double last = mean(losses.subList(135, 150), term);
            assertThat(last).as(term.column() + " first %.4f last %.4f", first, last).isLessThan(0.6 * first);
        }
        assertThat(mean(losses.subList(135, 150), LossTerm.DISCRIMINATOR)).isGreaterThan(0.0);
        assertThat(student.sample(150)).exists();
        try (TrainedModel model = TrainedModel.load(student.root(), CPU)) {
            assertThat(model.stage()).isEqualTo(Stage.STUDENT);
            assertThat(model.config().architecture()).isEqualTo(Architecture.FAST);
        }
    }

    @Test
    void theReconstructionTermIsLoggedOnlyWhenItHasAWeight() throws Exception {
        RunDirectory teacher = newRun(tmp.resolve("teacher"));
        trainToTheEnd(config(4, 1e-3, 4, 1000), teacher);
        LossWeights reconstructing = NO_PERCEPTUAL.toBuilder().reconstruction(1).build();
        List<LossValues> with = trainToTheEnd(studentConfig(teacher.root(), reconstructing, 3),
            newRun(tmp.resolve("with")));
        List<LossValues> without = trainToTheEnd(studentConfig(teacher.root(), NO_PERCEPTUAL, 3),
            newRun(tmp.resolve("without")));
        // an untrained student's output for (p_a, c_a) is far from p_a; without the weight nothing is computed
        assertThat(with).allSatisfy(v -> assertThat(v.get(LossTerm.RECONSTRUCTION)).isGreaterThan(0.01));
        assertThat(without).allSatisfy(v -> assertThat(v.get(LossTerm.RECONSTRUCTION)).isZero());
    }

    @Test
    void withoutTheAdversarialTermTheDiscriminatorIsNeverTrained() throws Exception {
        RunDirectory teacher = newRun(tmp.resolve("teacher"));
        trainToTheEnd(config(4, 1e-3, 4, 1000), teacher);
        RunDirectory student = newRun(tmp.resolve("student"));
        LossWeights plain = NO_PERCEPTUAL.toBuilder().adversarial(0).build();
        List<LossValues> losses = trainToTheEnd(studentConfig(teacher.root(), plain, 4), student);
        assertThat(losses).allSatisfy(v -> {
            assertThat(v.get(LossTerm.DISCRIMINATOR)).isZero();
            assertThat(v.get(LossTerm.ADVERSARIAL)).isZero();
        });
    }

    @Test
    void aStudentNeedsATeacherAtItsOwnSize() {
        RunDirectory teacher = newRun(tmp.resolve("teacher"));
        trainToTheEnd(config(4, 1e-3, 4, 1000), teacher);
        TrainConfig wrongSize = TrainConfig.builder().model(ModelSize.TINY).height(128).width(96).batch(4).steps(4)
            .weights(NO_PERCEPTUAL).seed(7).logEvery(4).sampleEvery(1000).checkpointEvery(1000).stage(Stage.STUDENT)
            .architecture(Architecture.FAST).teacher(teacher.root().toString()).build();
        assertThatThrownBy(() -> trainer(wrongSize, newRun(tmp.resolve("s"))))
            .isInstanceOf(UserError.class).hasMessageContaining("64x48");
    }

    @Test
    void aTeacherCacheHoldsWhatTheTeacherGivesAndIsReusedByTheNextStudent() throws Exception {
        RunDirectory teacherRun = newRun(tmp.resolve("teacher"));
        trainToTheEnd(config(4, 1e-3, 4, 1000), teacherRun);
        Path cacheFolder = tmp.resolve("cache");
        TrainConfig cached = withCache(studentConfig(teacherRun.root(), NO_PERCEPTUAL, 4), cacheFolder);
        List<int[]> progress = new ArrayList<>();
        trainToTheEnd(cached, newRun(tmp.resolve("s1")), (done, total) -> progress.add(new int[] {done, total}));
        Dataset data = Dataset.open(world, Split.TRAIN, Pairing.PAIRED, 7);
        assertThat(progress).isNotEmpty().last().satisfies(p -> assertThat(p).containsExactly(data.size(), data.size()));
        assertThat(cacheFolder.resolve(TeacherCache.MANIFEST)).exists();
        Path someEntry;
        try (var entries = Files.list(cacheFolder)) {
            List<Path> files = entries.filter(f -> f.toString().endsWith(".safetensors")).toList();
            assertThat(files).hasSize(data.size());
            someEntry = files.get(0);
        }

        // the cached targets of a person are the teacher's outputs on (p*, c_b), to float16 precision
        try (TrainedModel teacher = TrainedModel.load(teacherRun.root(), CPU);
             PointerScope scope = new PointerScope()) {
            TeacherCache cache = TeacherCache.prepare(cacheFolder, teacher, data,
                Loader.Options.builder(W, H, 4).workers(1).shuffled(7).maxBad(0.05).build());
            String id = someEntry.getFileName().toString().replace(".safetensors", "");
            int index = IntStream.range(0, data.size()).filter(i -> data.files(i).personId().equals(id))
                .findFirst().orElseThrow();
            TeacherCache.Targets targets = cache.targets(List.of(id), CPU);
            Wuton.Output direct = teacher.forward(Batch.of(List.of(data.get(index))).agnostic(), targets.otherCloth());
            assertThat(maxAbs(targets.teacherOutput().image(), direct.image())).isLessThan(0.01);
            assertThat(maxAbs(targets.teacherOutput().theta(), direct.theta())).isLessThan(0.002);
            assertThat(maxAbs(targets.teacherOutput().warpedCloth(), direct.warpedCloth())).isLessThan(0.02);
        }

        // a second student of the same teacher reads the cache without rebuilding it
        long modified = Files.getLastModifiedTime(someEntry).toMillis();
        progress.clear();
        List<LossValues> losses = trainToTheEnd(cached, newRun(tmp.resolve("s2")), (done, total) -> progress.add(new int[] {done}));
        assertThat(progress).isEmpty();
        assertThat(losses).hasSize(4);
        assertThat(Files.getLastModifiedTime(someEntry).toMillis()).isEqualTo(modified);

        // another teacher may not use it
        RunDirectory otherTeacher = newRun(tmp.resolve("teacher2"));
        trainToTheEnd(config(5, 1e-3, 5, 1000), otherTeacher);
        TrainConfig foreign = withCache(studentConfig(otherTeacher.root(), NO_PERCEPTUAL, 4), cacheFolder);
        assertThatThrownBy(() -> trainer(foreign, newRun(tmp.resolve("s3"))))
            .isInstanceOf(UserError.class).hasMessageContaining(cacheFolder.toString()).hasMessageContaining("another teacher");
    }

    @Test
    void aStopDuringTheCacheBuildKeepsItsEntriesAndTheResumeFinishesIt() throws Exception {
        RunDirectory teacherRun = newRun(tmp.resolve("teacher"));
        trainToTheEnd(config(4, 1e-3, 4, 1000), teacherRun);
        Path cacheFolder = tmp.resolve("cache");
        TrainConfig cached = withCache(studentConfig(teacherRun.root(), NO_PERCEPTUAL, 4), cacheFolder);
        RunDirectory run = newRun(tmp.resolve("student"));
        AtomicFiles.write(run.config(), cached.toJson());
        try (Trainer trainer = trainer(cached, run)) {
            // as Ctrl-C does, after the first batch of the build
            Trainer.Outcome outcome = trainer.train(false, new Trainer.Listener() {
                @Override
                public void caching(int done, int total) {
                    trainer.requestStop();
                }
            });
            assertThat(outcome).isEqualTo(Trainer.Outcome.STOPPED);
        }
        assertThat(cacheFolder.resolve(TeacherCache.MANIFEST)).doesNotExist();
        try (var entries = Files.list(cacheFolder)) {
            assertThat(entries.filter(f -> f.toString().endsWith(".safetensors")).count()).isEqualTo(4);
        }

        List<Integer> resumedFrom = new ArrayList<>();
        try (Trainer trainer = trainer(cached, run)) {
            assertThat(trainer.train(true, new Trainer.Listener() {
                @Override
                public void caching(int done, int total) {
                    resumedFrom.add(done);
                }
            })).isEqualTo(Trainer.Outcome.COMPLETED);
        }
        assertThat(resumedFrom).isNotEmpty();
        assertThat(cacheFolder.resolve(TeacherCache.MANIFEST)).exists();
        assertThat(cacheFolder.resolve("building.json")).doesNotExist();
        assertThat(Files.readString(run.checkpoints().resolve("last").resolve(Checkpoints.STATE))).contains("\"step\" : 4");
    }

    private static TrainConfig withCache(TrainConfig c, Path folder) {
        return c.toBuilder().teacherCache(folder.toString()).build();
    }

    private static double maxAbs(Tensor a, Tensor b) {
        return a.sub(b).abs().max().item_double();
    }

    private static double mean(List<LossValues> rows, LossTerm term) {
        return rows.stream().mapToDouble(r -> r.get(term)).average().orElseThrow();
    }
}
