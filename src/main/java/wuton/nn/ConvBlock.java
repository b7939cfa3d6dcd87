package wuton.nn;

import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.InstanceNorm2dImpl;
import org.bytedeco.pytorch.InstanceNormOptions;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Convolution, then normalisation, then activation: the building block of every network here.
 * Input (N, in, H, W); output (N, out, (H + 2p - k) / s + 1, (W + 2p - k) / s + 1).
 * Parameter names: {@code conv.weight}, {@code conv.bias}, {@code norm.weight}, {@code norm.bias}
 * (plus {@code norm.running_mean}, {@code norm.running_var}, {@code norm.num_batches_tracked}
 * buffers for batch norm).
 */
public final class ConvBlock extends Module {
    private final Conv2dImpl conv;
    private final UnaryOperator<Tensor> norm;
    private final Activation activation;
    /** Kept per block: a {@code Scalar} per call would cost an allocation on every forward. */
    private final Scalar leakySlope = new Scalar(Activation.LEAKY_SLOPE);

    /** A square {@code kernel} with the given stride and zero padding. */
    public ConvBlock(long in, long out, int kernel, int stride, int padding, Norm normKind, Activation activation) {
        Conv2dOptions options = new Conv2dOptions(in, out, new LongPointer(kernel, kernel));
        options.stride().put(new long[] {stride, stride});
        options.padding().put(new LongPointer(padding, padding));
        this.conv = register_module("conv", new Conv2dImpl(options));
        this.norm = switch (normKind) {
            case NONE -> UnaryOperator.identity();
            case BATCH -> register_module("norm", new BatchNorm2dImpl(new BatchNormOptions(out)))::forward;
            case INSTANCE -> {
                InstanceNormOptions o = new InstanceNormOptions(out);
                o.affine().put(true);
                yield register_module("norm", new InstanceNorm2dImpl(o))::forward;
            }
        };
        this.activation = activation;
    }

    /** (N, in, H, W) to (N, out, H', W'). */
    public Tensor forward(Tensor x) {
        Tensor y = norm.apply(conv.forward(x));
        // in place: y is this block's own fresh tensor, and neither the convolution's nor the norm's backward
        // reads it, so the activation saves an allocation and a pass over memory (as PyTorch's inplace=True)
        // y itself is returned, not what the in-place call gives back: that is a second Java object on the same
        // native tensor that does not own it, so once y's Java object was collected it pointed at freed memory
        // (intermittent crashes in grid_sampler, "tensor does not have a device", "Unsupported TypeMeta")
        switch (activation) {
            case NONE -> { }
            case RELU -> torch.relu_(y);
            case LEAKY_RELU -> torch.leaky_relu_(y, leakySlope);
            case TANH -> torch.tanh_(y);
        }
        return y;
    }

    /** The convolution, for initialisation and tests. */
    public Conv2dImpl conv() {
        return conv;
    }
}
