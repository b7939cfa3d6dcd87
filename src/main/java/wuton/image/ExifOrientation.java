package wuton.image;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The EXIF orientation of a JPEG (tag 0x0112 of the first image directory), and the turn or flip that
 * shows the stored pixels upright. Cameras store the sensor's pixels as they were and record the
 * phone's rotation here; ImageIO ignores the tag, so a portrait photo would reach the model lying on
 * its side. Values 1 to 8 as the EXIF standard numbers them; anything unreadable counts as 1 (as is).
 */
public final class ExifOrientation {
    /** Stored upright: nothing to do. */
    public static final int UPRIGHT = 1;

    private static final int SOI = 0xd8, APP1 = 0xe1, SOS = 0xda, EOI = 0xd9;
    private static final int ORIENTATION_TAG = 0x0112;
    private static final byte[] EXIF_HEADER = {'E', 'x', 'i', 'f', 0, 0};

    private ExifOrientation() {
    }

    /** The orientation recorded in a JPEG file's bytes; {@link #UPRIGHT} when there is none or it is not a JPEG. */
    public static int of(byte[] jpeg) {
        try {
            return find(ByteBuffer.wrap(jpeg));
        } catch (RuntimeException truncated) {
            // a damaged header is not worth refusing an image ImageIO can decode: show it as stored
            return UPRIGHT;
        }
    }

    /** Walks the JPEG markers up to the image data, looking for the Exif APP1 segment. */
    private static int find(ByteBuffer b) {
        if ((b.get() & 0xff) != 0xff || (b.get() & 0xff) != SOI) {
            return UPRIGHT;
        }
        while (b.remaining() >= 4) {
            if ((b.get() & 0xff) != 0xff) {
                return UPRIGHT;
            }
            int marker = b.get() & 0xff;
            if (marker == 0xff) {
                b.position(b.position() - 1); // fill byte: the next one starts the marker
                continue;
            }
            if (marker == SOS || marker == EOI) {
                return UPRIGHT;
            }
            int length = b.getShort() & 0xffff; // counts its own two bytes
            int start = b.position();
            if (marker == APP1 && isExif(b)) {
                return fromTiff(b.slice(start + EXIF_HEADER.length, length - 2 - EXIF_HEADER.length));
            }
            b.position(start + length - 2);
        }
        return UPRIGHT;
    }

    private static boolean isExif(ByteBuffer b) {
        for (int i = 0; i < EXIF_HEADER.length; i++) {
            if (b.get(b.position() + i) != EXIF_HEADER[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads the tag from a TIFF structure: byte order ("II" or "MM"), 42, then the first directory. */
    private static int fromTiff(ByteBuffer tiff) {
        tiff.order(tiff.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int directory = tiff.getInt(4);
        int entries = tiff.getShort(directory) & 0xffff;
        for (int i = 0; i < entries; i++) {
            int entry = directory + 2 + 12 * i; // tag, type, count, then the value itself when it fits 4 bytes
            if ((tiff.getShort(entry) & 0xffff) == ORIENTATION_TAG) {
                int value = tiff.getShort(entry + 8) & 0xffff;
                return value >= 1 && value <= 8 ? value : UPRIGHT;
            }
        }
        return UPRIGHT;
    }

    /**
     * The image as it should be shown: {@code stored} turned and flipped by an orientation. Orientations
     * 5 to 8 swap width and height.
     */
    public static BufferedImage apply(BufferedImage stored, int orientation) {
        if (orientation == UPRIGHT) {
            return stored;
        }
        int w = stored.getWidth(), h = stored.getHeight();
        boolean swaps = orientation >= 5;
        BufferedImage out = new BufferedImage(swaps ? h : w, swaps ? w : h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // where the stored pixel (x, y) goes in the upright picture
                int dx, dy;
                switch (orientation) {
                    case 2 -> { dx = w - 1 - x; dy = y; }          // mirrored left-right
                    case 3 -> { dx = w - 1 - x; dy = h - 1 - y; }  // upside down
                    case 4 -> { dx = x; dy = h - 1 - y; }          // mirrored top-bottom
                    case 5 -> { dx = y; dy = x; }                  // transposed
                    case 6 -> { dx = h - 1 - y; dy = x; }          // needs a quarter turn clockwise
                    case 7 -> { dx = h - 1 - y; dy = w - 1 - x; }  // transposed the other way
                    case 8 -> { dx = y; dy = w - 1 - x; }          // needs a quarter turn anticlockwise
                    default -> throw new IllegalArgumentException("EXIF orientation " + orientation + " is not 1-8");
                }
                out.setRGB(dx, dy, stored.getRGB(x, y));
            }
        }
        return out;
    }
}
