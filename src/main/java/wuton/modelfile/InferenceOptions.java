package wuton.modelfile;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.DeviceType;
import org.bytedeco.pytorch.global.torch.MemoryFormat;
import org.bytedeco.pytorch.global.torch.ScalarType;
import wuton.common.UserError;

/**
 * How an inference pass runs: its precision and the memory format of its tensors. One setting for every path
 * that applies a model ({@code tryon}, {@code catalog}, {@code serve} through {@link wuton.TryOn}, and
 * {@code bench}).
 *
 * <ul>
 *   <li><b>Precision</b>: {@code fp32} (the default) runs as trained; {@code bf16} and {@code fp16} run the
 *       forward pass under libtorch's autocast ({@code at::autocast}, thread-local, entered and left around each
 *       pass): convolutions and matrix products in the lower precision, the operations that autocast keeps in
 *       fp32 (normalisation statistics, {@code grid_sampler} on the CPU) in fp32. The weights stay fp32. The
 *       output is given back as fp32.</li>
 *   <li><b>Channels-last</b>: the convolution weights ({@link #prepare}) and the inputs ({@link #input}) in
 *       libtorch's {@code ChannelsLast} layout (NHWC strides), which some convolution kernels prefer. The values
 *       are the same; only the layout differs.</li>
 *   <li><b>CUDA graphs</b> (CUDA only): each input shape's pass recorded once as a CUDA graph and replayed with
 *       one launch ({@link InferencePass}); the same kernels on the same values, so the same output. A small batch
 *       on a GPU is bound by launching hundreds of kernels one by one, which this removes.</li>
 * </ul>
 *
 * <p>Every combination runs on the CPU and (not yet run there) on CUDA. fp16 on a CPU runs, but libtorch's
 * fp16 convolutions there are several times slower than fp32 (docs/inference.md): it is for GPUs.
 *
 * <p>Immutable; build with {@link #builder()}.
 */
public final class InferenceOptions {
    /** The arithmetic of the forward pass. */
    public enum Precision {
        FP32(ScalarType.Float), BF16(ScalarType.BFloat16), FP16(ScalarType.Half);

        private final ScalarType dtype;

        Precision(ScalarType dtype) {
            this.dtype = dtype;
        }

        /** The name on the command line: fp32, bf16, fp16. */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** libtorch's scalar type of the autocast region. */
        public ScalarType dtype() {
            return dtype;
        }

        /**
         * @throws UserError naming {@code --precision} for anything else than fp32, bf16 or fp16
         */
        public static Precision parse(String text) {
            for (Precision p : values()) {
                if (p.cliName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
            throw new UserError("--precision " + text + ": expected fp32, bf16 or fp16");
        }
    }

    /** fp32, contiguous: the model as trained. */
    public static final InferenceOptions DEFAULT = builder().build();

    private final Precision precision;
    private final boolean channelsLast;
    private final boolean cudaGraphs;

    private InferenceOptions(Builder b) {
        this.precision = b.precision;
        this.channelsLast = b.channelsLast;
        this.cudaGraphs = b.cudaGraphs;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder().precision(precision).channelsLast(channelsLast).cudaGraphs(cudaGraphs);
    }

    public Precision precision() {
        return precision;
    }

    public boolean channelsLast() {
        return channelsLast;
    }

    /** Whether each input shape's pass is recorded once as a CUDA graph and replayed. */
    public boolean cudaGraphs() {
        return cudaGraphs;
    }

    /** For tables and logs: {@code fp32}, {@code bf16 channels-last cuda-graphs}. */
    public String describe() {
        return precision.cliName() + (channelsLast ? " channels-last" : "") + (cudaGraphs ? " cuda-graphs" : "");
    }

    /**
     * @throws UserError naming {@code --cuda-graphs} when these options ask for CUDA graphs on another device
     */
    public void checkDevice(Device device) {
        if (cudaGraphs && !device.is_cuda()) {
            throw new UserError("--cuda-graphs needs --device cuda (got " + device.str().getString() + ")");
        }
    }

    /**
     * Puts the model's 4-D parameters (the convolution weights) in the layout these options ask for:
     * channels-last, or contiguous (so that a model prepared for one setting can be prepared again for another,
     * as {@code bench} does). Call after moving the model to its device.
     */
    public void prepare(Module model) {
        MemoryFormat format = channelsLast ? MemoryFormat.ChannelsLast : MemoryFormat.Contiguous;
        try (NoGradGuard noGrad = new NoGradGuard()) {
            TensorVector parameters = model.parameters(true);
            for (long i = 0; i < parameters.size(); i++) {
                Tensor p = parameters.get(i);
                if (p.dim() == 4 && !p.is_contiguous(format)) {
                    // what Python's `p.data = ...` does: the parameter keeps its identity, its storage changes
                    p.__dispatch_set_data(p.contiguous(format));
                }
            }
        }
    }

    /** An (N, C, H, W) input in the layout these options ask for. */
    public Tensor input(Tensor image) {
        return channelsLast ? image.contiguous(MemoryFormat.ChannelsLast) : image;
    }

    /**
     * Runs one forward pass in these options' precision on {@code device}, and gives its output as fp32 (in the
     * caller's scope). Autocast is per thread: entered here and left before returning, whatever the pass throws.
     */
    public Tensor run(Device device, Supplier<Tensor> forward) {
        Objects.requireNonNull(forward);
        if (precision == Precision.FP32) {
            return forward.get();
        }
        DeviceType type = device.type();
        boolean wasEnabled = torch.is_autocast_enabled(type);
        ScalarType wasDtype = torch.get_autocast_dtype(type);
        torch.set_autocast_dtype(type, precision.dtype());
        torch.set_autocast_enabled(type, true);
        torch.increment_nesting();
        try {
            // a no-op when the last operation already gave fp32 (ScalarType objects are not comparable with ==)
            return forward.get().to(ScalarType.Float);
        } finally {
            // as Python's torch.autocast on exit: the weights' cast copies are dropped with the outermost region
            if (torch.decrement_nesting() == 0) {
                torch.clear_cache();
            }
            torch.set_autocast_enabled(type, wasEnabled);
            torch.set_autocast_dtype(type, wasDtype);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InferenceOptions other && other.precision == precision && other.channelsLast == channelsLast
            && other.cudaGraphs == cudaGraphs;
    }

    @Override
    public int hashCode() {
        return Objects.hash(precision, channelsLast, cudaGraphs);
    }

    @Override
    public String toString() {
        return describe();
    }

    public static final class Builder {
        private Precision precision = Precision.FP32;
        private boolean channelsLast;
        private boolean cudaGraphs;

        private Builder() {
        }

        public Builder precision(Precision precision) {
            this.precision = Objects.requireNonNull(precision);
            return this;
        }

        public Builder channelsLast(boolean channelsLast) {
            this.channelsLast = channelsLast;
            return this;
        }

        public Builder cudaGraphs(boolean cudaGraphs) {
            this.cudaGraphs = cudaGraphs;
            return this;
        }

        public InferenceOptions build() {
            return new InferenceOptions(this);
        }
    }
}
