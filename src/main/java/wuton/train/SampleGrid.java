package wuton.train;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import wuton.data.ImageFiles;
import wuton.data.ImageTensors;

/**
 * A PNG of the teacher's outputs on fixed samples: one row per sample, one column per image, in the order
 * of {@link Column}. Images in [-1, 1] are mapped to 0-255.
 */
public final class SampleGrid {
    /** The columns, left to right. */
    public enum Column {
        /** p*_a, the agnostic person. */
        AGNOSTIC,
        /** c_a, the garment the person wears. */
        CLOTH,
        /** T_theta_a(c_a), the garment warped onto the person. */
        WARPED_CLOTH,
        /** p~_a, the paired output. */
        OUTPUT,
        /** p_a, the paired target. */
        PERSON,
        /** c_b, another garment. */
        OTHER_CLOTH,
        /** p~_b, the unpaired output. */
        OTHER_OUTPUT
    }

    private SampleGrid() {
    }

    /**
     * Writes the grid.
     *
     * @param columns one (N, 3, H, W) tensor per {@link Column}, in that order, any device
     */
    public static void write(Path file, List<Tensor> columns) {
        if (columns.size() != Column.values().length) {
            throw new IllegalArgumentException("expected " + Column.values().length + " columns, got " + columns.size());
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
