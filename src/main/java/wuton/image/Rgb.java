package wuton.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/** Helpers for the {@link BufferedImage#TYPE_INT_RGB} images that samples hold. */
public final class Rgb {
    /** The neutral gray that hides the masked region of the agnostic person: 0 after normalisation. */
    public static final int GRAY = 0x808080;
    /** The background of the worn garment c_{a,p}. */
    public static final int WHITE = 0xffffff;

    private Rgb() {
    }

    /**
     * The image as opaque {@link BufferedImage#TYPE_INT_RGB} (itself when it already is): gray copied to the
     * three channels, transparent pixels composited onto white, as garments cut out of their background are
     * meant to be seen.
     */
    public static BufferedImage of(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return rgb;
    }

    /** The live pixel array (0xRRGGBB, row-major) of a {@link BufferedImage#TYPE_INT_RGB} image. */
    public static int[] pixels(BufferedImage rgb) {
        if (rgb.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("expected a TYPE_INT_RGB image, got type " + rgb.getType());
        }
        return ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
    }

    /** The image resized with bilinear interpolation (itself when the size already matches). */
    public static BufferedImage resized(BufferedImage rgb, int width, int height) {
        if (rgb.getWidth() == width && rgb.getHeight() == height) {
            return rgb;
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(rgb, 0, 0, width, height, null);
        g.dispose();
        return out;
    }
}
