package wuton.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wuton.common.UserError;
import wuton.data.BadSampleException;
import wuton.data.SampleReader;
import wuton.testing.HostileImages;

class PhotosTest {
    private static final int RED = 0xff0000, BLUE = 0x0000ff;

    @TempDir
    Path tmp;

    /** 40 x 20, left half red, right half blue: any turn or flip shows where the red went. */
    private static BufferedImage halves() {
        BufferedImage image = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 40; x++) {
                image.setRGB(x, y, x < 20 ? RED : BLUE);
            }
        }
        return image;
    }

    /** A JPEG of {@link #halves} with an Exif APP1 segment, in either byte order, right after the start marker. */
    private static byte[] jpegWithOrientation(int orientation, boolean littleEndian) throws Exception {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ImageIO.write(halves(), "jpg", plain);
        byte[] jpeg = plain.toByteArray();
        ByteBuffer tiff = ByteBuffer.allocate(26).order(littleEndian
            ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
        tiff.put((byte) (littleEndian ? 'I' : 'M')).put((byte) (littleEndian ? 'I' : 'M')).putShort((short) 42).putInt(8);
        tiff.putShort((short) 1); // one entry: orientation, SHORT, count 1, value
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0); // no next directory
        byte[] exif = {'E', 'x', 'i', 'f', 0, 0};
        int length = 2 + exif.length + tiff.capacity();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(new byte[] {(byte) 0xff, (byte) 0xe1, (byte) (length >> 8), (byte) length});
        out.write(exif);
        out.write(tiff.array());
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** The strongest channel of a pixel, for colours that went through JPEG. */
    private static int dominant(BufferedImage image, int x, int y) {
        int rgb = image.getRGB(x, y);
        return (rgb >> 16 & 0xff) > (rgb & 0xff) ? RED : BLUE;
    }

    @Test
    void readsTheExifOrientationOfJpegs() throws Exception {
        assertThat(ExifOrientation.of(jpegWithOrientation(6, false))).isEqualTo(6);
        assertThat(ExifOrientation.of(jpegWithOrientation(8, true))).isEqualTo(8);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ImageIO.write(halves(), "jpg", plain);
        assertThat(ExifOrientation.of(plain.toByteArray())).isEqualTo(ExifOrientation.UPRIGHT);
        assertThat(ExifOrientation.of(new byte[] {1, 2, 3})).isEqualTo(ExifOrientation.UPRIGHT);
    }

    @Test
    void turnsJpegsUpright() throws Exception {
        Path file = tmp.resolve("portrait.jpg");
        Files.write(file, jpegWithOrientation(6, false));
        BufferedImage upright = Photos.read(file);
        // a quarter turn clockwise: 20 wide, 40 high, the left (red) half now on top
        assertThat(upright.getWidth()).isEqualTo(20);
        assertThat(upright.getHeight()).isEqualTo(40);
        assertThat(dominant(upright, 10, 5)).isEqualTo(RED);
        assertThat(dominant(upright, 10, 35)).isEqualTo(BLUE);
    }

    @Test
    void everyOrientationPutsTheRedHalfWhereTheStandardSays() {
        BufferedImage stored = halves();
        // where the red half is after each orientation: "left", "right", "top" or "bottom"
        String[] expected = {null, "left", "right", "right", "left", "top", "top", "bottom", "bottom"};
        for (int o = 1; o <= 8; o++) {
            BufferedImage shown = ExifOrientation.apply(stored, o);
            boolean tall = o >= 5;
            assertThat(shown.getWidth()).as("orientation %d", o).isEqualTo(tall ? 20 : 40);
            String red = tall ? (dominant(shown, 10, 5) == RED ? "top" : "bottom")
                : (dominant(shown, 5, 10) == RED ? "left" : "right");
            assertThat(red).as("orientation %d", o).isEqualTo(expected[o]);
        }
    }

    @Test
    void grayBecomesRgbAndTransparencyWhite() throws Exception {
        BufferedImage gray = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(1, 1, 0, 100);
        Path grayFile = tmp.resolve("gray.png");
        ImageIO.write(gray, "png", grayFile.toFile());
        BufferedImage readGray = Photos.read(grayFile);
        assertThat(readGray.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(readGray.getRGB(1, 1) & 0xffffff).isEqualTo(0x646464);
        assertThat(readGray.getRGB(0, 0) & 0xffffff).isZero();

        BufferedImage cutOut = new BufferedImage(4, 3, BufferedImage.TYPE_INT_ARGB);
        cutOut.setRGB(2, 1, 0xff123456); // opaque; the rest fully transparent
        Path alphaFile = tmp.resolve("garment.png");
        ImageIO.write(cutOut, "png", alphaFile.toFile());
        BufferedImage readAlpha = Photos.read(alphaFile);
        assertThat(readAlpha.getRGB(2, 1) & 0xffffff).isEqualTo(0x123456);
        assertThat(readAlpha.getRGB(0, 0) & 0xffffff).isEqualTo(0xffffff);
    }

    @Test
    void aCorruptOrMissingFileIsOneLineNamingIt() throws Exception {
        Path corrupt = tmp.resolve("broken.jpg");
        Files.write(corrupt, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0, 1, 2, 3});
        Path text = tmp.resolve("notes.png");
        Files.writeString(text, "not an image");
        for (Path bad : new Path[] {corrupt, text, tmp.resolve("missing.png")}) {
            assertThatThrownBy(() -> Photos.read(bad)).isInstanceOf(UserError.class)
                .hasMessageContaining(bad.toString()).message().doesNotContain("\n");
        }
    }

    @Test
    void aHeaderClaimingTooManyPixelsIsRefusedBeforeDecoding() throws Exception {
        Path bomb = tmp.resolve("bomb.png");
        Files.write(bomb, HostileImages.pngClaiming(60000, 60000)); // 83 bytes claiming 10.8 GB of RGB
        long start = System.nanoTime();
        assertThatThrownBy(() -> Photos.read(bomb)).isInstanceOf(UserError.class)
            .hasMessage("cannot read " + bomb + ": 60000x60000 pixels (3600 megapixels), more than the limit of 50 megapixels");
        assertThat(System.nanoTime() - start).as("nanoseconds").isLessThan(2_000_000_000L);

        // under the int overflow, where decoding would start by allocating the claimed 8000 x 8000 pixels
        Path large = tmp.resolve("large.png");
        Files.write(large, HostileImages.pngClaiming(8000, 8000));
        assertThatThrownBy(() -> Photos.read(large)).isInstanceOf(UserError.class).hasMessageContaining("64 megapixels");
    }

    @Test
    void thePixelLimitCanBeSet() throws Exception {
        Path file = tmp.resolve("halves.png");
        ImageIO.write(halves(), "png", file.toFile()); // 40 x 20 = 800 pixels
        ImageLimits limits = ImageLimits.DEFAULT.withMaxPixels(799);
        assertThatThrownBy(() -> Photos.read(file, limits)).isInstanceOf(UserError.class)
            .hasMessageContaining("40x20 pixels (0.0008 megapixels), more than the limit of 0.000799 megapixels");
        assertThat(Photos.read(file, ImageLimits.DEFAULT.withMaxPixels(800)).getWidth()).isEqualTo(40);
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedWithoutReadingIt() throws Exception {
        Path huge = tmp.resolve("huge.jpg");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(3L << 30); // sparse: 3 GiB that take no disk, and that one array could not hold
        }
        assertThatThrownBy(() -> Photos.read(huge)).isInstanceOf(UserError.class)
            .hasMessage("cannot read " + huge + ": the file is 3 GiB, more than the limit of 256 MiB for an image");
        Path small = tmp.resolve("small.png");
        ImageIO.write(halves(), "png", small.toFile());
        assertThatThrownBy(() -> Photos.read(small, new ImageLimits(ImageLimits.DEFAULT_MAX_PIXELS, 100)))
            .isInstanceOf(UserError.class).hasMessageContaining("more than the limit of 100 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpg", "png", "bmp", "gif"})
    void aTruncatedFileIsRefusedInEveryFormat(String format) throws Exception {
        Path cut = tmp.resolve("cut." + format);
        Files.write(cut, HostileImages.firstHalf(HostileImages.encode(HostileImages.noise(64, 48, 1), format)));
        assertThatThrownBy(() -> Photos.read(cut)).isInstanceOf(UserError.class)
            .hasMessageStartingWith("cannot read " + cut + ": ").message().doesNotContain("\n");
    }

    @Test
    void aTruncatedJpegIsNotFilledInWithGray() throws Exception {
        Path cut = tmp.resolve("cut.jpg");
        Files.write(cut, HostileImages.firstHalf(HostileImages.encode(HostileImages.noise(64, 48, 2), "jpg")));
        assertThatThrownBy(() -> Photos.read(cut)).isInstanceOf(UserError.class)
            .hasMessageStartingWith("cannot read " + cut + ": damaged or truncated image data (");
        // the dataset reader refuses it the same way
        assertThatThrownBy(() -> SampleReader.image(cut)).isInstanceOf(BadSampleException.class)
            .hasMessageStartingWith(cut + ": unreadable image (damaged or truncated image data");
    }
}
