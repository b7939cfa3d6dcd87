package wuton.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import wuton.UserError;

/**
 * Reads the photos users give to try-on, whatever their kind: JPEG, PNG, BMP or GIF; gray, RGB, with or
 * without alpha (composited onto white), 8 or 16 bits; JPEGs with an EXIF orientation are turned upright. The result is always an
 * upright {@link BufferedImage#TYPE_INT_RGB} image. Thread-safe.
 */
public final class Photos {
    static {
        ImageIO.setUseCache(false);
    }

    private Photos() {
    }

    /**
     * Decodes a photo file.
     *
     * @throws UserError one line naming the file when it is missing, unreadable or not an image
     */
    public static BufferedImage read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw UserError.io("read", file, e);
        }
        BufferedImage decoded;
        try {
            decoded = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            // ImageIO throws both for damaged files, with messages like "Unsupported Image Type"
            throw new UserError("cannot read " + file + ": not a readable image (" + e.getMessage() + ")", e);
        }
        if (decoded == null) {
            throw new UserError("cannot read " + file + ": not a JPEG, PNG, BMP or GIF image");
        }
        return ExifOrientation.apply(Rgb.of(decoded), ExifOrientation.of(bytes));
    }
}
