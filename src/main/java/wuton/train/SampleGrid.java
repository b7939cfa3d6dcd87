package wuton.train;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import wuton.data.ImageTensors;
import wuton.image.ImageFiles;

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
        List<List<BufferedImage>> images = columns.stream().map(ImageTensors::images).toList();
        BufferedImage first = images.get(0).get(0);
        int n = images.get(0).size(), h = first.getHeight(), w = first.getWidth();
        BufferedImage grid = new BufferedImage(w * columns.size(), h * n, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        for (int c = 0; c < columns.size(); c++) {
            for (int s = 0; s < n; s++) {
                g.drawImage(images.get(c).get(s), c * w, s * h, null);
            }
        }
        g.dispose();
        ImageFiles.writePng(grid, file);
    }
}
