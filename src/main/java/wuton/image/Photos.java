package wuton.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import wuton.common.UserError;

/**
 * Reads the photos users give to try-on, whatever their kind: JPEG, PNG, BMP or GIF; gray, RGB, with or
 * without alpha (composited onto white), 8 or 16 bits; JPEGs with an EXIF orientation are turned upright. The result is always an
 * upright {@link BufferedImage#TYPE_INT_RGB} image. Files over {@link ImageLimits} and damaged or truncated
 * ones are refused before or instead of being decoded. Thread-safe.
 */
public final class Photos {
    private Photos() {
    }

    /**
     * Decodes a photo file within {@link ImageLimits#DEFAULT}.
     *
     * @throws UserError one line naming the file when it is missing, unreadable, not an image, damaged or too large
     */
    public static BufferedImage read(Path file) {
        return read(file, ImageLimits.DEFAULT);
    }

    /**
     * Decodes a photo file within these limits.
     *
     * @throws UserError one line naming the file when it is missing, unreadable, not an image, damaged or too large
     */
    public static BufferedImage read(Path file, ImageLimits limits) {
        try {
            return decode(ImageDecoder.read(file, limits), limits);
        } catch (IOException e) {
            throw UserError.io("read", file, e);
        } catch (ImageDecoder.Refused e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes a photo's bytes already in memory (an upload) within these limits, as {@link #read(Path, ImageLimits)}
     * decodes a file's.
     *
     * @throws ImageDecoder.Refused saying why, and of what {@link ImageDecoder.Refused.Kind kind}, when the bytes
     *     are over the limits, not an image or damaged
     */
    public static BufferedImage decode(byte[] bytes, ImageLimits limits) throws ImageDecoder.Refused {
        if (bytes.length > limits.maxFileBytes()) {
            throw ImageDecoder.fileTooLarge(bytes.length, limits);
        }
        BufferedImage decoded = ImageDecoder.decode(bytes, limits);
        return ExifOrientation.apply(Rgb.of(decoded), ExifOrientation.of(bytes));
    }
}
