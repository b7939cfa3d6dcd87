package wuton.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.image.Plane;
import wuton.synth.WorldConfig;
import wuton.testing.Overlap;
import wuton.testing.Worlds;

/** The garment's mask from a product photo: all but the background reached from the border. */
class GarmentMaskTest {

    @Test
    void aWhitePrintInsideTheGarmentIsGarmentAndTheBackgroundIsNot() {
        BufferedImage photo = new BufferedImage(20, 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setColor(new Color(250, 250, 248)); // a near-white studio background
        g.fillRect(0, 0, 20, 30);
        g.setColor(Color.RED);
        g.fillRect(5, 5, 10, 20);
        g.setColor(Color.WHITE);
        g.fillRect(8, 10, 4, 4); // a white print, enclosed by red
        g.dispose();

        Plane mask = GarmentMask.of(photo);

        assertThat(mask.at(0, 0)).isZero();
        assertThat(mask.at(4, 15)).isZero();
        assertThat(mask.at(5, 5)).isOne();
        assertThat(mask.at(9, 11)).isOne();
        assertThat(sum(mask)).isEqualTo(10 * 20);
    }

    @Test
    void aGarmentCutByThePhotosEdgeKeepsItsBorderPixels() {
        BufferedImage photo = new BufferedImage(20, 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 20, 30);
        g.setColor(Color.BLUE);
        g.fillRect(0, 10, 20, 20); // the garment runs off the left, right and bottom edges
        g.dispose();

        Plane mask = GarmentMask.of(photo);

        assertThat(mask.at(0, 29)).isOne();
        assertThat(mask.at(10, 5)).isZero();
        assertThat(sum(mask)).isEqualTo(20 * 20);
    }

    /** The drawn garments of the synthetic world, against their exact masks: 0.987 intersection over union. */
    @Test
    void theSyntheticWorldsGarmentsMatchTheirExactMasks(@TempDir Path root) {
        Worlds.write(root, WorldConfig.builder(256, 192).count(12).seed(3).testFraction(0).build());
        Dataset world = Dataset.open(root, Split.TRAIN, Pairing.PAIRED, 0);

        Overlap masks = new Overlap();
        for (int i = 0; i < world.size(); i++) {
            Sample s = world.get(i);
            masks.add(s.clothMask(), GarmentMask.of(s.cloth()));
        }
        assertThat(masks.iou()).isGreaterThan(0.97);
    }

    private static long sum(Plane mask) {
        long n = 0;
        for (byte v : mask.values()) {
            n += v;
        }
        return n;
    }
}
