package wuton.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import wuton.labels.LipLabel;

class PngEncoderTest {
    private static final int W = 37, H = 23; // odd sizes catch row-stride mistakes

    @Test
    void rgbRoundTripsThroughImageIo() throws IOException {
        int[] rgb = new int[W * H];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = r.nextInt() & 0xffffff;
        }
        BufferedImage back = read(ImageFiles.rgbPng(rgb, W, H));
        assertThat(back.getRGB(0, 0, W, H, null, 0, W)).containsExactly(withAlpha(rgb));
    }

    @Test
    void grayRoundTrips() throws IOException {
        byte[] gray = new byte[W * H];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = (byte) (i * 7);
        }
        BufferedImage back = read(ImageFiles.grayPng(gray, W, H));
        assertThat(back.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(back.getRaster().getDataElements(0, 0, W, H, null)).isEqualTo(gray);
    }

    @Test
    void labelsRoundTripAsPaletteIndicesWithTheCihpColours() throws IOException {
        byte[] ids = new byte[W * H];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (byte) (i % LipLabel.count());
        }
        BufferedImage back = read(ImageFiles.labelPng(ids, W, H));
        assertThat(back.getType()).isEqualTo(BufferedImage.TYPE_BYTE_INDEXED);
        assertThat(back.getRaster().getDataElements(0, 0, W, H, null)).isEqualTo(ids);
        assertThat(back.getRGB(LipLabel.UPPER_CLOTHES.id, 0) & 0xffffff).isEqualTo(LipLabel.UPPER_CLOTHES.rgb);
    }

    @Test
    void imagesKeepTheirKindGrayAndPaletteAsTheyAreTheRestAsRgb() throws IOException {
        byte[] ids = new byte[W * H];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (byte) (i % LipLabel.count());
        }
        BufferedImage labels = read(ImageFiles.png(ImageFiles.labelImage(ids, W, H)));
        assertThat(labels.getType()).isEqualTo(BufferedImage.TYPE_BYTE_INDEXED);
        assertThat(labels.getRaster().getDataElements(0, 0, W, H, null)).isEqualTo(ids);
        assertThat(labels.getRGB(LipLabel.UPPER_CLOTHES.id, 0) & 0xffffff).isEqualTo(LipLabel.UPPER_CLOTHES.rgb);

        BufferedImage gray = read(ImageFiles.png(ImageFiles.grayImage(ids, W, H)));
        assertThat(gray.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(gray.getRaster().getDataElements(0, 0, W, H, null)).isEqualTo(ids);

        // half-transparent red over the white background: (255, 127.5, 127.5), rounded either way
        BufferedImage translucent = new BufferedImage(W, H, BufferedImage.TYPE_INT_ARGB);
        translucent.setRGB(0, 0, 0x80ff0000);
        BufferedImage rgb = read(ImageFiles.png(translucent));
        assertThat(rgb.getColorModel().hasAlpha()).isFalse();
        assertThat(rgb.getRGB(0, 0) & 0xffffff).isIn(0xff7f7f, 0xff8080);
        assertThat(rgb.getRGB(1, 0) & 0xffffff).isEqualTo(0xffffff);
    }

    private static BufferedImage read(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    private static int[] withAlpha(int[] rgb) {
        int[] out = new int[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            out[i] = 0xff000000 | rgb[i];
        }
        return out;
    }
}
