package wuton.synth;

import wuton.labels.CocoKeypoint;
import wuton.labels.Keypoints;

/**
 * Photographs a drawn person as a {@link Shot} says: the person drawn at the shot's scale in front of a background
 * photograph, framed, lit, and seen through a camera. What makes a photograph a photograph, and what a try-on must
 * leave alone, in the order light and a camera add it:
 *
 * <ol>
 *   <li><b>Framing.</b> The person is drawn on a canvas {@code zoom} times the image's size, with the background
 *   photograph behind (so the drawing's anti-aliased edges blend into it), and the image is a window of that canvas:
 *   a pure translation, so parsing and keypoints stay exact. Keypoints outside the window are missing.</li>
 *   <li><b>Light.</b> The person is brighter on the side the light comes from; the garment darkens along folds;
 *   the person casts a soft shadow on the background; the whole picture is warmer or cooler and brighter or darker.
 *   Every one of these is a function of the shot and of where the person and the garment are, so the same person in
 *   another garment is lit alike: the unpaired truth stays exact.</li>
 *   <li><b>Camera.</b> Blur, sensor noise (the same pattern for the same person) and JPEG compression.</li>
 * </ol>
 */
final class Photographer {
    private Photographer() {
    }

    /**
     * The photograph of {@code person} wearing {@code garment}.
     *
     * @param confidenceSeed seeds the keypoint confidences
     * @param noiseSeed      seeds the sensor noise
     */
    static Rendering photograph(PersonSpec person, GarmentSpec garment, Shot shot, int width, int height,
                                long confidenceSeed, long noiseSeed) {
        int[] backdrop = Backdrops.render(shot, width, height);
        int n = width * height;
        int[] rgb;
        byte[] parts = new byte[n];
        byte[] coverage = new byte[n];
        Keypoints keypoints;
        double headUnit = shot.zoom() * Skeleton.headUnit(width, height);
        if (shot.empty()) {
            rgb = backdrop.clone();
            keypoints = new Keypoints(new float[3 * CocoKeypoint.count()]);
        } else {
            int canvasWidth = shot.canvasWidth(width), canvasHeight = shot.canvasHeight(height);
            int ox = shot.offsetX(), oy = shot.offsetY();
            Canvas.Paint behind = (x, y) -> backdrop[clamp(y - oy, height) * width + clamp(x - ox, width)];
            Rendering drawn = PersonPainter.render(person, garment, canvasWidth, canvasHeight, behind, confidenceSeed);
            rgb = new int[n];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int i = y * width + x, cx = x + ox, cy = y + oy;
                    if (cx >= 0 && cy >= 0 && cx < canvasWidth && cy < canvasHeight) {
                        int j = cy * canvasWidth + cx;
                        rgb[i] = drawn.rgb()[j];
                        parts[i] = drawn.parts()[j];
                        coverage[i] = drawn.garmentCoverage()[j];
                    } else {
                        rgb[i] = backdrop[i];
                    }
                }
            }
            keypoints = framed(drawn.keypoints(), ox, oy, width, height);
            light(rgb, parts, width, height, shot, headUnit);
        }
        tone(rgb, shot);
        if (shot.blur() > 0) {
            rgb = Filters.gaussian(rgb, width, height, shot.blur());
        }
        if (shot.noise() > 0) {
            rgb = Filters.noise(rgb, shot.noise(), noiseSeed);
        }
        if (shot.jpegQuality() > 0) {
            rgb = Filters.jpeg(rgb, width, height, shot.jpegQuality());
        }
        return new Rendering(width, height, rgb, parts, coverage, keypoints);
    }

    /** The keypoints in the image's pixels; those outside it are missing, as a pose estimator would report them. */
    private static Keypoints framed(Keypoints onCanvas, int ox, int oy, int width, int height) {
        float[] xyc = onCanvas.transformed(1, 1, -ox, -oy).toArray();
        for (int i = 0; i < xyc.length; i += 3) {
            if (xyc[i + 2] > 0 && (xyc[i] < 0 || xyc[i + 1] < 0 || xyc[i] >= width || xyc[i + 1] >= height)) {
                xyc[i] = 0;
                xyc[i + 1] = 0;
                xyc[i + 2] = 0;
            }
        }
        return new Keypoints(xyc);
    }

    /**
     * Directional light and folds on the person, a soft shadow on the background. The light's gain varies linearly
     * across the drawing's canvas (the body's frame, the same whatever the garment), from 1 - s/2 on the far side to
     * 1 + s/2 on the lit side; a fold darkens the garment by up to its depth along a sharpened sine across the fold
     * direction. Only the shadow depends on the garment's outline, as a real shadow does.
     */
    private static void light(int[] rgb, byte[] parts, int width, int height, Shot shot, double headUnit) {
        double cx = shot.canvasWidth(width) / 2.0 - shot.offsetX(), cy = shot.canvasHeight(height) / 2.0 - shot.offsetY();
        double hx = 0.3 * shot.canvasWidth(width), hy = 0.5 * shot.canvasHeight(height);
        double lx = -Math.cos(shot.lightAngle()), ly = -Math.sin(shot.lightAngle());
        double fx = Math.cos(shot.foldAngle()), fy = Math.sin(shot.foldAngle());
        double foldFrequency = 2 * Math.PI / (shot.foldPeriod() * headUnit);
        float[] shadow = new float[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            shadow[i] = parts[i] != Part.BACKGROUND.ordinal() ? 1 : 0;
        }
        Filters.blur(shadow, width, height, Math.max(0.5, 0.02 * height));
        int sx = (int) Math.round(shot.shadowX()), sy = (int) Math.round(shot.shadowY());
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                Part part = Part.of(parts[i]);
                if (part == Part.BACKGROUND) {
                    int u = x - sx, v = y - sy;
                    float cast = u >= 0 && v >= 0 && u < width && v < height ? shadow[v * width + u] : 0;
                    if (cast > 0) {
                        rgb[i] = Colors.scale(rgb[i], 1 - shot.shadowDepth() * cast);
                    }
                    continue;
                }
                double across = Math.max(-1, Math.min(1, ((x - cx) / hx * lx + (y - cy) / hy * ly) / Math.sqrt(2)));
                double gain = 1 + shot.lightStrength() / 2 * across;
                if (part == Part.GARMENT) {
                    double wave = 0.5 + 0.5 * Math.sin(foldFrequency * (x * fx + y * fy) + shot.foldPhase());
                    gain *= 1 - shot.foldDepth() * wave * wave * wave;
                }
                rgb[i] = Colors.scale(rgb[i], gain);
            }
        }
    }

    /** White balance and exposure over the whole picture. */
    private static void tone(int[] rgb, Shot shot) {
        double red = shot.exposure() * (1 + shot.warmth()), green = shot.exposure(),
            blue = shot.exposure() * (1 - shot.warmth());
        for (int i = 0; i < rgb.length; i++) {
            int c = rgb[i];
            rgb[i] = Colors.of((int) Math.round(Colors.red(c) * red), (int) Math.round(Colors.green(c) * green),
                (int) Math.round(Colors.blue(c) * blue));
        }
    }

    private static int clamp(int v, int size) {
        return v < 0 ? 0 : Math.min(size - 1, v);
    }
}
