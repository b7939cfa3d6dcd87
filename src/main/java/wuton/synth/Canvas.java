package wuton.synth;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * An RGB image with a {@link Part} per pixel, painted back to front. Colour edges are antialiased;
 * a pixel takes a part's label when that part covers at least half of it, so the labels and the
 * colours always agree to within half a pixel.
 *
 * <p>Not thread-safe: each rendering thread uses its own canvas.
 */
final class Canvas {
    /** The colour of a pixel, for painting shapes with textures and shading. */
    @FunctionalInterface
    interface Paint {
        int colorAt(int x, int y);
    }

    final int width;
    final int height;
    /** 0xRRGGBB, row-major. */
    final int[] rgb;
    /** {@link Part} ordinals, row-major. */
    final byte[] part;

    // Java2D rasterises shapes into this coverage mask (0 to 255 per pixel).
    private final BufferedImage coverageImage;
    private final byte[] coverage;
    private final Graphics2D pen;

    Canvas(int width, int height) {
        this.width = width;
        this.height = height;
        this.rgb = new int[width * height];
        this.part = new byte[width * height];
        coverageImage = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        coverage = ((DataBufferByte) coverageImage.getRaster().getDataBuffer()).getData();
        pen = coverageImage.createGraphics();
        pen.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        pen.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        pen.setColor(Color.WHITE);
    }

    /** Paints a shape with a per-pixel colour and labels the pixels it mostly covers. */
    void fill(Shape shape, Paint paint, Part label) {
        Rectangle box = shape.getBounds().intersection(new Rectangle(0, 0, width, height));
        if (box.isEmpty()) {
            return;
        }
        pen.setComposite(AlphaComposite.Clear);
        pen.fillRect(box.x, box.y, box.width, box.height);
        pen.setComposite(AlphaComposite.SrcOver);
        pen.fill(shape);
        for (int y = box.y; y < box.y + box.height; y++) {
            for (int x = box.x; x < box.x + box.width; x++) {
                int i = y * width + x;
                int a = coverage[i] & 0xff;
                if (a != 0) {
                    blend(i, paint.colorAt(x, y), a / 255.0, label);
                }
            }
        }
    }

    /** Paints a shape in one colour. */
    void fill(Shape shape, int color, Part label) {
        fill(shape, (x, y) -> color, label);
    }

    /**
     * Paints colour {@code c} over pixel {@code i} with coverage {@code alpha} in [0, 1]; the pixel
     * takes the label when {@code alpha >= 0.5}.
     */
    void blend(int i, int c, double alpha, Part label) {
        rgb[i] = alpha >= 1 ? c : Colors.mix(rgb[i], c, alpha);
        if (alpha >= 0.5) {
            part[i] = (byte) label.ordinal();
        }
    }

    Part partAt(int x, int y) {
        return Part.of(part[y * width + x]);
    }
}
