package wuton.train.distributed;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wuton.common.UserError;

/**
 * What one rank of a data-parallel run does besides training as a single process would: every rank holds a full
 * copy of the models and trains on its own share of the data; after each backward pass the gradients are averaged
 * over the ranks ({@link #gradientsOf}), so that every rank applies the same update and the copies stay
 * bit-for-bit equal. PyTorch's DistributedDataParallel is not in the Java bindings; this is its core, over the
 * c10d {@link Collectives}.
 *
 * <ul>
 *   <li><b>Start</b>: rank 0's weights and buffers are broadcast to all ranks after initialisation or resume
 *   ({@link #broadcastFromRankZero}), so that the copies start equal even if a rank read another file.</li>
 *   <li><b>Batch norm</b>: each rank normalises with its own batch's statistics (as DistributedDataParallel
 *   without SyncBatchNorm); the running statistics, which only evaluation reads, are averaged over the ranks
 *   after every step ({@link #buffersOf}): the running mean then follows the mean of the whole global batch, as
 *   on one process with that batch, and every rank saves the same.</li>
 *   <li><b>Check</b>: {@link #requireInStep} verifies that the copies are still equal (at each checkpoint).</li>
 * </ul>
 *
 * {@link #SINGLE} is a one-process run, where all of these do nothing.
 */
public final class DataParallel {
    private static final Logger LOG = LoggerFactory.getLogger(DataParallel.class);
    /** A one-process run. */
    public static final DataParallel SINGLE = new DataParallel(null, null);

    /** The group; null for {@link #SINGLE}. */
    private final Collectives group;
    /** Where this rank's tensors live: small tensors sent through the group go there too (NCCL wants CUDA). */
    private final Device device;

    private DataParallel(Collectives group, Device device) {
        this.group = group;
        this.device = device;
    }

    /** One rank of the run whose group is {@code group}, its models on {@code device}. */
    public static DataParallel over(Collectives group, Device device) {
        return new DataParallel(group, device);
    }

    /** 0 for a one-process run. */
    public int rank() {
        return group == null ? 0 : group.rank();
    }

    /** 1 for a one-process run. */
    public int worldSize() {
        return group == null ? 1 : group.worldSize();
    }

    /** Rank 0: the one that writes the run folder and the console. */
    public boolean leader() {
        return rank() == 0;
    }

    /** Overwrites {@code module}'s parameters and buffers on every rank with rank 0's. */
    public void broadcastFromRankZero(Module module) {
        if (group == null) {
            return;
        }
        try (PointerScope scope = new PointerScope()) {
            for (Tensor t : tensors(module.parameters(), module.buffers())) {
                group.broadcastFromRankZero(t, "broadcasting rank 0's weights");
            }
        }
    }

    /**
     * Averages the gradients of {@code module}'s parameters over the ranks, in buckets of {@link Buckets#CAP_BYTES}:
     * call between the backward pass and the optimiser's step. Build once, outside any step's scope.
     */
    public RankAverage gradientsOf(Module module) {
        if (group == null) {
            return RankAverage.NONE;
        }
        Buckets buckets = Buckets.of(tensors(module.parameters()), Buckets.CAP_BYTES);
        return () -> buckets.average(group, Tensor::grad, "averaging gradients");
    }

    /** Averages {@code module}'s floating-point buffers (batch-norm running statistics) over the ranks. */
    public RankAverage buffersOf(Module module) {
        if (group == null) {
            return RankAverage.NONE;
        }
        List<Tensor> floating = tensors(module.buffers()).stream().filter(Tensor::is_floating_point).toList();
        if (floating.isEmpty()) {
            return RankAverage.NONE;
        }
        Buckets buckets = Buckets.of(floating, Buckets.CAP_BYTES);
        return () -> buckets.average(group, t -> t, "averaging batch-norm statistics");
    }

    /**
     * The element-wise sum of {@code values} over the ranks (the same array on every rank): per-step losses and
     * flags. Returns {@code values} itself on one process.
     */
    public double[] sum(double[] values, String what) {
        if (group == null) {
            return values;
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor t = Tensor.create(values).to(device, torch.ScalarType.Double);
            group.sum(t, what);
            double[] summed = new double[values.length];
            // one copy back rather than a tensor per value (eval's DoubleTensors is out of this package's reach)
            new DoublePointer(t.cpu().contiguous().data_ptr()).get(summed);
            return summed;
        }
    }

    /**
     * Checks that every rank holds rank 0's parameters and buffers of {@code modules}, bit for bit: they apply the
     * same averaged update to the same weights, so any difference means the ranks no longer train one model (one
     * read another checkpoint, or a collective was skipped).
     *
     * @throws RanksDiverged naming the largest difference
     */
    public void requireInStep(int step, Module... modules) {
        if (group == null) {
            return;
        }
        List<Tensor> all = new ArrayList<>();
        try (PointerScope scope = new PointerScope()) {
            for (Module m : modules) {
                all.addAll(tensors(m.parameters(), m.buffers()));
            }
            double spread = Buckets.of(all, Buckets.CAP_BYTES).spreadFromRankZero(group, "comparing the ranks' weights");
            if (spread != 0) {
                throw new RanksDiverged("step " + step + ": the " + worldSize() + " ranks no longer hold the same"
                    + " weights (largest difference from rank 0: " + spread + "); the run stops");
            }
            if (leader() && worldSize() == 1) {
                LOG.info("step {}: the one rank's weights went through the group unchanged, bit for bit", step);
            } else if (leader()) {
                LOG.info("step {}: the {} ranks hold the same weights, bit for bit", step, worldSize());
            }
        }
    }

    /**
     * The tensors of {@code vectors}, each its own reference to the same storage: {@code get(i)} points into the
     * vector, which the garbage collector frees with it (a crash in {@code TensorImpl::grad} when kept).
     */
    static List<Tensor> tensors(TensorVector... vectors) {
        List<Tensor> all = new ArrayList<>();
        for (TensorVector v : vectors) {
            for (long i = 0; i < v.size(); i++) {
                all.add(new Tensor(v.get(i)));
            }
        }
        return all;
    }

    /** The ranks' copies of the models differ. */
    public static final class RanksDiverged extends UserError {
        public RanksDiverged(String message) {
            super(message);
        }
    }
}
