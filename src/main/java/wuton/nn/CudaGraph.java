package wuton.nn;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.bytedeco.cuda.cudart.CUgraphExec_st;
import org.bytedeco.cuda.cudart.CUgraphNode_st;
import org.bytedeco.cuda.cudart.CUgraph_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.cuda.CUDAAllocator;
import org.bytedeco.pytorch.cuda.CUDAStream;
import org.bytedeco.pytorch.cuda.CUDAStreamGuard;
import org.bytedeco.pytorch.cuda.DeviceAssertionsDataVectorCUDAKernelLaunchInfoVectorPair;
import org.bytedeco.pytorch.cuda.StreamFilter;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch_cuda;
import wuton.common.UserError;

/**
 * A piece of libtorch work on a CUDA device recorded once as a CUDA graph and replayed with one launch: what
 * PyTorch's {@code torch.cuda.CUDAGraph} does. The work's kernels are launched again on the same memory, so its
 * inputs are tensors the caller fills before each {@link #replay()} and its outputs tensors it reads after; both
 * must be allocated before the capture (inputs) or during it (outputs) and kept alive as long as the graph. So must
 * every other tensor the work reads (the weights): moving one, or changing its layout, makes a replay read memory
 * that is no longer its.
 *
 * <p>The JavaCPP presets of libtorch bind no {@code at::cuda::CUDAGraph}, so this class does what its
 * {@code capture_begin}, {@code capture_end}, {@code replay} and {@code reset} do, from parts that are bound:
 * <ol>
 *   <li>the capture runs on a side stream from libtorch's pool (CUDA cannot capture the legacy default stream), the
 *       same one for every capture into one {@link MemoryPool};</li>
 *   <li>libtorch's caching allocator is told to serve the capture's allocations on that stream from a private pool
 *       ({@code beginAllocateToPool}), so that memory the graph reads and writes is never handed to other tensors
 *       between replays;</li>
 *   <li>{@code cudaStreamBeginCapture} / {@code cudaStreamEndCapture} and {@code cudaGraphInstantiate} from
 *       JavaCPP's CUDA runtime presets ({@code org.bytedeco:cuda}, the natives of {@code -Pcuda});</li>
 *   <li>closing destroys the instantiated graph and gives up its use of the pool ({@code releasePool}).</li>
 * </ol>
 *
 * <p>What the work may not do, as in PyTorch: synchronise with the host (read a value with {@code item}, copy to
 * the CPU), or meet a shape for the first time (cuDNN's benchmark mode searches algorithms then, which a capture
 * cannot hold): run it once or more on the same stream first, which {@link #capture} does ({@code warmups}).
 *
 * <p>Not thread-safe: one capture into a pool at a time. The capture is in thread-local mode, so other threads may
 * keep using CUDA meanwhile.
 */
public final class CudaGraph implements AutoCloseable {
    private final byte deviceIndex;
    private final MemoryPool pool;
    /** The pool's id when this graph was captured: the one its release must name. */
    private final long poolId;
    private CUgraphExec_st executable;

    private CudaGraph(byte deviceIndex, MemoryPool pool, long poolId, CUgraphExec_st executable) {
        this.deviceIndex = deviceIndex;
        this.pool = pool;
        this.poolId = poolId;
        this.executable = executable;
    }

    /**
     * A private pool of libtorch's caching allocator and the one stream its captures run on, for the memory of one
     * graph or of several that are never replayed at the same time (the graphs of one model at several batch sizes,
     * replayed in turn on one stream): what one capture frees, a later capture into the same pool may take again,
     * since the allocator gives a freed block again only on the stream that allocated it.
     */
    public static final class MemoryPool {
        /**
         * Ids {@code {first, 0}} as libtorch's own graph pools, counted from far above the counter libtorch starts
         * at 1 for the pools of PyTorch-side graphs, so the two never meet in one process.
         */
        private static final AtomicLong IDS = new AtomicLong(1L << 48);

        private long id;
        /** Graphs that use the pool: libtorch's own count, kept here to know when the id must change. */
        private int uses;
        private CUDAStream stream;

