package wuton.synth;

import java.util.SplittableRandom;

/**
 * How one person of the photographic world is photographed: framing, background, light and camera. A function of
 * the person alone (its own random stream), so the person in any garment, and so the unpaired truth, is the same
 * photograph but for the garment. Lengths are in output pixels unless named otherwise.
 *
 * @param framing      how much of the person the frame holds
 * @param zoom         the person is drawn on a canvas {@code zoom} times the image's size (1: whole and filling the
 *                     height, as in the studio world)
 * @param offsetX      the image's left edge on that canvas, in canvas pixels (negative: the canvas starts inside
 *                     the image)
 * @param offsetY      the image's top edge on that canvas
 * @param empty        no person at all: the background alone
 * @param background   which photograph of {@link Backdrops}
 * @param backgroundZoom how much larger than needed to cover the image the photograph is drawn, at least 1
 * @param backgroundX  where the image lies across the spare width of the zoomed photograph, 0 to 1
 * @param backgroundY  the same down its spare height
 * @param mirrored     the photograph flipped left to right
 * @param backgroundBlur the photograph's blur (out of focus behind the person), Gaussian sigma
 * @param lightAngle   where the light comes from, radians in the image plane (0: from the left)
 * @param lightStrength how much brighter the lit side of the person is than the other, as a fraction
 * @param shadowX      the person's shadow on the background, displaced by this much
 * @param shadowY      the same downwards
 * @param shadowDepth  how much the shadow darkens, 0 to 1
 * @param foldAngle    the direction across the garment's folds, radians
 * @param foldPeriod   the distance between folds, in head units of the drawn person
 * @param foldDepth    how much a fold darkens the garment, 0 to 1
 * @param foldPhase    where the folds fall, radians
 * @param warmth       colour temperature: red up and blue down by this fraction (negative: cooler)
 * @param exposure     overall brightness gain
 * @param blur         the camera's blur, Gaussian sigma (0: sharp)
 * @param noise        the sensor's noise, standard deviation in levels of 255
 * @param jpegQuality  the JPEG quality the photograph was saved at, 1 to 100 (0: not a JPEG)
 */
