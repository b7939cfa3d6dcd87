package wuton.image;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import wuton.labels.LipLabel;

/** Image encoding and atomic file writes shared by everything that writes images. */
public final class ImageFiles {
    /** PNG deflate effort: fast enough for bulk writing, within a few percent of the smallest files. */
    private static final float PNG_COMPRESSION_QUALITY = 0.6f;
    /** JPEG quality for try-on results: high, so that compression adds no visible blocks. */
    public static final float JPEG_QUALITY = 0.95f;

    private ImageFiles() {
    }

    /** Encodes an image as PNG bytes. */
    public static byte[] png(BufferedImage image) {
        return encode("png", image, PNG_COMPRESSION_QUALITY);
    }

    private static byte[] encode(String format, BufferedImage image, float compressionQuality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(image.getWidth() * image.getHeight());
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(compressionQuality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Writes an image as PNG, atomically. */
    public static void writePng(BufferedImage image, Path file) {
        wuton.common.AtomicFiles.write(file, png(image));
    }

    /**
     * Writes an image atomically as RGB PNG or JPEG, as the file's extension says ({@link #checkFormat}). PNGs
     * go through the fast encoder: ImageIO's takes about four times longer on a 1270 x 1710 photo.
     */
    public static void write(BufferedImage image, Path file) {
        BufferedImage rgb = Rgb.of(image);
        wuton.common.AtomicFiles.write(file, checkFormat(file) == Format.PNG
            ? rgbPng(Rgb.pixels(rgb), rgb.getWidth(), rgb.getHeight()) : jpeg(rgb));
    }

    /** The image formats wuton writes. */
    public enum Format {
        PNG, JPEG
    }

    /**
     * The format a file name asks for: {@code .png}, or {@code .jpg} / {@code .jpeg} (any case).
     *
     * @throws wuton.common.UserError naming the file for any other extension
     */
    public static Format checkFormat(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".png")) {
            return Format.PNG;
        }
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return Format.JPEG;
        }
        throw new wuton.common.UserError(file + ": the output must end in .png, .jpg or .jpeg");
    }

    /** Encodes an RGB image as JPEG bytes at quality {@value #JPEG_QUALITY}. */
    public static byte[] jpeg(BufferedImage rgb) {
        return encode("jpeg", rgb, JPEG_QUALITY);
    }

    /** Packed 0xRRGGBB pixels as RGB PNG bytes (fast path for bulk writing). */
    public static byte[] rgbPng(int[] rgb, int width, int height) {
        return PngEncoder.rgb(rgb, width, height);
    }

    /** One byte per pixel as gray PNG bytes (masks). */
    public static byte[] grayPng(byte[] values, int width, int height) {
        return PngEncoder.gray(values, width, height);
    }

    /**
     * LIP label ids as palette PNG bytes coloured with the CIHP palette: the pixel values are the
     * label ids, as VITON-HD stores {@code image-parse-v3}.
     */
    public static byte[] labelPng(byte[] labels, int width, int height) {
        int[] palette = new int[LipLabel.count()];
        for (LipLabel label : LipLabel.values()) {
            palette[label.id] = label.rgb;
        }
        return PngEncoder.palette(labels, width, height, palette);
    }

    /**
     * A palette image of LIP label ids (one byte per pixel, row-major), coloured with the CIHP palette,
     * the way VITON-HD stores {@code image-parse-v3}: the pixel values are the label ids.
     */
    public static BufferedImage labelImage(byte[] labels, int width, int height) {
        int n = LipLabel.count();
        byte[] r = new byte[n], g = new byte[n], b = new byte[n];
        for (LipLabel label : LipLabel.values()) {
            r[label.id] = (byte) (label.rgb >> 16);
            g[label.id] = (byte) (label.rgb >> 8);
            b[label.id] = (byte) label.rgb;
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED,
            new IndexColorModel(8, n, r, g, b));
        image.getRaster().setDataElements(0, 0, width, height, labels);
        return image;
    }

    /** A gray image from one byte per pixel (masks). */
    public static BufferedImage grayImage(byte[] values, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, width, height, values);
        return image;
    }

    /** An RGB image from packed 0xRRGGBB pixels, row-major. */
    public static BufferedImage rgbImage(int[] rgb, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, width, height, rgb, 0, width);
        return image;
    }
}
