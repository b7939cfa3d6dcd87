package wuton.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import wuton.testing.HostileImages;
import wuton.testing.Pixels;

/** The full-resolution try-on from a frame's share and rest, with values worked out by hand. */
class PhotoCompositeTest {
    private static final int FRAME_W = 48;
    private static final int FRAME_H = 64;

    private static float[] filled(int planes, float value) {
        float[] a = new float[planes * FRAME_W * FRAME_H];
        Arrays.fill(a, value);
        return a;
    }

    /** The three planes of a uniform colour, in levels. */
    private static float[] colour(int r, int g, int b) {
        int plane = FRAME_W * FRAME_H;
        float[] a = new float[3 * plane];
        Arrays.fill(a, 0, plane, r);
        Arrays.fill(a, plane, 2 * plane, g);
        Arrays.fill(a, 2 * plane, 3 * plane, b);
        return a;
    }

    @Test
    void whereTheModelKeepsThePersonThePhotoComesBackBitForBitAtItsOwnSize() {
        for (int[] size : new int[][] {{300, 410}, {37, 53}, {20, 90}}) {
            BufferedImage photo = HostileImages.noise(size[0], size[1], size[0]);
            Letterbox box = Letterbox.of(photo, FRAME_W, FRAME_H);
            // a share a hair under 1 (less than half a level of change) counts as kept too
            BufferedImage out = PhotoComposite.compose(photo, box, filled(1, 1f - 0.4f / 255f), colour(7, 7, 7));
            assertThat(out.getWidth()).isEqualTo(size[0]);
            assertThat(out.getHeight()).isEqualTo(size[1]);
            assertThat(Pixels.maxDifference(out, photo)).isZero();
        }
    }

    @Test
    void whereTheModelTakesNothingFromThePersonTheRestIsTheResult() {
        BufferedImage photo = HostileImages.noise(120, 160, 3);
        BufferedImage out = PhotoComposite.compose(photo, Letterbox.of(photo, FRAME_W, FRAME_H), filled(1, 0f),
            colour(100, 150, 200));
        int[] pixels = Rgb.pixels(out);
        assertThat(Arrays.stream(pixels).distinct().toArray()).containsExactly(100 << 16 | 150 << 8 | 200);
    }

    @Test
    void halfAShareBlendsThePhotoWithTheRest() {
        BufferedImage photo = HostileImages.noise(96, 128, 5);
        // share 0.5 and a rest of 0.5 x (40, 80, 120): out = (photo + (40, 80, 120)) / 2
        BufferedImage out = PhotoComposite.compose(photo, Letterbox.of(photo, FRAME_W, FRAME_H), filled(1, 0.5f),
            colour(20, 40, 60));
        int[] in = Rgb.pixels(Rgb.of(photo));
        int[] got = Rgb.pixels(out);
        for (int p = 0; p < in.length; p++) {
            for (int ch = 0; ch < 3; ch++) {
                int shift = 16 - 8 * ch;
                double expected = 0.5 * ((in[p] >> shift) & 0xff) + 20 * (ch + 1);
                assertThat((double) ((got[p] >> shift) & 0xff)).isCloseTo(expected, offset(0.51));
            }
        }
    }

    @Test
    void theShareIsScaledUpBilinearlyAndThePaddingAroundThePhotoNeverBleedsIn() {
        // a square photo in a 48 x 64 frame: 48 x 48 in the middle (y 8 to 55), padding above and below
        BufferedImage photo = HostileImages.noise(480, 480, 9);
        Letterbox box = Letterbox.of(photo, FRAME_W, FRAME_H);
        assertThat(box.y()).isEqualTo(8);
        float[] share = filled(1, 0f);
        float[] rest = colour(0, 0, 0);
        for (int y = 0; y < FRAME_H; y++) {
            for (int x = 0; x < FRAME_W; x++) {
                boolean padding = y < box.y() || y >= box.y() + box.height();
                // the padding's rest is 255 in red; the photo's span is 0 left of the middle and 200 right of it
                rest[y * FRAME_W + x] = padding ? 255 : (x < FRAME_W / 2 ? 0 : 200);
            }
        }
        BufferedImage out = PhotoComposite.compose(photo, box, share, rest);
        int[] pixels = Rgb.pixels(out);
        int left = pixels[240 * 480 + 10] >> 16 & 0xff;
        int right = pixels[240 * 480 + 470] >> 16 & 0xff;
        int middle = pixels[240 * 480 + 240] >> 16 & 0xff;
        assertThat(left).isZero();
        assertThat(right).isEqualTo(200);
        assertThat(middle).isStrictlyBetween(0, 200);
        // the top row samples the photo's first frame row, not the padding above it
        assertThat(pixels[10] >> 16 & 0xff).isZero();
        assertThat(Arrays.stream(pixels).map(p -> p >> 16 & 0xff).max().getAsInt()).isEqualTo(200);
    }

    @Test
    void partsOfTheWrongSizeAreRefused() {
        BufferedImage photo = HostileImages.noise(30, 40, 1);
        Letterbox box = Letterbox.of(photo, FRAME_W, FRAME_H);
        assertThatThrownBy(() -> PhotoComposite.compose(photo, box, new float[10], colour(0, 0, 0)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("48x64");
        BufferedImage other = HostileImages.noise(31, 40, 1);
        assertThatThrownBy(() -> PhotoComposite.compose(other, box, filled(1, 0f), colour(0, 0, 0)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("31x40");
    }
}
