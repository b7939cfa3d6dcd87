package wuton.nn;

import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * A depthwise-separable convolution (MobileNet): a k x k convolution of each channel on its own, then a
 * {@link ConvBlock} of 1 x 1 convolutions across channels with its normalisation and activation. About
 * k^2 / (1 + k^2 / out) times fewer multiply-adds than a plain k x k convolution: 8 times for 3 x 3 and 64
 * output channels. Stride 1, "same" padding: (N, in, H, W) to (N, out, H, W).
 * Parameter names: {@code depthwise.weight}, {@code depthwise.bias}, then {@code pointwise.} as {@link ConvBlock}.
 */
public final class SeparableConvBlock extends Module implements Layer {
    private final Conv2dImpl depthwise;
    private final ConvBlock pointwise;

    /** @param kernel an odd square kernel */
    public SeparableConvBlock(long in, long out, int kernel, Norm norm, Activation activation) {
        if (kernel % 2 == 0) {
            throw new IllegalArgumentException("separable kernel must be odd for same padding, got " + kernel);
        }
        Conv2dOptions options = new Conv2dOptions(in, in, new LongPointer(kernel, kernel));
        options.padding().put(new LongPointer(kernel / 2L, kernel / 2L));
        options.groups().put(in);
        this.depthwise = register_module("depthwise", new Conv2dImpl(options));
        this.pointwise = register_module("pointwise", new ConvBlock(in, out, 1, 1, 0, norm, activation));
    }

    @Override
    public Tensor forward(Tensor x) {
        return pointwise.forward(depthwise.forward(x));
    }
}
