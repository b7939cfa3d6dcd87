package wuton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import wuton.model.Wuton;
import wuton.nn.SafeTensors;
import wuton.train.TrainConfig;
import wuton.train.distributed.DataParallel;

/**
 * {@code train --nproc 2}: two child JVMs, Gloo over loopback, against one process on the union of their shards at
 * the doubled batch.
 *
 * <p>Why only the U-Net is held to the one-process run, and only after the first step: the matcher's batch norm
 * normalises each rank's batch with that batch's own statistics, so from the first step the two runs compute
 * different matcher gradients, and Adam, whose first steps move each weight by about the learning rate in the
 * direction of its gradient's sign, turns small gradient differences into whole-step differences. Measured here
 * (relative L2 distance of the weights from the one-process run's, over the length of its update): after one step
 * the matcher's {@code to_theta} differs by 0.83 (BN), the U-Net by 5.7e-4 (rounding in where the batch mean is
 * taken, damped by Adam's epsilon where a gradient is near zero); training one rank alone on its shard instead
 * moves the U-Net 0.88 away. The U-Net sees the batch norm only through theta, which is exactly 0 at the first
 * step (the matcher's last layer starts at zero), and the adversarial weight is 0 here: the relativistic loss
 * compares each sample with its batch's mean, another per-rank statistic (with weight 0.1 the U-Net differs by
 * 0.15 after one step). The tolerance, 1e-2, is 17 times the measured difference and 88 times smaller than the
 * one-rank-alone error.
 */
@Tag("learning")
class DataParallelTrainTest {
    /** Relative L2 distance of the U-Net's weights from the one-process run's after one step; measured 5.7e-4. */
    private static final double UNET_TOLERANCE = 1e-2;
    private static final int SEED = 3;
    private static final int TIMEOUT_SECONDS = 20;

    @TempDir
    static Path shared;
    static Path world;
    static Path config;

    @TempDir
    Path tmp;

    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void writeWorld() throws Exception {
        world = shared.resolve("world");
        assertThat(Main.run("synth", "--out", world.toString(), "--count", "24", "--size", "64x48",
            "--look", "studio")).isZero();
        config = shared.resolve("fast.json");
        Files.writeString(config, "{\"weights\": {\"perceptual\": 0, \"adversarial\": 0}, \"adam\": {\"learningRate\": 0.001}}");
    }

    /** A new run of the test's config, with {@code more} options. */
    private int train(Path out, int batch, int steps, String... more) {
        List<String> args = new ArrayList<>(List.of("--batch", "" + batch, "--seed", "" + SEED, "--config",
            config.toString()));
        args.addAll(Arrays.asList(more));
        return run(out, steps, args.toArray(String[]::new));
    }