record Shot(Framing framing, double zoom, int offsetX, int offsetY, boolean empty, int background,
            double backgroundZoom, double backgroundX, double backgroundY, boolean mirrored, double backgroundBlur,
            double lightAngle, double lightStrength, double shadowX, double shadowY, double shadowDepth,
            double foldAngle, double foldPeriod, double foldDepth, double foldPhase, double warmth, double exposure,
            double blur, double noise, int jpegQuality) {

    /** How much of the person the frame holds. */
    enum Framing {
        /** Head to feet, at any size and anywhere, sometimes cut by a side of the frame. */
        WHOLE(0.55, 1.05, 0.35),
        /** Head to about the knees. */
        THREE_QUARTER(1.25, 1.5, 0.25),
        /** Head to about the hips. */
        HALF(1.6, 2.0, 0.25),
        /** Head and chest. */
        CLOSE_UP(2.2, 2.7, 0.15);

        /** The zoom's range: the person is drawn on a canvas this many times the image's size. */
        final double minZoom, maxZoom;
        /** How often this framing is drawn. */
        final double share;

        Framing(double minZoom, double maxZoom, double share) {
            this.minZoom = minZoom;
            this.maxZoom = maxZoom;
            this.share = share;
        }
    }

    /** The studio world's shot: whole, centred, filling the height; no background photograph, light or camera. */
    static Shot studio() {
        return new Shot(Framing.WHOLE, 1, 0, 0, false, -1, 1, 0.5, 0.5, false, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0,
            0);
    }

    /**
     * Samples a photograph of a {@code width} by {@code height} image.
     *
     * @param backgrounds  how many background photographs there are
     * @param emptyChance  the probability of a photograph with no person
     */
    static Shot sample(SplittableRandom r, int width, int height, int backgrounds, double emptyChance) {
        Framing framing = framing(r.nextDouble());
        double zoom = Seeds.uniform(r, framing.minZoom, framing.maxZoom);
        int canvasWidth = scaled(zoom, width), canvasHeight = scaled(zoom, height);
        int offsetX, offsetY;
        if (framing == Framing.WHOLE) {
            // a smaller person anywhere across, standing at any height with the feet inside the frame or just
            // below it; a person wider than the spare room is cut by a side now and then
            double spareX = width - canvasWidth;
            offsetX = (int) Math.round(-(Seeds.uniform(r, -0.15, 1.15) * spareX));
            offsetY = (int) Math.round(-(Seeds.uniform(r, 0.1, 1.0) * (height - canvasHeight)));
        } else {
            // the head near the top, the body's axis anywhere between a third and two thirds across, or further out
            double headTop = 0.028 * canvasHeight;
            offsetY = (int) Math.round(headTop - Seeds.uniform(r, 0.02, 0.12) * height);
            double axis = Seeds.uniform(r, 0.2, 0.8) * width;
            offsetX = (int) Math.round(canvasWidth / 2.0 - axis);
        }
        boolean empty = r.nextDouble() < emptyChance;
        int background = r.nextInt(backgrounds);
        double backgroundZoom = Seeds.uniform(r, 1.0, 1.6);
        double backgroundX = r.nextDouble(), backgroundY = r.nextDouble();
        boolean mirrored = r.nextBoolean();
        double backgroundBlur = r.nextDouble() < 0.5 ? 0 : Seeds.uniform(r, 0.5, 2.5) * height / 256.0;
        double lightAngle = Seeds.uniform(r, 0, 2 * Math.PI);
        double lightStrength = Seeds.uniform(r, 0, 0.35);
        double shadowLength = Seeds.uniform(r, 0, 0.06) * height;
        double shadowX = -Math.cos(lightAngle) * shadowLength, shadowY = Math.abs(Math.sin(lightAngle)) * shadowLength;
        double shadowDepth = Seeds.uniform(r, 0, 0.35);
        double foldAngle = Seeds.uniform(r, 0, Math.PI);
        double foldPeriod = Seeds.uniform(r, 0.35, 0.9);
        double foldDepth = Seeds.uniform(r, 0, 0.18);
        double foldPhase = Seeds.uniform(r, 0, 2 * Math.PI);
        double warmth = Seeds.uniform(r, -0.12, 0.12);
        double exposure = Seeds.uniform(r, 0.8, 1.12);
        double blur = r.nextDouble() < 0.6 ? 0 : Seeds.uniform(r, 0.3, 1.0) * height / 256.0;
        double noise = r.nextDouble() < 0.3 ? 0 : Seeds.uniform(r, 1, 7);
        int jpegQuality = r.nextDouble() < 0.4 ? 0 : 40 + r.nextInt(56);
        return new Shot(framing, zoom, offsetX, offsetY, empty, background, backgroundZoom, backgroundX, backgroundY,
            mirrored, backgroundBlur, lightAngle, lightStrength, shadowX, shadowY, shadowDepth, foldAngle, foldPeriod,
            foldDepth, foldPhase, warmth, exposure, blur, noise, jpegQuality);
    }

    private static Framing framing(double u) {
        double sum = 0;
        for (Framing f : Framing.values()) {
            sum += f.share;
            if (u < sum) {
                return f;
            }
        }
        return Framing.WHOLE;
    }

    /** The width of the canvas the person is drawn on, for an image {@code width} wide. */
    int canvasWidth(int width) {
        return scaled(zoom, width);
    }

    /** The height of the canvas the person is drawn on, for an image {@code height} high. */
    int canvasHeight(int height) {
        return scaled(zoom, height);
    }

    /** A side of the canvas: the image's side times the zoom, in whole pixels. */
    private static int scaled(double zoom, int side) {
        return (int) Math.round(zoom * side);
    }
}
