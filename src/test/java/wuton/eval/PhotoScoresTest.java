package wuton.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import wuton.image.Plane;
import wuton.image.Rgb;
import wuton.labels.LipLabel;
import wuton.testing.HostileImages;

/** The three scores of a try-on on a photo without truth, on pictures whose answers are worked out by hand. */
class PhotoScoresTest {
    private static final int W = 40;
    private static final int H = 60;
    /** The torso: columns 10 to 29, rows 20 to 39; the arms beside it, columns 5 to 9 and 30 to 34. */
    private static final Plane PARSE = parse();

    private static Plane parse() {
        byte[] labels = new byte[W * H];
        for (int y = 20; y < 40; y++) {
            for (int x = 5; x < 35; x++) {
                labels[y * W + x] = (byte) (x < 10 ? LipLabel.LEFT_ARM.id : x >= 30 ? LipLabel.RIGHT_ARM.id
                    : LipLabel.UPPER_CLOTHES.id);
            }
        }
        return new Plane(W, H, labels);
    }

    private static BufferedImage uniform(int w, int h, int rgb) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Arrays.fill(Rgb.pixels(image), rgb);
        return image;
    }

    /** A product photo: a garment of this colour on white. */
    private static BufferedImage garment(int rgb) {
        BufferedImage g = uniform(30, 40, 0xffffff);
        for (int y = 10; y < 30; y++) {
            for (int x = 8; x < 22; x++) {
                g.setRGB(x, y, rgb);
            }
        }
        return g;
    }

    @Test
    void aTryOnThatRecoloursTheTorsoAllTheWayIsPlacedAndColouredAndKeepsTheRest() {
        BufferedImage photo = HostileImages.noise(W, H, 1);
        BufferedImage result = HostileImages.noise(W, H, 1); // the same pixels, another image to paint on
        for (int y = 20; y < 40; y++) {
            for (int x = 10; x < 30; x++) {
                result.setRGB(x, y, 0x208040);
            }
        }
        PhotoScores s = PhotoScores.of(photo, result, PhotoScores.Regions.of(PARSE), garment(0x208040));
        // every change is in the torso, and the torso now has the garment's colour
        assertThat(s.placed()).isEqualTo(1.0);
        assertThat(s.colour()).isCloseTo(1.0, offset(1e-9));
        // the keep region is untouched, but SSIM's 11 x 11 window reaches into the torso from around it
        assertThat(s.keep()).isLessThan(1.0).isGreaterThan(0.5);
    }

    @Test
    void halfWayToTheGarmentIsAColourOfOneHalfAndAChangeOutsideTheUpperBodyIsNotPlaced() {
        BufferedImage photo = uniform(W, H, 0x000000);
        BufferedImage result = uniform(W, H, 0x000000);
        for (int y = 20; y < 40; y++) {
            for (int x = 10; x < 30; x++) {
                result.setRGB(x, y, 0x640000); // 100 of the garment's 200 red
            }
        }
        // the same change of energy above the torso, on the face: half the change is placed
        for (int y = 0; y < 20; y++) {
            for (int x = 10; x < 30; x++) {
                result.setRGB(x, y, 0x640000);
            }
        }
        PhotoScores s = PhotoScores.of(photo, result, PhotoScores.Regions.of(PARSE), garment(0xc80000));
        assertThat(s.colour()).isCloseTo(0.5, offset(1e-9));
        assertThat(s.placed()).isCloseTo(0.5, offset(1e-9));
    }

    @Test
    void theUnchangedPhotoKeepsEverythingAndHasNoPlacementNorColourMove() {
        BufferedImage photo = HostileImages.noise(W, H, 2);
        PhotoScores s = PhotoScores.of(photo, Rgb.of(photo), PhotoScores.Regions.of(PARSE), garment(0x2040c0));
        assertThat(s.keep()).isCloseTo(1.0, offset(1e-12));
        assertThat(s.placed()).isNull();
        assertThat(s.colour()).isZero();
    }

    @Test
    void withoutAPersonTheWholePhotoIsKeptAndNothingIsPlaced() {
        BufferedImage photo = HostileImages.noise(W, H, 3);
        BufferedImage changed = uniform(W, H, 0x808080);
        PhotoScores s = PhotoScores.of(photo, changed, PhotoScores.Regions.none(W * H), garment(0x2040c0));
        assertThat(s.keep()).isLessThan(0.5);
        assertThat(s.placed()).isNull();
        assertThat(s.colour()).isNull();
    }
}
