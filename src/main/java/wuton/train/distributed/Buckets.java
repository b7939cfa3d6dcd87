package wuton.train.distributed;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Tensors laid out once into flat buckets of at most {@link #CAP_BYTES} each, so that a collective runs once per
 * bucket rather than once per tensor: a model's hundred-odd small tensors would otherwise pay the network's
 * latency a hundred times per step. Each bucket holds consecutive tensors of one type on one device; a tensor
 * larger than the cap has a bucket of its own.
 */
final class Buckets {
    /** PyTorch's DistributedDataParallel default (bucket_cap_mb = 25): the latency is paid rarely, the copy stays small. */
    static final long CAP_BYTES = 25L << 20;

    private final List<List<Tensor>> buckets;
    /**
     * Each bucket's flat tensor for {@link #average}, made at its first call and kept: every step copies its
     * gradients into the same memory instead of a new one (25 MiB a bucket).
     */
    private final Tensor[] flats;

    private Buckets(List<List<Tensor>> buckets) {
        this.buckets = buckets;
        this.flats = new Tensor[buckets.size()];
    }

    /**
     * The buckets of {@code tensors}, in their order; build outside any step's {@code PointerScope} (the buckets
     * keep the tensors, which such a scope would free).
     */
    static Buckets of(List<Tensor> tensors, long capBytes) {
        List<List<Tensor>> all = new ArrayList<>();
        List<Tensor> current = new ArrayList<>();
        long bytes = 0;
        for (Tensor t : tensors) {
            long size = t.numel() * t.element_size();
            boolean fits = !current.isEmpty() && bytes + size <= capBytes && sameKind(current.get(0), t);
            if (!current.isEmpty() && !fits) {
                all.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(t);
            bytes += size;
        }
        if (!current.isEmpty()) {
            all.add(current);
        }
        return new Buckets(all);
    }

    private static boolean sameKind(Tensor a, Tensor b) {
        return a.scalar_type() == b.scalar_type() && a.device().equals(b.device());
    }

    /** The number of buckets: collectives per {@link #average}. */
    int count() {
        return buckets.size();
    }

    /**
     * Replaces {@code view(t)} of every tensor with its mean over the ranks: per bucket, the views flattened into one
     * tensor, one sum over the ranks, a division by their number, and a copy back. A view that is undefined on this
     * rank (a parameter without a gradient) takes part as zeros and stays undefined, as it would on one process;
     * every rank runs the same graph, so the ranks agree on which views are undefined.
     *
     * @param view what to average of each tensor: its gradient ({@code Tensor::grad}) or the tensor itself
     */
    void average(Collectives group, UnaryOperator<Tensor> view, String what) {
        for (int b = 0; b < buckets.size(); b++) {
            List<Tensor> bucket = buckets.get(b);
            try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
                List<Tensor> views = bucket.stream().map(view).toList();
                Tensor flat = flat(b);
                long at = 0;
                for (int i = 0; i < bucket.size(); i++) {
                    Tensor part = flat.narrow(0, at, bucket.get(i).numel());
                    if (views.get(i).defined()) {
                        part.copy_(views.get(i).reshape(-1));
                    } else {
                        part.zero_();
                    }
                    at += bucket.get(i).numel();
                }
                group.sum(flat, what);
                flat.div_(new Scalar((double) group.worldSize()));
                long offset = 0;
                for (int i = 0; i < bucket.size(); i++) {
                    long n = bucket.get(i).numel();
                    if (views.get(i).defined()) {
                        views.get(i).copy_(flat.narrow(0, offset, n).view_as(views.get(i)));
                    }
                    offset += n;
                }
            }
        }
    }

    /**
     * The largest |t_r - t_0| over every element of every tensor and every rank r: 0 when all ranks hold rank 0's
     * bits. Costs one broadcast per bucket and one maximum.
     */
    double spreadFromRankZero(Collectives group, String what) {
        double spread = 0;
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            for (List<Tensor> bucket : buckets) {
                Tensor mine = flatten(bucket);
                Tensor rankZero = mine.clone();
                group.broadcastFromRankZero(rankZero, what);
                spread = Math.max(spread, mine.sub(rankZero).abs().max().item_double());
            }
            Tensor largest = Tensor.create(spread);
            if (!buckets.isEmpty()) {
                largest = largest.to(buckets.get(0).get(0).device(), torch.ScalarType.Double);
            }
            group.max(largest, what);
            return largest.cpu().item_double();
        }
    }

    /** Bucket {@code b}'s flat tensor for {@link #average}: its tensors' type and device, their elements in all. */
    private Tensor flat(int b) {
        if (flats[b] == null) {
            List<Tensor> bucket = buckets.get(b);
            long elements = bucket.stream().mapToLong(Tensor::numel).sum();
            Tensor flat = torch.empty(new long[] {elements}, bucket.get(0).options(), null);
            // past the caller's step scope
            flat.retainReference();
            flats[b] = flat;
        }
        return flats[b];
    }

    /** The tensors of one bucket, each flattened, end to end in one contiguous 1-d tensor. */
    private static Tensor flatten(List<Tensor> bucket) {
        TensorVector parts = new TensorVector();
        for (Tensor t : bucket) {
            parts.push_back(t.reshape(-1));
        }
        return torch.cat(parts);
    }
}
