package wuton.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import wuton.labels.CocoKeypoint;
import wuton.labels.Keypoints;

class LetterboxTest {
    private static BufferedImage filled(int w, int h, int rgb) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.util.Arrays.fill(Rgb.pixels(image), rgb);
        return image;
    }

    @Test
    void keepsTheAspectRatioAndCentres() {
        // the model's aspect (4:3 tall) fills the frame exactly
        assertThat(Letterbox.of(600, 800, 48, 64)).isEqualTo(new Letterbox(600, 800, 48, 64, 0, 0, 48, 64));
        // a square photo: 48 x 48 in the middle, bands above and below
        assertThat(Letterbox.of(500, 500, 48, 64)).isEqualTo(new Letterbox(500, 500, 48, 64, 0, 8, 48, 48));
        // a wide one: bands everywhere but the sides
        assertThat(Letterbox.of(100, 25, 48, 64)).isEqualTo(new Letterbox(100, 25, 48, 64, 0, 26, 48, 12));
        // a very thin one still gets a pixel
        assertThat(Letterbox.of(1, 1000, 48, 64).width()).isEqualTo(1);
    }

    @Test
    void padsPeopleWithTheirEdgeAndGarmentsWithWhite() {
        BufferedImage square = filled(30, 30, 0x336699);
        square.setRGB(0, 0, 0xff0000); // top-left corner: repeated upwards in the band above
        Letterbox box = Letterbox.of(square, 48, 64);
        BufferedImage person = box.fit(square, Letterbox.Padding.EDGE);
        BufferedImage garment = box.fit(square, Letterbox.Padding.WHITE);
        assertThat(person.getWidth()).isEqualTo(48);
        assertThat(person.getHeight()).isEqualTo(64);
        assertThat(person.getRGB(24, 2) & 0xffffff).isEqualTo(0x336699);
        assertThat(person.getRGB(24, 62) & 0xffffff).isEqualTo(0x336699);
        assertThat(person.getRGB(0, 0) & 0xff0000).isNotZero();
        assertThat(garment.getRGB(24, 2) & 0xffffff).isEqualTo(0xffffff);
        assertThat(garment.getRGB(24, 62) & 0xffffff).isEqualTo(0xffffff);
        assertThat(garment.getRGB(24, 32) & 0xffffff).isEqualTo(0x336699);
    }

    @Test
    void unfitGivesBackThePictureAtItsOwnSize() {
        for (int[] size : new int[][] {{30, 30}, {200, 90}, {7, 300}, {48, 64}, {1000, 1333}}) {
            BufferedImage picture = filled(size[0], size[1], 0x204060);
            Letterbox box = Letterbox.of(picture, 48, 64);
            BufferedImage back = box.unfit(box.fit(picture, Letterbox.Padding.WHITE));
            assertThat(back.getWidth()).isEqualTo(size[0]);
            assertThat(back.getHeight()).isEqualTo(size[1]);
            // no white from the padding bleeds into the picture
            assertThat(back.getRGB(0, 0) & 0xffffff).isEqualTo(0x204060);
            assertThat(back.getRGB(size[0] - 1, size[1] - 1) & 0xffffff).isEqualTo(0x204060);
        }
    }

    @Test
    void aFrameSizePictureRoundTripsExactly() {
        BufferedImage picture = new BufferedImage(48, 64, BufferedImage.TYPE_INT_RGB);
        int[] pixels = Rgb.pixels(picture);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (int) (i * 2654435761L) & 0xffffff; // scrambled colours: any shift or blur shows
        }
        Letterbox box = Letterbox.of(picture, 48, 64);
        assertThat(Rgb.pixels(box.unfit(box.fit(picture, Letterbox.Padding.EDGE)))).isEqualTo(pixels);
    }

    @Test
    void parsingAndKeypointsFollowThePicture() {
        // a 20 x 10 (W x H) picture in a 48 x 64 frame: scale 2.4, 48 x 24 at y = 20
        Letterbox box = Letterbox.of(20, 10, 48, 64);
        assertThat(box).isEqualTo(new Letterbox(20, 10, 48, 64, 0, 20, 48, 24));
        Plane parse = new Plane(20, 10, new byte[200]);
        java.util.Arrays.fill(parse.values(), (byte) 5);
        Plane framed = box.fit(parse);
        assertThat(framed.width()).isEqualTo(48);
        assertThat(framed.at(10, 19)).isZero();
        assertThat(framed.at(10, 20)).isEqualTo(5);
        assertThat(framed.at(47, 43)).isEqualTo(5);
        assertThat(framed.at(10, 44)).isZero();

        float[] xyc = new float[3 * CocoKeypoint.count()];
        xyc[0] = 10;
        xyc[1] = 5;
        xyc[2] = 1; // the nose, in the middle; every other point missing
        Keypoints moved = box.fit(new Keypoints(xyc));
        assertThat(moved.x(CocoKeypoint.NOSE)).isEqualTo(24f);
        assertThat(moved.y(CocoKeypoint.NOSE)).isEqualTo(32f);
        assertThat(moved.present(CocoKeypoint.NECK)).isFalse();
        assertThat(moved.x(CocoKeypoint.NECK)).isZero();
    }
}
