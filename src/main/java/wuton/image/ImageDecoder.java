package wuton.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads and decodes image files for every reader of images users give ({@link Photos}, {@link SampleReader}).
 * Before decoding it refuses what would take too much memory ({@link ImageLimits}, checked on the file's size
 * and on the pixel count its header claims); after decoding it refuses what ImageIO decoded only in part. ImageIO
 * alone would paint a truncated JPEG's missing rows grey and only warn about it, so every warning of the
 * decoder counts as an error here. Thread-safe.
 */
public final class ImageDecoder {
    /** The formats wuton promises (ImageIO also reads TIFF and WBMP, which nothing here was checked with). */
    private static final Set<String> FORMATS = Set.of("jpeg", "png", "bmp", "gif");

    static {
        ImageIO.setUseCache(false);
    }

    private ImageDecoder() {
    }

    /**
     * Why an image cannot be read: a phrase that completes "cannot read FILE: ...", and its {@link Kind}, for
     * callers that answer each kind differently (a web service's status codes).
     */
    public static final class Refused extends Exception {
        /** What is wrong with the image. */
        public enum Kind {
            /** Over {@link ImageLimits}: the file's size or the pixel count its header claims. */
            TOO_LARGE,
            /** Not one of the formats wuton reads (JPEG, PNG, BMP, GIF). */
            UNSUPPORTED_FORMAT,
            /** A known format, but damaged, truncated or claiming an impossible size. */
            DAMAGED
        }

        private final Kind kind;

        Refused(Kind kind, String reason) {
            super(reason);
            this.kind = kind;
        }

        Refused(Kind kind, String reason, Throwable cause) {
            super(reason, cause);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    /**
     * The bytes of an image file, refused before reading when the file is over the size limit.
     *
     * @throws IOException when the file cannot be read (missing, a folder, no permission)
     */
    public static byte[] read(Path file, ImageLimits limits) throws IOException, Refused {
        long size = Files.size(file);
        if (size > limits.maxFileBytes()) {
            throw fileTooLarge(size, limits);
        }
        try (InputStream in = Files.newInputStream(file)) {
            // at most one byte past the limit, for what Files.size cannot tell (a pipe, a file that grows)
            byte[] bytes = in.readNBytes((int) limits.maxFileBytes() + 1);
            if (bytes.length > limits.maxFileBytes()) {
                throw fileTooLarge(bytes.length, limits);
            }
            return bytes;
        }
    }

    static Refused fileTooLarge(long size, ImageLimits limits) {
        return new Refused(Refused.Kind.TOO_LARGE, "the file is " + ImageLimits.bytes(size) + ", more than the limit of "
            + ImageLimits.bytes(limits.maxFileBytes()) + " for an image");
    }

    /** Decodes an image file's bytes, checking the pixel count its header claims before making any pixel buffer. */
    public static BufferedImage decode(byte[] bytes, ImageLimits limits) throws Refused {
        long width = 0, height = 0;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = readerFor(in);
            try {
                reader.setInput(in, true, true); // as ImageIO.read: forward only, no metadata objects
                width = reader.getWidth(0);       // these read the header only
                height = reader.getHeight(0);
                checkPixels(width, height, limits);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> {
                    warnings.add(warning);
                    source.abort(); // the rest of a truncated image would only be filled in
                });
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new Refused(Refused.Kind.DAMAGED, "damaged or truncated image data (" + firstLine(warnings.get(0)) + ")");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // ImageIO throws both for damaged files, with messages like "Unsupported Image Type"
            throw new Refused(Refused.Kind.DAMAGED, "not a readable image (" + reason(e) + ")", e);
        } catch (OutOfMemoryError e) {
            // a single failed allocation, of the pixel buffer: the rest of the program can go on
            throw new Refused(Refused.Kind.TOO_LARGE, "decoding its " + width + "x" + height + " pixels needs more memory than Java has left"
                + " (give it more with -Xmx, or read fewer images at once)", e);
        }
    }

    private static ImageReader readerFor(ImageInputStream in) throws IOException, Refused {
        for (Iterator<ImageReader> readers = ImageIO.getImageReaders(in); readers.hasNext();) {
            ImageReader reader = readers.next();
            if (FORMATS.contains(reader.getFormatName().toLowerCase(Locale.ROOT))) {
                return reader;
            }
            reader.dispose();
        }
        throw new Refused(Refused.Kind.UNSUPPORTED_FORMAT, "not a JPEG, PNG, BMP or GIF image");
    }

    private static void checkPixels(long width, long height, ImageLimits limits) throws Refused {
        if (width < 1 || height < 1) {
            throw new Refused(Refused.Kind.DAMAGED, "the image header claims " + width + "x" + height + " pixels");
        }
        if (width * height > limits.maxPixels()) {
            throw new Refused(Refused.Kind.TOO_LARGE, width + "x" + height + " pixels (" + ImageLimits.megapixels(width * height)
                + " megapixels), more than the limit of " + ImageLimits.megapixels(limits.maxPixels()) + " megapixels");
        }
    }

    private static String reason(Exception e) {
        if (e instanceof EOFException) {
            return "the file ends early";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("").strip();
    }
}
