package wuton.modelfile;

import java.util.Objects;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import wuton.model.Wuton;

/**
 * A generator's inference pass ({@link Wuton#image}: the synthesised image, without the full-resolution garment
 * warp) as {@link InferenceOptions} ask for it: inputs in their layout, the pass in their precision, and with CUDA
 * graphs one recorded graph per input shape replayed ({@link GraphedForward}). The generator is in eval mode and
 * its weights in the options' layout ({@link InferenceOptions#prepare}) before the first call, and stay where they
 * are while the pass lives: a recorded graph reads them at the addresses it was recorded with.
 *
 * <p>Not thread-safe, as the generator.
 */
public final class InferencePass implements AutoCloseable {
    private final Wuton generator;
    private final Device device;
    private final InferenceOptions options;
    private final GraphedForward graphed;
    private final GraphedForward graphedWithShare;

    /**
     * @throws wuton.common.UserError when the options ask for CUDA graphs on another device than CUDA
     */
    public InferencePass(Wuton generator, Device device, InferenceOptions options) {
        options.checkDevice(device);
        this.generator = Objects.requireNonNull(generator);
        this.device = device;
        this.options = options;
        this.graphed = options.cudaGraphs() ? new GraphedForward(device, this::eager) : null;
        this.graphedWithShare = options.cudaGraphs() ? new GraphedForward(device, this::eagerWithShare) : null;
    }

    /**
     * @param person (N, 3, H, W) in [-1, 1] on the device, fp32
     * @param cloth (N, 3, H, W) in [-1, 1]
     * @return (N, 3, H, W) fp32, in the caller's scope
     */
    public Tensor image(Tensor person, Tensor cloth) {
        try (NoGradGuard noGrad = new NoGradGuard()) {
            Tensor p = options.input(person);
            Tensor c = options.input(cloth);
            return graphed != null ? graphed.apply(p, c) : eager(p, c);
        }
    }

    /**
     * {@link #image} and the person's share of each pixel ({@link Wuton#imageAndPersonShare}).
     *
     * @return (N, 4, H, W) fp32, in the caller's scope
     */
    public Tensor imageAndPersonShare(Tensor person, Tensor cloth) {
        try (NoGradGuard noGrad = new NoGradGuard()) {
            Tensor p = options.input(person);
            Tensor c = options.input(cloth);
            return graphedWithShare != null ? graphedWithShare.apply(p, c) : eagerWithShare(p, c);
        }
    }

    public InferenceOptions options() {
        return options;
    }

    private Tensor eager(Tensor person, Tensor cloth) {
        return options.run(device, () -> generator.image(person, cloth));
    }

    private Tensor eagerWithShare(Tensor person, Tensor cloth) {
        return options.run(device, () -> generator.imageAndPersonShare(person, cloth));
    }

    /** Releases the recorded graphs and their memory; the generator is the caller's. */
    @Override
    public void close() {
        if (graphed != null) {
            graphed.close();
            graphedWithShare.close();
        }
    }
}
