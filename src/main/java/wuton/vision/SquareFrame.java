package wuton.vision;

import java.awt.image.BufferedImage;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.bytedeco.pytorch.global.torch;
import wuton.image.Letterbox;
import wuton.image.Rgb;

/**
 * A photo of any size placed in a model's square input: scaled to fit whole (aspect kept), centred, black
 * around it, as MoveNet's own {@code resize_with_pad} does. A stretched photo would distort the body the
 * models were trained on; black is what both models saw as padding in Google's pipelines.
 *
 * @param box   where the photo sits in the square
 * @param frame the square picture, side x side, TYPE_INT_RGB
 */
record SquareFrame(Letterbox box, BufferedImage frame) {
    static SquareFrame of(BufferedImage photo, int side) {
        BufferedImage rgb = Rgb.of(photo);
        Letterbox box = Letterbox.of(rgb, side, side);
        return new SquareFrame(box, box.fit(rgb, Letterbox.Padding.BLACK));
    }

    /** The square as a float tensor NHWC [1, side, side, 3], RGB, each channel value times {@code scale}. */
    Tensor nhwc(float scale) {
        int side = frame.getWidth();
        int[] pixels = Rgb.pixels(frame);
        float[] values = new float[pixels.length * 3];
        for (int i = 0; i < pixels.length; i++) {
            values[3 * i] = ((pixels[i] >> 16) & 0xff) * scale;
            values[3 * i + 1] = ((pixels[i] >> 8) & 0xff) * scale;
            values[3 * i + 2] = (pixels[i] & 0xff) * scale;
        }
        Tensor t = torch.empty(new long[] {1, side, side, 3}, new TensorOptions(ScalarType.Float),
            new MemoryFormatOptional());
        new FloatPointer(t.data_ptr()).put(values);
        return t;
    }
}
