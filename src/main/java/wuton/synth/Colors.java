package wuton.synth;

import java.util.SplittableRandom;

/** Packed 0xRRGGBB colours: construction, mixing and shading. */
final class Colors {
    private Colors() {
    }

    static int of(int r, int g, int b) {
        return (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
    }

    static int red(int c) {
        return (c >> 16) & 0xff;
    }

    static int green(int c) {
        return (c >> 8) & 0xff;
    }

    static int blue(int c) {
        return c & 0xff;
    }

    /** Linear mix: {@code t = 0} gives a, {@code t = 1} gives b. */
    static int mix(int a, int b, double t) {
        return of((int) Math.round(red(a) + (red(b) - red(a)) * t),
            (int) Math.round(green(a) + (green(b) - green(a)) * t),
            (int) Math.round(blue(a) + (blue(b) - blue(a)) * t));
    }

    /** Multiplies every channel by {@code factor} (below 1 darkens, above 1 lightens). */
    static int scale(int c, double factor) {
        return of((int) Math.round(red(c) * factor), (int) Math.round(green(c) * factor),
            (int) Math.round(blue(c) * factor));
    }

    /** A colour from hue, saturation and value, each in [0, 1]. */
    static int hsv(double h, double s, double v) {
        return java.awt.Color.HSBtoRGB((float) h, (float) s, (float) v) & 0xffffff;
    }

    /** A random fabric colour: any hue, from muted to vivid, from dark to light. */
    static int fabric(SplittableRandom r) {
        if (r.nextInt(6) == 0) { // neutrals: white, grays, black, beige
            double v = Seeds.uniform(r, 0.12, 0.97);
            return hsv(0.08, Seeds.uniform(r, 0, 0.15), v);
        }
        return hsv(r.nextDouble(), Seeds.uniform(r, 0.3, 0.9), Seeds.uniform(r, 0.3, 0.95));
    }

    /** A second colour that contrasts with {@code c} (for patterns). */
    static int contrasting(SplittableRandom r, int c) {
        for (int attempt = 0; attempt < 16; attempt++) {
            int d = fabric(r);
            if (distance(c, d) > 140) {
                return d;
            }
        }
        return luma(c) > 128 ? of(30, 30, 40) : of(240, 240, 235);
    }

    static double luma(int c) {
        return 0.299 * red(c) + 0.587 * green(c) + 0.114 * blue(c);
    }

    static double distance(int a, int b) {
        int dr = red(a) - red(b), dg = green(a) - green(b), db = blue(a) - blue(b);
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }
}
