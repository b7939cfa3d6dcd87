package wuton.testing;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Moves small tensors between Java arrays and libtorch in tests. */
public final class TensorData {
    private TensorData() {
    }

    /** The values of {@code t} (any float type, any device) in row-major order. */
    public static float[] floats(Tensor t) {
        Tensor c = t.detach().to(ScalarType.Float).cpu().contiguous();
        float[] out = new float[Math.toIntExact(c.numel())];
        new FloatPointer(c.data_ptr()).get(out);
        return out;
    }

    /** A float32 CPU tensor of the given shape holding {@code values}. */
    public static Tensor tensor(float[] values, long... shape) {
        return torch.tensor(values).view(shape).clone();
    }

    public static long[] shape(Tensor t) {
        return t.sizes().vec().get();
    }

    /** Largest absolute value. */
    public static double maxAbs(Tensor t) {
        return t.detach().abs().max().item_double();
    }
}
