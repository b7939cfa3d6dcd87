package wuton.image;

import java.math.BigDecimal;
import java.util.Locale;
import wuton.common.UserError;

/**
 * How large an image file may be before wuton decodes it. A compressed file can claim far more pixels than it
 * holds (a 1.2 MB PNG of 20000 x 20000 pixels takes 5.6 GB to decode), so the pixel count is read from the
 * image's header and checked before any pixel buffer is made; the file size is checked before the file is
 * read, so a huge file never reaches memory.
 *
 * @param maxPixels the most pixels (width x height) an image may have
 * @param maxFileBytes the most bytes an image file may have; at most {@link #MAX_FILE_BYTES_CAP}
 */
public record ImageLimits(long maxPixels, long maxFileBytes) {
    /**
     * 50 megapixels: above the photos of today's phones and most cameras (8192 x 6144), and, decoded as
     * RGB, 200 MB, which a default JVM can hold a few of at once.
     */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000;
    /** 256 MiB: far above any photo's file, far below the memory a JVM is usually given. */
    public static final long DEFAULT_MAX_FILE_BYTES = 256L << 20;
    /** A file is read into one Java array, which holds at most about 2 GiB. */
    public static final long MAX_FILE_BYTES_CAP = Integer.MAX_VALUE - 8;
    /** The limits the commands and {@link Photos#read(java.nio.file.Path)} use unless told otherwise. */
    public static final ImageLimits DEFAULT = new ImageLimits(DEFAULT_MAX_PIXELS, DEFAULT_MAX_FILE_BYTES);

    public ImageLimits {
        if (maxPixels < 1) {
            throw new UserError("pixel limit " + maxPixels + ": must be at least 1");
        }
        if (maxFileBytes < 1 || maxFileBytes > MAX_FILE_BYTES_CAP) {
            throw new UserError("file size limit " + maxFileBytes + " bytes: must be 1 to " + MAX_FILE_BYTES_CAP);
        }
    }

    /** These limits with another pixel limit. */
    public ImageLimits withMaxPixels(long pixels) {
        return new ImageLimits(pixels, maxFileBytes);
    }

    /** A pixel count in megapixels for messages, exactly: "3600", "0.5", "0.001". */
    public static String megapixels(long pixels) {
        return BigDecimal.valueOf(pixels, 6).stripTrailingZeros().toPlainString();
    }

    /** A file size for messages: "3.0 GiB", "256 MiB", "812 bytes". */
    public static String bytes(long n) {
        if (n < 1L << 20) {
            return n + " bytes";
        }
        String text = n < 1L << 30 ? String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20))
            : String.format(Locale.ROOT, "%.1f GiB", n / (double) (1L << 30));
        return text.replace(".0 ", " ");
    }
}
