package wuton.modelfile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BinaryOperator;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Tensor;
import wuton.nn.CudaGraph;

/**
 * An inference pass (person, garment) -> image replayed from CUDA graphs: one graph per input shape, recorded the
 * first time that shape comes, all of them drawing their memory from one pool (they run in turn, never at once).
 * Each call copies its inputs into the graph's own input tensors, replays the graph and gives back a copy of its
 * output, so what the caller holds is never overwritten by a later call.
 *
 * <p>A shape's first call costs its warm-up passes, the capture and a first replay checked against the last
 * warm-up's output (about five passes); later calls cost one launch instead of one per kernel, which is what bounds
 * a small batch on a GPU. Memory: each graph keeps its
 * inputs and output; the activations of all of them share the pool, about as much as the largest batch's.
 *
 * <p>Not thread-safe, as the model it runs.
 */
final class GraphedForward implements AutoCloseable {
    /** Passes before the capture: cuDNN's algorithm search, cuBLAS's workspace, the TPS basis, as PyTorch does. */
    static final int WARMUPS = 3;
    /**
     * How far the first replay may be from the eager pass, in output units ([-1, 1], 0.1 = 13 levels of 255): loose
     * enough for bf16's rounding in reductions run in another order, far below what replaying the wrong memory gives.
     */
    static final double REPLAY_TOLERANCE = 0.1;

    private final Device device;
    private final BinaryOperator<Tensor> forward;
    private final CudaGraph.MemoryPool pool = new CudaGraph.MemoryPool();
    private final Map<List<Long>, Recording> recordings = new HashMap<>();

    /**
     * @param forward the pass to record, on tensors of {@code device}; it must not read values back to the host
     */
    GraphedForward(Device device, BinaryOperator<Tensor> forward) {
        this.device = device;
        this.forward = Objects.requireNonNull(forward);
    }

    /**
     * @param person (N, 3, H, W) on the device, in the layout and type every call of this shape uses
     * @param cloth (N, 3, H, W)
     * @return the pass's output for these inputs, a tensor of the caller's own
     */
    Tensor apply(Tensor person, Tensor cloth) {
        Recording r = recordings.computeIfAbsent(key(person, cloth), k -> record(person, cloth));
        r.person.copy_(person);
        r.cloth.copy_(cloth);
        r.graph.replay();
        return r.output.clone();
    }

    private Recording record(Tensor person, Tensor cloth) {
        // its own scope: the recorded pass's intermediates go back to the pool as soon as the capture ends, for
        // the next shape's capture to take again
        try (PointerScope scope = new PointerScope()) {
            // the graph's own inputs: same shape, type and layout (clone keeps the memory format); normal tensors
            // even when recorded under inference mode, so that a later call outside it may still copy into them
            Tensor staticPerson;
            Tensor staticCloth;
            try (InferenceMode normal = new InferenceMode(false)) {
                staticPerson = keep(person.clone());
                staticCloth = keep(cloth.clone());
            }
            Tensor[] eager = new Tensor[1];
            Tensor[] output = new Tensor[1];
            int[] runs = {0};
            CudaGraph graph = null;
            try {
                graph = CudaGraph.capture(device, pool, WARMUPS, () -> {
                    // kept past this scope: the last warm-up's output, what the graph must give again, and the
                    // capture's, the tensor the graph writes
                    Tensor out = keep(forward.apply(staticPerson, staticCloth));
                    if (++runs[0] <= WARMUPS) {
                        if (eager[0] != null) {
                            eager[0].close();
                        }
                        eager[0] = out;
                    } else {
                        output[0] = out;
                    }
                });
                graph.replay();
                requireSame(output[0], eager[0]);
                return new Recording(graph, staticPerson, staticCloth, output[0]);
            } catch (RuntimeException | Error e) {
                if (graph != null) {
                    graph.close();
                }
                staticPerson.close();
                staticCloth.close();
                if (output[0] != null) {
                    output[0].close();
                }
                throw e;
            } finally {
                if (eager[0] != null) {
                    eager[0].close();
                }
            }
        }
    }

    /**
     * The graph's first replay against the eager pass on the same inputs: the same kernels, so the same output up to
     * the order of a few reductions; a graph that replays the wrong memory gives something else altogether.
     */
    private static void requireSame(Tensor replayed, Tensor eager) {
        double worst = replayed.sub(eager).abs().max().item_double();
        if (!(worst <= REPLAY_TOLERANCE)) {
            throw new IllegalStateException("CUDA graph: its first replay differs from the eager pass on the same"
                + " inputs by up to " + worst + " (more than " + REPLAY_TOLERANCE + "): run without --cuda-graphs");
        }
    }

    private static Tensor keep(Tensor t) {
        t.retainReference();
        return t;
    }

    private static List<Long> key(Tensor person, Tensor cloth) {
        List<Long> key = new ArrayList<>();
        for (Tensor t : new Tensor[] {person, cloth}) {
            Arrays.stream(t.sizes().vec().get()).forEach(key::add);
        }
        return key;
    }

    @Override
    public void close() {
        for (Recording r : recordings.values()) {
            r.graph.close();
            r.person.close();
            r.cloth.close();
            r.output.close();
        }
        recordings.clear();
    }

    private record Recording(CudaGraph graph, Tensor person, Tensor cloth, Tensor output) {
    }
}
