package wuton.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import wuton.image.Plane;
import wuton.image.Rgb;
import wuton.labels.CocoKeypoint;
import wuton.labels.Keypoints;
import wuton.labels.LipLabel;
import wuton.testing.TensorData;

class ImageTensorsTest {
    private static BufferedImage scrambled(int w, int h, long seed) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] pixels = Rgb.pixels(image);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (int) ((i + seed) * 2654435761L) & 0xffffff;
        }
        return image;
    }

    @Test
    void imagesRoundTripThroughTensorsExactly() {
        List<BufferedImage> images = List.of(scrambled(6, 4, 1), scrambled(6, 4, 2));
        try (PointerScope scope = new PointerScope()) {
            Tensor t = ImageTensors.of(images);
            assertThat(TensorData.shape(t)).containsExactly(2, 3, 4, 6);
            // channel planes: the red of pixel (x=1, y=0) of the second image
            int red = images.get(1).getRGB(1, 0) >> 16 & 0xff;
            assertThat(TensorData.floats(t)[3 * 24 + 1]).isEqualTo(red / 127.5f - 1f);
            List<BufferedImage> back = ImageTensors.images(t);
            for (int i = 0; i < 2; i++) {
                assertThat(Rgb.pixels(back.get(i))).isEqualTo(Rgb.pixels(images.get(i)));
            }
        }
    }

    @Test
    void outputsOutsideTheRangeAreClamped() {
        try (PointerScope scope = new PointerScope()) {
            Tensor t = TensorData.tensor(new float[] {-3f, 0f, 5f}, 1, 3, 1, 1);
            assertThat(ImageTensors.images(t).get(0).getRGB(0, 0) & 0xffffff).isEqualTo(0x0080ff);
        }
    }

    @Test
    void theAgnosticPersonIsExactlyZeroWhereTheParsingHidesIt() {
        BufferedImage person = scrambled(4, 2, 3);
        byte[] labels = new byte[8];
        labels[5] = (byte) LipLabel.UPPER_CLOTHES.id;
        Keypoints noPose = new Keypoints(new float[3 * CocoKeypoint.count()]);
        try (PointerScope scope = new PointerScope()) {
            float[] v = TensorData.floats(ImageTensors.agnostic(List.of(person), List.of(new Plane(4, 2, labels)),
                List.of(noPose)));
            float[] plain = TensorData.floats(ImageTensors.of(List.of(person)));
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 8; p++) {
                    assertThat(v[c * 8 + p]).isEqualTo(p == 5 ? 0f : plain[c * 8 + p]);
                }
            }
        }
    }
}
