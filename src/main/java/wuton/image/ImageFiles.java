package wuton.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
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
import wuton.common.AtomicFiles;
import wuton.labels.LipLabel;

/**
 * Image encoding and atomic file writes shared by everything that writes images. Every PNG is encoded by
 * {@link PngEncoder} (why: its Javadoc); JPEGs by ImageIO.
 */
public final class ImageFiles {
    /** JPEG quality for try-on results: high, so that compression adds no visible blocks. */
    public static final float JPEG_QUALITY = 0.95f;

    private ImageFiles() {
    }

    /**
     * Encodes an image as PNG bytes: a gray image as gray, an 8-bit palette image (label maps) as a palette
     * image with the same indices and colours, anything else as RGB ({@link Rgb#of}: transparent pixels on white).
     */
    public static byte[] png(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            return PngEncoder.gray((byte[]) image.getRaster().getDataElements(0, 0, width, height, null), width, height);
        }
        if (image.getType() == BufferedImage.TYPE_BYTE_INDEXED && image.getColorModel() instanceof IndexColorModel colours) {
            int[] palette = new int[colours.getMapSize()];
            colours.getRGBs(palette);
            for (int i = 0; i < palette.length; i++) {
                palette[i] &= 0xffffff;
            }
            return PngEncoder.palette((byte[]) image.getRaster().getDataElements(0, 0, width, height, null), width,
                height, palette);
        }
        BufferedImage rgb = Rgb.of(image);
        return PngEncoder.rgb(Rgb.pixels(rgb), width, height);
    }

    /** Writes an image as PNG ({@link #png}), atomically. */
    public static void writePng(BufferedImage image, Path file) {
        AtomicFiles.write(file, png(image));
    }

    /** Writes an image atomically as RGB PNG or JPEG, as the file's extension says ({@link #checkFormat}). */
    public static void write(BufferedImage image, Path file) {
        BufferedImage rgb = Rgb.of(image);
        AtomicFiles.write(file, checkFormat(file) == Format.PNG ? png(rgb) : jpeg(rgb));
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
        return jpeg(rgb, JPEG_QUALITY);
    }

    /** Encodes an RGB image as JPEG bytes at {@code quality}, from 0 (smallest) to 1 (best). */
    public static byte[] jpeg(BufferedImage rgb, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rgb.getWidth() * rgb.getHeight());
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(rgb, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Packed 0xRRGGBB pixels as RGB PNG bytes. */
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
        return PngEncoder.palette(labels, width, height, cihpPalette());
    }

    /**
     * A palette image of LIP label ids (one byte per pixel, row-major), coloured with the CIHP palette,
     * the way VITON-HD stores {@code image-parse-v3}: the pixel values are the label ids.
     */
    public static BufferedImage labelImage(byte[] labels, int width, int height) {
        int[] palette = cihpPalette();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED,
            new IndexColorModel(Byte.SIZE, palette.length, palette, 0, false, -1, DataBuffer.TYPE_BYTE));
        image.getRaster().setDataElements(0, 0, width, height, labels);
        return image;
    }

    /** The colour (0xRRGGBB) of each LIP label id. */
    private static int[] cihpPalette() {
        int[] palette = new int[LipLabel.count()];
        for (LipLabel label : LipLabel.values()) {
            palette[label.id] = label.rgb;
        }
        return palette;
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