    /** {@code train} into {@code out} to step {@code steps}, logging and saving at every step. */
    private int run(Path out, int steps, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--stage", "teacher", "--data", world.toString(), "--out",
            out.toString(), "--model", "tiny", "--size", "64x48", "--steps", "" + steps, "--log-every", "1",
            "--checkpoint-every", "1", "--workers", "1", "--dist-timeout", "" + TIMEOUT_SECONDS));
        args.addAll(Arrays.asList(more));
        return Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args.toArray(String[]::new));
    }

    @Test
    void twoRanksTrainAsOneProcessOnTheUnionOfTheirShardsAtTheDoubledBatch() throws Exception {
        Path union = tmp.resolve("union");
        Path alone = tmp.resolve("alone");
        Path ranks = tmp.resolve("ranks");
        assertThat(train(union, 4, 1)).as(err.toString()).isZero();
        assertThat(train(alone, 2, 1)).as(err.toString()).isZero();
        assertThat(train(ranks, 2, 1, "--nproc", "2")).as(err.toString()).isZero();

        // the first step's losses are the means over the global batch: the same four samples as one process's
        List<String> one = columns(union, 1);
        assertThat(columns(ranks, 1)).containsExactlyElementsOf(one);
        assertThat(columns(alone, 1)).isNotEqualTo(one);
        Map<String, Tensor> init = initialWeights(union);
        double error = unetDistance(ranks, union, init);
        assertThat(error).isLessThan(UNET_TOLERANCE);
        // the tolerance tells a wrong computation apart: one rank alone on its shard
        assertThat(unetDistance(alone, union, init)).isGreaterThan(10 * UNET_TOLERANCE);

        // both ranks resume from rank 0's checkpoint, and at every checkpoint they hold the same weights, bit for bit
        // (a difference stops the run with an error); rank 0 alone wrote the folder
        assertThat(run(ranks, 3, "--nproc", "2", "--resume")).as(err.toString()).isZero();
        assertThat(err.toString()).contains("step 2: the 2 ranks hold the same weights, bit for bit")
            .contains("step 3: the 2 ranks hold the same weights, bit for bit");
        assertThat(Files.readAllLines(ranks.resolve("metrics.csv"))).hasSize(4);
        assertThat(Files.readString(ranks.resolve("provenance.json")).replaceAll("\\s", "")).contains("\"ranks\":2");
    }

    @Test
    void aWorldOfOneRankTrainsAsOneProcessBitForBit() throws Exception {
        Path alone = tmp.resolve("one-process");
        Path world = tmp.resolve("world-of-one");
        assertThat(train(alone, 2, 2)).as(err.toString()).isZero();
        // in this JVM: rank 0 of 1 serves its own store and joins a Gloo group of one
        Logger logger = (Logger) LoggerFactory.getLogger(DataParallel.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            assertThat(train(world, 2, 2, "--rank", "0", "--world-size", "1", "--master", "127.0.0.1:" + freePort()))
                .as(err.toString()).isZero();
        } finally {
            logger.detachAppender(log);
        }
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
            .contains("step 2: the one rank's weights went through the group unchanged, bit for bit");
        // the group's gradient buckets, broadcast and loss sums change nothing when there is no one to share with
        Map<String, Tensor> want = lastGenerator(alone);
        Map<String, Tensor> got = lastGenerator(world);
        assertThat(got.keySet()).isEqualTo(want.keySet());
        for (String name : want.keySet()) {
            assertThat(torch.equal(got.get(name), want.get(name))).as(name).isTrue();
        }
        assertThat(columns(world, 2)).containsExactlyElementsOf(columns(alone, 2));
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aKilledRankMakesTheOtherFailWithAClearErrorRatherThanHang() throws Exception {
        Path out = tmp.resolve("killed");
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> train(out, 2, 100_000, "--nproc", "2"));
        Path metrics = out.resolve("metrics.csv");
        // rank 0 logs every step: once it has, both ranks are training
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(metrics) && Files.readAllLines(metrics).size() > 1) && System.nanoTime() < deadline) {
            assertThat(run).isNotDone();
            Thread.sleep(100);
        }
        ProcessHandle rankOne = ProcessHandle.current().descendants().filter(p -> isLocalRank(p, 1)).findFirst()
            .orElseThrow();
        long killed = System.nanoTime();
        rankOne.destroyForcibly();
        int status = run.get(TIMEOUT_SECONDS + 30, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - killed) / 1e9;
        assertThat(status).isEqualTo(Main.EXIT_USER_ERROR);
        // rank 0 noticed the closed connection at once, not at its timeout
        assertThat(seconds).isLessThan(TIMEOUT_SECONDS);
        assertThat(err.toString()).contains("rank 0 of 2: ")
            .contains(" failed: another rank died or did not answer within " + TIMEOUT_SECONDS + " s (")
            .contains("train: rank 1 of 2 was killed (signal 9); the run stopped (its checkpoints are kept)");
    }

    /**
     * Whether {@code process} is the launcher's rank {@code rank}, by the {@code LOCAL_RANK} it was given (Linux:
     * its command line, which would also say, is cut short by a long class path).
     */
    private static boolean isLocalRank(ProcessHandle process, int rank) {
        try {
            String environment = Files.readString(Path.of("/proc", Long.toString(process.pid()), "environ"));
            return Arrays.asList(environment.split("\0")).contains("LOCAL_RANK=" + rank);
        } catch (java.io.IOException gone) {
            return false;
        }
    }

    /** Step, epoch and the loss columns of a metrics row (not the speed and memory, which vary). */
    private static List<String> columns(Path run, int row) throws Exception {
        String[] fields = Files.readAllLines(run.resolve("metrics.csv")).get(row).split(",");
        return List.of(fields).subList(0, fields.length - 2);
    }

    /** The generator as the runs start it: seeded with the config's seed, as {@code Trainer} does. */
    private Map<String, Tensor> initialWeights(Path run) {
        Path file = tmp.resolve("init.safetensors");
        torch.manual_seed(SEED);
        SafeTensors.save(new Wuton(TrainConfig.read(run.resolve("config.json")).modelConfig()), file,
            SafeTensors.DType.F32, Map.of());
        return SafeTensors.read(file).tensors();
    }

    /**
     * |a - b| / |b - init| over the U-Net's parameters: how far run {@code a}'s weights are from run {@code b}'s,
     * as a fraction of the update {@code b} made.
     */
    private static double unetDistance(Path a, Path b, Map<String, Tensor> init) {
        Map<String, Tensor> x = lastGenerator(a);
        Map<String, Tensor> y = lastGenerator(b);
        double difference = 0;
        double update = 0;
        Scalar two = new Scalar(2.0);
        for (String name : y.keySet()) {
            if (!name.startsWith("unet.")) {
                continue;
            }
            Tensor bw = y.get(name).to(torch.ScalarType.Double);
            difference += x.get(name).to(torch.ScalarType.Double).sub(bw).pow(two).sum().item_double();
            update += bw.sub(init.get(name).to(torch.ScalarType.Double)).pow(two).sum().item_double();
        }
        return Math.sqrt(difference / update);
    }

    private static Map<String, Tensor> lastGenerator(Path run) {
        return SafeTensors.read(run.resolve("checkpoints/last/generator.safetensors")).tensors();
    }
}
