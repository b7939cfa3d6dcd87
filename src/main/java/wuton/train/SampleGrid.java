package wuton.train;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import wuton.data.ImageFiles;

/**
 * A PNG of a stage's outputs on fixed samples: one row per sample, one column per image, in the order of
 * the step's {@link GeneratorStep#sampleColumnNames()}. Images in [-1, 1] are mapped to 0-255.
 */
public final class SampleGrid {
    private SampleGrid() {
    }

    /**
     * Writes the grid.
     *
     * @param columns (N, 3, H, W) tensors of one shape, any device
     */
    public static void write(Path file, List<Tensor> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a sample grid needs at least one column");
        }
        long[] shape = columns.get(0).sizes().vec().get();
        int n = (int) shape[0], h = (int) shape[2], w = (int) shape[3];
        BufferedImage grid = new BufferedImage(w * columns.size(), h * n, BufferedImage.TYPE_INT_RGB);
        for (int c = 0; c < columns.size(); c++) {
            float[] values = floats(columns.get(c));
            for (int s = 0; s < n; s++) {
                paste(values, s, h, w, grid, c * w, s * h);
            }
        }
        ImageFiles.writePng(grid, file);
    }

    private static void paste(float[] values, int sample, int h, int w, BufferedImage into, int x0, int y0) {
        int plane = h * w;
        int base = sample * 3 * plane;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                int r = byteOf(values[base + p]);
                int g = byteOf(values[base + plane + p]);
                int b = byteOf(values[base + 2 * plane + p]);
                into.setRGB(x0 + x, y0 + y, r << 16 | g << 8 | b);
            }
        }
    }

    /** [-1, 1] to 0-255, clamped. */
    private static int byteOf(float v) {
        return Math.max(0, Math.min(255, Math.round((v + 1f) * 127.5f)));
    }

    private static float[] floats(Tensor t) {
        Tensor c = t.detach().to(ScalarType.Float).cpu().contiguous();
        float[] out = new float[Math.toIntExact(c.numel())];
        new FloatPointer(c.data_ptr()).get(out);
        return out;
    }

}
