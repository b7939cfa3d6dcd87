package wuton.train.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import wuton.common.UserError;

/**
 * Two Gloo ranks over loopback, each on its own thread with its own process group (the same code as two
 * processes, without the JVM start-ups): the averaging, the broadcast, the check and the timeout.
 */
class CollectivesTest {
    private static final Device CPU = new Device(torch.DeviceType.CPU);
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private final ExecutorService ranks = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        ranks.shutdownNow();
    }

    /** What one rank does, given its place in the run. */
    private interface RankBody<T> {
        T run(DataParallel parallel, Collectives group) throws Exception;
    }

    /** Runs {@code body} on ranks 0 and 1 of a fresh two-rank group; their results, by rank. */
    private <T> List<T> onTwoRanks(RankBody<T> body) throws Exception {
        int port = freePort();
        List<Future<T>> futures = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            int rank = r;
            futures.add(ranks.submit(() -> {
                try (Collectives group = Collectives.join(new Rendezvous(rank, 2, "127.0.0.1", port),
                    Collectives.Transport.GLOO, TIMEOUT)) {
                    return body.run(DataParallel.over(group, CPU), group);
                }
            }));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(30, TimeUnit.SECONDS));
        }
        return results;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Two layers and one left out of the forward pass; seeded per rank, so that the ranks start different. */
    private static final class Net extends Module {
        final LinearImpl a;
        final LinearImpl b;
        final LinearImpl unused;

        Net(long seed) {
            torch.manual_seed(seed);
            a = register_module("a", new LinearImpl(5, 4));
            b = register_module("b", new LinearImpl(4, 3));
            unused = register_module("unused", new LinearImpl(2, 2));
        }

        Tensor forward(Tensor x) {
            return b.forward(a.forward(x));
        }
    }

    @Test
    void gradientsAreAveragedBucketByBucketAndUnusedOnesStayUndefined() throws Exception {
        List<double[]> grads = onTwoRanks((parallel, group) -> {
            Net net = new Net(parallel.rank());
            parallel.broadcastFromRankZero(net);
            // a 64-byte cap puts a's weight (80 bytes) alone and splits the rest: several buckets per call
            Buckets buckets = Buckets.of(DataParallel.tensors(net.parameters()), 64);
            assertThat(buckets.count()).isGreaterThan(2);
            // the mean of the ranks' gradients is the gradient of the mean loss over both ranks' inputs at once:
            // computed first on this rank's (equal) copy as the reference
            Tensor mine = torch.ones(new long[] {2, 5}).mul(new Scalar(parallel.rank() + 1.0));
            Tensor both = torch.cat(new TensorVector(torch.ones(new long[] {2, 5}),
                torch.ones(new long[] {2, 5}).mul(new Scalar(2.0))));
            net.forward(both).sum().div(new Scalar(2.0)).backward();
            Tensor referenceA = net.a.weight().grad().clone();
            Tensor referenceB = net.b.bias().grad().clone();
            net.zero_grad(true);
            net.forward(mine).sum().backward();
            buckets.average(group, Tensor::grad, "test");
            assertThat(net.unused.weight().grad().defined()).isFalse();
            return new double[] {maxDiff(net.a.weight().grad(), referenceA),
                maxDiff(net.b.bias().grad(), referenceB), net.a.weight().grad().abs().sum().item_double()};
        });
        for (double[] g : grads) {
            assertThat(g[0]).isLessThan(1e-6);
            assertThat(g[1]).isLessThan(1e-6);
        }
        assertThat(grads.get(0)[2]).isEqualTo(grads.get(1)[2]).isPositive();
    }

    @Test
    void theCheckPassesOnEqualCopiesAndNamesADifference() throws Exception {
        List<String> outcomes = onTwoRanks((parallel, group) -> {
            Net net = new Net(parallel.rank());
            parallel.broadcastFromRankZero(net);
            parallel.requireInStep(1, net);
            if (parallel.rank() == 1) {
                try (NoGradGuard g = new NoGradGuard()) {
                    net.b.bias().add_(new Scalar(0.25));
                }
            }
            try {
                parallel.requireInStep(2, net);
                return "in step";
            } catch (DataParallel.RanksDiverged e) {
                return e.getMessage();
            }
        });
        // both ranks learn it: the spread is all-reduced
        assertThat(outcomes).allSatisfy(m -> assertThat(m).startsWith("step 2: the 2 ranks no longer hold")
            .contains("largest difference from rank 0: 0.25"));
    }

    @Test
    void sumsAreTheSameOnEveryRank() throws Exception {
        List<double[]> sums = onTwoRanks((parallel, group) -> parallel.sum(new double[] {parallel.rank(), 1.5}, "test"));
        assertThat(sums).allSatisfy(s -> assertThat(s).containsExactly(1.0, 3.0));
    }

    @Test
    void aRankThatStopsAnsweringFailsTheOtherWithinTheTimeout() throws Exception {
        List<String> outcomes = onTwoRanks((parallel, group) -> {
            if (parallel.rank() == 1) {
                // silent past rank 0's timeout, then gone
                Thread.sleep(TIMEOUT.toMillis() * 2);
                return "silent";
            }
            long start = System.nanoTime();
            try {
                parallel.sum(new double[] {1}, "summing the losses");
                return "answered";
            } catch (Collectives.PeerLost e) {
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(seconds).isLessThan(TIMEOUT.toSeconds() + 2.0);
                return e.getMessage();
            }
        });
        assertThat(outcomes.get(0)).startsWith("rank 0 of 2: summing the losses failed: another rank died or did not"
            + " answer within 3 s (").doesNotContain("\n");
    }

    @Test
    void badRendezvousSettingsAreOneLineErrors() {
        assertThatThrownBy(() -> new Rendezvous(2, 2, "h", 1)).isInstanceOf(UserError.class)
            .hasMessage("--rank 2: must be from 0 to 1 with --world-size 2");
        assertThatThrownBy(() -> new Rendezvous(0, 0, "h", 1)).hasMessage("--world-size 0: must be at least 1");
        assertThatThrownBy(() -> Rendezvous.from(0, 2, "host", Map.of())).hasMessage("--master host: expected HOST:PORT");
        assertThatThrownBy(() -> Rendezvous.from(0, 2, "host:99999", Map.of()))
            .hasMessage("--master host:99999: the port must be from 1 to 65535");
        assertThatThrownBy(() -> Rendezvous.from(1, null, null, Map.of())).isInstanceOf(UserError.class)
            .hasMessageContaining("missing: --world-size --master");
        assertThat(Rendezvous.from(null, null, null, Map.of())).isNull();
        assertThat(Rendezvous.from(null, null, null, Map.of("RANK", "1", "WORLD_SIZE", "3", "MASTER_ADDR", "10.0.0.2",
            "MASTER_PORT", "29500"))).isEqualTo(new Rendezvous(1, 3, "10.0.0.2", 29500));
    }

    private static double maxDiff(Tensor a, Tensor b) {
        return a.sub(b).abs().max().item_double();
    }
}
