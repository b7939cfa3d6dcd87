package wuton.data;

import java.awt.image.BufferedImage;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import wuton.image.Plane;
import wuton.image.Rgb;

/** Conversions between images and flat arrays, and from arrays to tensors. */
final class Tensors {
    private Tensors() {
    }

    /** A byte 0-255 in [-1, 1]: x / 127.5 - 1. */
    static float normalise(int value) {
        return value / 127.5f - 1f;
    }

    /** An RGB image (H, W) as 3 planes (3, H, W) in [-1, 1]. */
    static float[] normalise(BufferedImage rgb) {
        int[] pixels = Rgb.pixels(rgb);
        int plane = pixels.length;
        float[] out = new float[3 * plane];
        for (int p = 0; p < plane; p++) {
            int v = pixels[p];
            out[p] = normalise(v >> 16 & 0xff);
            out[plane + p] = normalise(v >> 8 & 0xff);
            out[2 * plane + p] = normalise(v & 0xff);
        }
        return out;
    }

    /** Sets the 3 planes (3, H, W) to 0 where the mask (H, W) is 1: gray, exactly. */
    static void zeroWhere(Plane mask, float[] image) {
        byte[] m = mask.values();
        int plane = m.length;
        for (int p = 0; p < plane; p++) {
            if (m[p] != 0) {
                image[p] = 0;
                image[plane + p] = 0;
                image[2 * plane + p] = 0;
            }
        }
    }

    /** A float32 tensor of this shape holding the parts one after the other (their lengths sum to its size). */
    static Tensor floats(List<float[]> parts, long... shape) {
        Tensor t = torch.empty(shape);
        FloatPointer data = t.data_ptr_float();
        long offset = 0;
        for (float[] part : parts) {
            data.position(offset).put(part);
            offset += part.length;
        }
        return t;
    }

    /** An int64 tensor of this shape holding the parts one after the other. */
    static Tensor longs(List<long[]> parts, long... shape) {
        Tensor t = torch.empty(shape, new TensorOptions(torch.ScalarType.Long), null);
        LongPointer data = t.data_ptr_long();
        long offset = 0;
        for (long[] part : parts) {
            data.position(offset).put(part);
            offset += part.length;
        }
        return t;
    }
}
