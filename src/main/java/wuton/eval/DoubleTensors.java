package wuton.eval;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Moves values between Java double arrays and float64 libtorch tensors. Metrics are summed in double precision. */
final class DoubleTensors {
    private DoubleTensors() {
    }

    /** A float64 CPU tensor of this shape holding {@code values} in row-major order. */
    static Tensor of(double[] values, long... shape) {
        Tensor t = torch.empty(shape, new TensorOptions(ScalarType.Double), null);
        new DoublePointer(t.data_ptr()).put(values);
        return t;
    }

    /** The values of {@code t} (any type, any device) as doubles, row-major. */
    static double[] values(Tensor t) {
        Tensor c = t.detach().to(ScalarType.Double).cpu().contiguous();
        double[] out = new double[Math.toIntExact(c.numel())];
        new DoublePointer(c.data_ptr()).get(out);
        return out;
    }

    /** Images in [-1, 1] as float64 in [0, 1], the scale every pixel metric is defined on. */
    static Tensor unitRange(Tensor image) {
        return image.to(ScalarType.Double).add(new Scalar(1.0)).div(new Scalar(2.0));
    }
}