        /**
         * The capture stream, taken from libtorch's pool at the first capture and kept: the CUDA stream itself is
         * libtorch's and lives as long as the process.
         */
        private synchronized CUDAStream stream(byte deviceIndex) {
            if (stream == null) {
                stream = torch_cuda.getStreamFromPool(false, deviceIndex);
                // past the caller's PointerScope, which would free the Java object's native copy
                stream.retainReference();
            } else if (stream.device_index() != deviceIndex) {
                throw new IllegalStateException("a memory pool of GPU " + stream.device_index() + " asked for on GPU "
                    + deviceIndex);
            }
            return stream;
        }

        /**
         * One use more, before a capture. A pool whose uses fell to 0 is released in libtorch and cannot be taken
         * again under its id (libtorch asserts that a pool it still lists is in use): it gets a new one.
         */
        private synchronized long acquire() {
            if (uses == 0) {
                id = IDS.incrementAndGet();
            }
            uses++;
            return id;
        }

        /** One use less, after {@code releasePool}. */
        private synchronized void release() {
            uses--;
        }
    }

    /**
     * Runs {@code work} {@code warmups} times on the pool's stream, then records it once more as a graph.
     *
     * @param device a CUDA device
     * @param pool where the capture's allocations come from, and the stream it runs on
     * @param warmups untimed runs before the capture, at least 1: cuDNN's algorithm search, cuBLAS's workspace and
     *     any lazily built constant (the TPS basis) happen there, outside the capture; each run's intermediates are
     *     freed before the next
     * @throws UserError when the device is not CUDA, or JavaCPP's CUDA runtime presets do not load
     */
    public static CudaGraph capture(Device device, MemoryPool pool, int warmups, Runnable work) {
        Objects.requireNonNull(pool);
        Objects.requireNonNull(work);
        if (!device.is_cuda()) {
            throw new UserError("CUDA graphs need a CUDA device, got " + device.str().getString());
        }
        if (warmups < 1) {
            throw new IllegalArgumentException("warmups must be at least 1, got " + warmups);
        }
        CudaRuntime.load();
        byte index = device.has_index() ? device.index() : torch_cuda.current_device();
        // what the work reads was written on the caller's stream: the side stream must not run ahead of it
        torch.cuda_synchronize();
        CUDAStream side = pool.stream(index);
        CUstream_st stream = side.stream();
        CUDAAllocator allocator = torch_cuda.getAllocator();
        CUgraph_st graph = new CUgraph_st();
        long poolId = pool.acquire();
        boolean begun = false;
        try (CUDAStreamGuard onSide = new CUDAStreamGuard(side.unwrap());
             SameStream filter = new SameStream(stream.address())) {
            for (int i = 0; i < warmups; i++) {
                try (PointerScope run = new PointerScope()) {
                    work.run();
                }
            }
            side.synchronize();
            // as torch.cuda.graph: the cached blocks go back to CUDA, since during the capture the allocator cannot
            // free any to make room
            allocator.emptyCache();
            withPoolId(poolId, id -> allocator.beginAllocateToPool(index, id, filter));
            begun = true;
            try {
                record(stream, graph, work);
            } finally {
                withPoolId(poolId, id -> allocator.endAllocateToPool(index, id));
            }
            CUgraphExec_st executable = new CUgraphExec_st();
            try {
                // AutoFreeOnLaunch as PyTorch: needed where the allocator is cudaMallocAsync, a no-op otherwise
                check(cudart.cudaGraphInstantiateWithFlags(executable, graph,
                    cudart.cudaGraphInstantiateFlagAutoFreeOnLaunch), "cudaGraphInstantiate");
            } finally {
                // the instantiated graph is self-contained: the recorded one is not needed any more
                cudart.cudaGraphDestroy(graph);
            }
            return new CudaGraph(index, pool, poolId, executable);
        } catch (RuntimeException | Error e) {
            try {
                if (begun) {
                    releasePool(allocator, index, pool, poolId);
                } else {
                    pool.release();
                }
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** The capture itself: begin, the work (its intermediates freed at its end), end, whatever the work throws. */
    private static void record(CUstream_st stream, CUgraph_st graph, Runnable work) {
        check(cudart.cudaStreamBeginCapture(stream, cudart.cudaStreamCaptureModeThreadLocal), "cudaStreamBeginCapture");
        Throwable failed = null;
        try (PointerScope run = new PointerScope()) {
            work.run();
        } catch (RuntimeException | Error e) {
            failed = e;
        }
        // ended whatever the work threw, so that the stream is usable again
        int ended = cudart.cudaStreamEndCapture(stream, graph);
        if (failed != null) {
            if (ended != cudart.cudaSuccess) {
                // libtorch checks each launch with cudaGetLastError: a stale error would fail the next one
                cudart.cudaGetLastError();
            }
            if (!graph.isNull()) {
                cudart.cudaGraphDestroy(graph);
            }
            // what the work met says more than the capture's end, which fails because of it
            if (failed instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) failed;
        }
        check(ended, "cudaStreamEndCapture");
        try (SizeTPointer nodes = new SizeTPointer(1)) {
            int counted = cudart.cudaGraphGetNodes(graph, (CUgraphNode_st) null, nodes);
            if (counted != cudart.cudaSuccess || nodes.get() == 0) {
                cudart.cudaGraphDestroy(graph);
                check(counted, "cudaGraphGetNodes");
                // replaying an empty graph would do nothing and leave the outputs as they were
                throw new IllegalStateException("the CUDA graph captured no work: did the work run on another stream?");
            }
        }
    }

    /** Launches the recorded kernels on the current stream, after whatever the caller queued there. */
    public void replay() {
        if (executable == null) {
            throw new IllegalStateException("the graph is closed");
        }
        // null for the legacy default stream, which JavaCPP passes as NULL: a graph may be launched there
        CUstream_st current = torch_cuda.getCurrentCUDAStream(deviceIndex).stream();
        check(cudart.cudaGraphLaunch(executable, current), "cudaGraphLaunch");
    }

    /** Destroys the graph and gives up its use of the pool. */
    @Override
    public void close() {
        if (executable == null) {
            return;
        }
        torch.cuda_synchronize();
        cudart.cudaGraphExecDestroy(executable);
        executable = null;
        // its memory goes back once no graph uses the pool and no tensor in it is alive
        releasePool(torch_cuda.getAllocator(), deviceIndex, pool, poolId);
    }

    private static void releasePool(CUDAAllocator allocator, byte index, MemoryPool pool, long poolId) {
        withPoolId(poolId, id -> allocator.releasePool(index, id));
        pool.release();
    }

    /**
     * Calls {@code call} with a {@code c10::MempoolId_t} of {@code {first, 0}}, made for the call and freed after.
     * The presets bind MempoolId_t to an unrelated pair class, cast to {@code MempoolId_t*} in the native call: any
     * pointer to two 64-bit integers is what the C++ side reads.
     */
    private static void withPoolId(long first, Consumer<DeviceAssertionsDataVectorCUDAKernelLaunchInfoVectorPair> call) {
        try (LongPointer memory = new LongPointer(first, 0L)) {
            call.accept(new DeviceAssertionsDataVectorCUDAKernelLaunchInfoVectorPair(memory));
        }
    }

    private static void check(int status, String call) {
        if (status != cudart.cudaSuccess) {
            // libtorch checks each launch with cudaGetLastError: a stale error would fail the next one
            cudart.cudaGetLastError();
            throw new IllegalStateException(call + ": " + cudart.cudaGetErrorString(status).getString());
        }
    }

    /** The allocator's filter: the capture's own stream draws from the private pool, every other stream does not. */
    private static final class SameStream extends StreamFilter {
        private final long stream;

        SameStream(long stream) {
            this.stream = stream;
        }

        @Override
        public boolean call(Pointer candidate) {
            return candidate != null && candidate.address() == stream;
        }
    }

    /**
     * Loads JavaCPP's CUDA runtime presets and libtorch's CUDA bindings once, turning their absence into one line for
     * the user.
     */
    private static final class CudaRuntime {
        private static volatile boolean loaded;

        static void load() {
            if (loaded) {
                return;
            }
            try {
                org.bytedeco.javacpp.Loader.load(cudart.class);
                org.bytedeco.javacpp.Loader.load(torch_cuda.class);
            } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
                throw new UserError("CUDA graphs: JavaCPP's CUDA runtime bindings do not load (" + e.getMessage()
                    + "); build with -Pcuda (org.bytedeco:cuda natives) on a machine with CUDA 13");
            }
            loaded = true;
        }
    }
}
