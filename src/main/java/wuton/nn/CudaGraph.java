package wuton.nn;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.cuda.cudart.CUgraphExec_st;
import org.bytedeco.cuda.cudart.CUgraph_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
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
 * must be allocated before the capture (inputs) or during it (outputs) and kept alive as long as the graph.
 *
 * <p>The JavaCPP presets of libtorch bind no {@code at::cuda::CUDAGraph}, so this class does what its
 * {@code capture_begin}, {@code capture_end}, {@code replay} and {@code reset} do, from parts that are bound:
 * <ol>
 *   <li>the capture runs on a side stream from libtorch's pool (CUDA cannot capture the legacy default stream);</li>
 *   <li>libtorch's caching allocator is told to serve the capture's allocations on that stream from a private pool
 *       ({@code beginAllocateToPool}), so that memory the graph reads and writes is never handed to other tensors
 *       between replays;</li>
 *   <li>{@code cudaStreamBeginCapture} / {@code cudaStreamEndCapture} and {@code cudaGraphInstantiate} from
 *       JavaCPP's CUDA runtime presets ({@code org.bytedeco:cuda}, the natives of {@code -Pcuda});</li>
 *   <li>closing releases the private pool ({@code releasePool}) and destroys the instantiated graph.</li>
 * </ol>
 *
 * <p>What the work may not do, as in PyTorch: synchronise with the host (read a value with {@code item}, copy to
 * the CPU), or meet a shape for the first time (cuDNN's benchmark mode searches algorithms then, which a capture
 * cannot hold): run it once or more on the same stream first, which {@link #capture} does ({@code warmups}).
 *
 * <p>Not thread-safe; the capture is in thread-local mode, so other threads may keep using CUDA meanwhile.
 */
public final class CudaGraph implements AutoCloseable {
    private final byte deviceIndex;
    private final MemoryPool pool;
    private CUgraphExec_st executable;

    private CudaGraph(byte deviceIndex, MemoryPool pool, CUgraphExec_st executable) {
        this.deviceIndex = deviceIndex;
        this.pool = pool;
        this.executable = executable;
    }

    /**
     * A private pool of libtorch's caching allocator, for the memory of one graph or of several that are never
     * replayed at the same time (the graphs of one model at several batch sizes, replayed in turn on one stream):
     * what one capture frees, a later capture into the same pool may take again.
     */
    public static final class MemoryPool {
        /**
         * Ids {@code {first, 0}} as libtorch's own graph pools, counted from far above the counter libtorch starts
         * at 1 for the pools of PyTorch-side graphs, so the two never meet in one process.
         */
        private static final AtomicLong IDS = new AtomicLong(1L << 48);

        private LongPointer memory;
        private DeviceAssertionsDataVectorCUDAKernelLaunchInfoVectorPair id;

        /** Made at the first capture: the pair class's natives load with libtorch's CUDA bindings. */
        private synchronized DeviceAssertionsDataVectorCUDAKernelLaunchInfoVectorPair id() {
            if (id == null) {
                // the 16 bytes of a c10::MempoolId_t, two unsigned 64-bit integers
                memory = new LongPointer(IDS.incrementAndGet(), 0L);
                // the presets bind c10::MempoolId_t to an unrelated pair class, cast to MempoolId_t* in the native
                // call: any pointer to two 64-bit integers is what the C++ side reads
                id = new DeviceAssertionsDataVectorCUDAKernelLaunchInfoVectorPair(memory);
            }
            return id;
        }
    }

    /**
     * Runs {@code work} {@code warmups} times on a side stream, then records it once more as a graph.
     *
     * @param device a CUDA device
     * @param pool where the capture's allocations come from
     * @param warmups untimed runs before the capture, at least 1: cuDNN's algorithm search, cuBLAS's workspace and
     *     any lazily built constant (the TPS basis) happen there, outside the capture
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
        CUDAStream side = torch_cuda.getStreamFromPool(false, index);
        CUstream_st stream = side.stream();
        CUDAAllocator allocator = torch_cuda.getAllocator();
        var poolId = pool.id();
        CUgraph_st graph = new CUgraph_st();
        boolean pooled = false;
        try (CUDAStreamGuard onSide = new CUDAStreamGuard(side.unwrap());
             SameStream filter = new SameStream(stream.address())) {
            for (int i = 0; i < warmups; i++) {
                work.run();
            }
            side.synchronize();
            allocator.beginAllocateToPool(index, poolId, filter);
            pooled = true;
            try {
                check(cudart.cudaStreamBeginCapture(stream, cudart.cudaStreamCaptureModeThreadLocal),
                    "cudaStreamBeginCapture");
                RuntimeException failed = null;
                try {
                    work.run();
                } catch (RuntimeException e) {
                    failed = e;
                }
                // ends the capture whatever the work threw, so that the stream is usable again
                int ended = cudart.cudaStreamEndCapture(stream, graph);
                if (failed != null) {
                    // what the work met says more than the capture's end, which fails because of it
                    throw failed;
                }
                check(ended, "cudaStreamEndCapture");
            } finally {
                allocator.endAllocateToPool(index, poolId);
            }
        } catch (RuntimeException | Error e) {
            if (!graph.isNull()) {
                cudart.cudaGraphDestroy(graph);
            }
            if (pooled) {
                allocator.releasePool(index, poolId);
            }
            throw e;
        }
        CUgraphExec_st executable = new CUgraphExec_st();
        try {
            check(cudart.cudaGraphInstantiateWithFlags(executable, graph, 0L), "cudaGraphInstantiate");
        } catch (RuntimeException e) {
            allocator.releasePool(index, poolId);
            throw e;
        } finally {
            // the instantiated graph is self-contained: the recorded one is not needed any more
            cudart.cudaGraphDestroy(graph);
        }
        return new CudaGraph(index, pool, executable);
    }

    /** Launches the recorded kernels on the current stream, after whatever the caller queued there. */
    public void replay() {
        if (executable == null) {
            throw new IllegalStateException("the graph is closed");
        }
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
        // one use of the pool less: its memory goes back once no graph uses it and no tensor in it is alive
        torch_cuda.getAllocator().releasePool(deviceIndex, pool.id());
    }

    private static void check(int status, String call) {
        if (status != cudart.cudaSuccess) {
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
