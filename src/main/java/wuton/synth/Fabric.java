package wuton.synth;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * Evaluates a {@link TextureSpec} at fabric coordinates (X, Y). Edges are antialiased with the
 * pixel footprint {@code px} (fabric units per pixel), so stripes stay clean at any image size.
 */
final class Fabric {
    /** Where the print sits on the chest, in garment units (X across from the centre, Y down from the collar). */
    private static final double LOGO_LEFT = -0.5, LOGO_TOP = 0.45, LOGO_WIDTH = 1.0, LOGO_HEIGHT = 0.42;
    private static final int LOGO_RASTER_WIDTH = 160, LOGO_RASTER_HEIGHT = 64;

    private final TextureSpec spec;
    private final byte[] logoMask; // coverage of the printed text, LOGO only
    private final double gradientCos, gradientSin;

    Fabric(TextureSpec spec) {
        this.spec = spec;
        this.gradientCos = Math.cos(spec.angle());
        this.gradientSin = Math.sin(spec.angle());
        this.logoMask = spec.pattern() == TextureSpec.Pattern.LOGO ? rasteriseLogo(spec.logo()) : null;
    }

    /** The colour at (X, Y); {@code px} is the size of a pixel in fabric units. */
    int colorAt(double x, double y, double px) {
        double period = spec.period();
        switch (spec.pattern()) {
            case SOLID:
                return spec.base();
            case HORIZONTAL_STRIPES:
                return Colors.mix(spec.base(), spec.accent(), stripe(y, period, 0.45, px));
            case VERTICAL_STRIPES:
                return Colors.mix(spec.base(), spec.accent(), stripe(x, period, 0.4, px));
            case CHECKS: {
                double h = stripe(y, period, 0.5, px), v = stripe(x, period, 0.5, px);
                return Colors.mix(spec.base(), spec.accent(), 0.5 * (h + v));
            }
            case POLKA_DOTS:
                return Colors.mix(spec.base(), spec.accent(), dot(x, y, period, px));
            case FLORAL:
                return floral(x, y, px);
            case LOGO:
                return Colors.mix(spec.base(), spec.accent(), logo(x, y));
            case GRADIENT: {
                double t = smooth((y * gradientCos + x * gradientSin) / 2.6 + 0.1);
                return Colors.mix(spec.base(), spec.accent(), t);
            }
            case DENIM: {
                // a diagonal twill: fine diagonal lines of a lighter thread
                double twill = stripe(x + y, period * 0.35, 0.3, px);
                return Colors.mix(spec.base(), spec.accent(), 0.35 * twill);
            }
            default:
                throw new IllegalStateException(spec.pattern().toString());
        }
    }

    /** 1 inside the stripe, 0 outside, antialiased: stripes of width {@code duty * period}. */
    private static double stripe(double t, double period, double duty, double px) {
        double f = t / period - Math.floor(t / period); // position within the repeat, 0 to 1
        double inside = Math.min(f, duty - f) * period; // distance to the nearest stripe edge when inside
        double outside = -Math.min(f - duty, 1 - f) * period;
        return edge(f < duty ? inside : outside, px);
    }

    private static double dot(double x, double y, double period, double px) {
        double row = Math.floor(y / period);
        double shift = (row % 2 == 0) ? 0 : 0.5 * period; // staggered rows
        double cx = (Math.floor((x + shift) / period) + 0.5) * period - shift;
        double cy = (row + 0.5) * period;
        return edge(0.28 * period - Geometry.length(x - cx, y - cy), px);
    }

    private int floral(double x, double y, double px) {
        double cell = spec.period() * 1.6;
        double gx = Math.floor(x / cell), gy = Math.floor(y / cell);
        long h = Seeds.mix((long) gx * 73856093L, (long) gy * 19349663L);
        // each cell holds one flower, jittered inside it
        double cx = (gx + 0.3 + 0.4 * ((h & 0xff) / 255.0)) * cell;
        double cy = (gy + 0.3 + 0.4 * (((h >> 8) & 0xff) / 255.0)) * cell;
        double rot = ((h >> 16) & 0xff) / 255.0 * Math.PI;
        double dx = x - cx, dy = y - cy;
        double r = Geometry.length(dx, dy);
        double size = cell * 0.34;
        if (r > size + px) {
            return spec.base(); // outside every petal: skip the trigonometry
        }
        double petalEdge = size * (0.45 + 0.55 * Math.abs(Math.cos(2.5 * Math.atan2(dy, dx) + rot)));
        int petal = ((h >> 24) & 1) == 0 ? spec.accent() : Colors.mix(spec.accent(), spec.third(), 0.6);
        int c = Colors.mix(spec.base(), petal, edge(petalEdge - r, px));
        return Colors.mix(c, 0xF2C94C, edge(size * 0.22 - r, px)); // the flower's heart
    }

    private double logo(double x, double y) {
        double u = (x - LOGO_LEFT) / LOGO_WIDTH, v = (y - LOGO_TOP) / LOGO_HEIGHT;
        if (u < 0 || u >= 1 || v < 0 || v >= 1) {
            return 0;
        }
        // bilinear lookup in the text raster
        double fx = u * (LOGO_RASTER_WIDTH - 1), fy = v * (LOGO_RASTER_HEIGHT - 1);
        int x0 = (int) fx, y0 = (int) fy;
        int x1 = Math.min(x0 + 1, LOGO_RASTER_WIDTH - 1), y1 = Math.min(y0 + 1, LOGO_RASTER_HEIGHT - 1);
        double ax = fx - x0, ay = fy - y0;
        double top = mask(x0, y0) * (1 - ax) + mask(x1, y0) * ax;
        double bottom = mask(x0, y1) * (1 - ax) + mask(x1, y1) * ax;
        return (top * (1 - ay) + bottom * ay) / 255.0;
    }

    private int mask(int x, int y) {
        return logoMask[y * LOGO_RASTER_WIDTH + x] & 0xff;
    }

    private static byte[] rasteriseLogo(String text) {
        BufferedImage img = new BufferedImage(LOGO_RASTER_WIDTH, LOGO_RASTER_HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        double scale = Math.min((LOGO_RASTER_WIDTH - 8.0) / PixelFont.width(text),
            (LOGO_RASTER_HEIGHT - 8.0) / PixelFont.GLYPH_HEIGHT);
        g.translate(LOGO_RASTER_WIDTH / 2.0, LOGO_RASTER_HEIGHT / 2.0);
        g.scale(scale, scale);
        g.translate(-PixelFont.width(text) / 2.0, -PixelFont.GLYPH_HEIGHT / 2.0);
        g.setColor(java.awt.Color.WHITE);
        g.fill(PixelFont.outline(text));
        g.dispose();
        return ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    }

    /** Antialiased step: 1 well inside (d > 0), 0 well outside, over one pixel. */
    static double edge(double signedDistance, double px) {
        double t = 0.5 + signedDistance / px;
        return t <= 0 ? 0 : t >= 1 ? 1 : t;
    }

    private static double smooth(double t) {
        t = t < 0 ? 0 : Math.min(1, t);
        return t * t * (3 - 2 * t);
    }
}
