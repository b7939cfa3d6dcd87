package wuton.image;

import java.awt.image.BufferedImage;
import wuton.labels.Keypoints;

/**
 * Where a picture of any size goes in the model's frame (W x H, e.g. 192 x 256): scaled to fit whole,
 * keeping its aspect ratio, and centred; the rest of the frame is padding. {@link #unfit} undoes it for the
 * model's output: crops the padding away and scales back to the picture's own size. A 600 x 800 photo fills
 * a 192 x 256 frame exactly; a square one gets bands left and right.
 *
 * <p>Why not stretch: the model was trained on people with natural proportions, and a squeezed body warps
 * the garment wrongly.
 *
 * @param sourceWidth  the picture's width
 * @param sourceHeight the picture's height
 * @param frameWidth   the model's width W
 * @param frameHeight  the model's height H
 * @param x            left edge of the picture in the frame
 * @param y            top edge of the picture in the frame
 * @param width        the picture's width in the frame
 * @param height       the picture's height in the frame
 */
public record Letterbox(int sourceWidth, int sourceHeight, int frameWidth, int frameHeight,
                        int x, int y, int width, int height) {

    /** What fills the frame around the picture. */
    public enum Padding {
        /**
         * The picture's outermost row or column repeated: a person's studio background simply continues, so
         * the model sees no edge that was not in the photo.
         */
        EDGE,
        /** White, the background of in-shop garment photos. */
        WHITE(Rgb.WHITE),
        /** Black (zeros), as MoveNet's and MediaPipe's own pipelines pad ({@code tf.image.resize_with_pad}). */
        BLACK(0x000000);

        /** The colour of the padding, 0xRRGGBB; unused for {@link #EDGE}. */
        private final int fill;

        Padding() {
            this(0);
        }

        Padding(int fill) {
            this.fill = fill;
        }
    }

    /** The placement of a {@code sourceWidth} x {@code sourceHeight} picture in a frame. */
    public static Letterbox of(int sourceWidth, int sourceHeight, int frameWidth, int frameHeight) {
        double scale = Math.min((double) frameWidth / sourceWidth, (double) frameHeight / sourceHeight);
        int w = (int) Math.max(1, Math.min(frameWidth, Math.round(sourceWidth * scale)));
        int h = (int) Math.max(1, Math.min(frameHeight, Math.round(sourceHeight * scale)));
        return new Letterbox(sourceWidth, sourceHeight, frameWidth, frameHeight,
            (frameWidth - w) / 2, (frameHeight - h) / 2, w, h);
    }

    /** The placement of an image in a frame. */
    public static Letterbox of(BufferedImage source, int frameWidth, int frameHeight) {
        return of(source.getWidth(), source.getHeight(), frameWidth, frameHeight);
    }

    /** The picture (this letterbox's source size, TYPE_INT_RGB) in the frame: a new frame-size image. */
    public BufferedImage fit(BufferedImage source, Padding padding) {
        int[] picture = Rgb.pixels(resize(source, width, height));
        BufferedImage frame = new BufferedImage(frameWidth, frameHeight, BufferedImage.TYPE_INT_RGB);
        int[] out = Rgb.pixels(frame);
        for (int fy = 0; fy < frameHeight; fy++) {
            int py = Math.max(0, Math.min(height - 1, fy - y));
            for (int fx = 0; fx < frameWidth; fx++) {
                int px = Math.max(0, Math.min(width - 1, fx - x));
                boolean inside = px == fx - x && py == fy - y;
                out[fy * frameWidth + fx] = inside || padding == Padding.EDGE ? picture[py * width + px] : padding.fill;
            }
        }
        return frame;
    }

    /** A parsing map of the picture in the frame: nearest-neighbour, background (label 0) around it. */
    public Plane fit(Plane parse) {
        byte[] picture = parse.resizedNearest(width, height).values();
        byte[] out = new byte[frameWidth * frameHeight];
        for (int py = 0; py < height; py++) {
            System.arraycopy(picture, py * width, out, (y + py) * frameWidth + x, width);
        }
        return new Plane(frameWidth, frameHeight, out);
    }

    /** Keypoints in pixels of the picture, in pixels of the frame. */
    public Keypoints fit(Keypoints pose) {
        return pose.transformed((double) width / sourceWidth, (double) height / sourceHeight, x, y);
    }

    /** The picture's part of a frame-size image, scaled back to the picture's own size: a new image. */
    public BufferedImage unfit(BufferedImage frame) {
        BufferedImage crop = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        crop.setRGB(0, 0, width, height, frame.getRGB(x, y, width, height, null, 0, width), 0, width);
        return resize(crop, sourceWidth, sourceHeight);
    }

    /**
     * Bilinear resizing, halving first while the image is more than twice the target: one bilinear step
     * from a large photo to 256 x 192 would skip most pixels and alias.
     */
    static BufferedImage resize(BufferedImage image, int w, int h) {
        BufferedImage current = image;
        while (current.getWidth() >= 2 * w && current.getHeight() >= 2 * h) {
            current = Rgb.resized(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        return Rgb.resized(current, w, h);
    }
}
