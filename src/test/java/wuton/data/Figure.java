package wuton.data;

import java.awt.image.BufferedImage;
import wuton.image.ImageFiles;
import wuton.image.Plane;
import wuton.image.Rgb;
import wuton.labels.CocoKeypoint;
import wuton.labels.Keypoints;
import wuton.labels.LipLabel;

/**
 * A drawn person for test fixtures: rectangles of flat colour, each with its LIP label, and the matching
 * COCO-18 keypoints. Coordinates are fractions of the width and height, so any size works.
 */
record Figure(BufferedImage image, Plane parse, Keypoints pose) {
    static final int BACKGROUND = 0xdce6f0;
    static final int SKIN = 0xe0b090;
    static final int HAIR = 0x402010;
    static final int PANTS = 0x203050;
    /** The garment colours, one per garment index (mod the length). */
    static final int[] GARMENTS = {0xc03030, 0x30a040, 0x3050c0, 0xd0a020, 0x9040b0};

    /** A part: label, colour (-1 for the garment's) and x0, y0, x1, y1 as fractions. Later parts overdraw. */
    private record Part(LipLabel label, int colour, double x0, double y0, double x1, double y1) {
    }

    private static final Part[] PARTS = {
        new Part(LipLabel.HAIR, HAIR, .38, .04, .62, .12),
        new Part(LipLabel.FACE, SKIN, .40, .08, .60, .22),
        new Part(LipLabel.NECK, SKIN, .45, .22, .55, .28),
        new Part(LipLabel.UPPER_CLOTHES, -1, .30, .28, .70, .60),
        new Part(LipLabel.RIGHT_ARM, SKIN, .18, .28, .30, .58),
        new Part(LipLabel.LEFT_ARM, SKIN, .70, .28, .82, .58),
        new Part(LipLabel.PANTS, PANTS, .32, .60, .68, .92),
    };

    /** COCO-18 keypoints as fractions, in {@link CocoKeypoint} order. */
    private static final double[][] POINTS = {
        {.50, .16}, {.50, .28}, {.30, .29}, {.24, .43}, {.24, .56}, {.70, .29}, {.76, .43}, {.76, .56},
        {.42, .60}, {.42, .76}, {.42, .90}, {.58, .60}, {.58, .76}, {.58, .90},
        {.46, .14}, {.54, .14}, {.40, .15}, {.60, .15},
    };

    /** A person wearing garment {@code garment}, on a {@code width}x{@code height} image. */
    static Figure draw(int width, int height, int garment) {
        int[] rgb = new int[width * height];
        byte[] labels = new byte[width * height];
        java.util.Arrays.fill(rgb, BACKGROUND);
        for (Part part : PARTS) {
            int colour = part.colour < 0 ? garmentColour(garment) : part.colour;
            fill(width, height, part.x0, part.y0, part.x1, part.y1, (i) -> {
                rgb[i] = colour;
                labels[i] = (byte) part.label.id;
            });
        }
        float[] xyc = new float[3 * CocoKeypoint.count()];
        for (int k = 0; k < POINTS.length; k++) {
            xyc[3 * k] = (float) (POINTS[k][0] * width);
            xyc[3 * k + 1] = (float) (POINTS[k][1] * height);
            xyc[3 * k + 2] = 0.9f;
        }
        return new Figure(ImageFiles.rgbImage(rgb, width, height), new Plane(width, height, labels), new Keypoints(xyc));
    }

    /** The in-shop garment {@code garment} on white, and its 0/255 mask. */
    static BufferedImage[] garment(int width, int height, int garment) {
        int[] rgb = new int[width * height];
        byte[] mask = new byte[width * height];
        java.util.Arrays.fill(rgb, Rgb.WHITE);
        fill(width, height, .20, .15, .80, .85, (i) -> {
            rgb[i] = garmentColour(garment);
            mask[i] = (byte) 255;
        });
        return new BufferedImage[] {ImageFiles.rgbImage(rgb, width, height), ImageFiles.grayImage(mask, width, height)};
    }

    static int garmentColour(int garment) {
        return GARMENTS[garment % GARMENTS.length];
    }

    private static void fill(int w, int h, double x0, double y0, double x1, double y1, java.util.function.IntConsumer at) {
        for (int y = (int) Math.round(y0 * h); y < Math.round(y1 * h); y++) {
            for (int x = (int) Math.round(x0 * w); x < Math.round(x1 * w); x++) {
                at.accept(y * w + x);
            }
        }
    }
}
