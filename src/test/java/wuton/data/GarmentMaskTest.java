package wuton.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.image.Plane;
import wuton.synth.SyntheticWorld;
import wuton.synth.WorldConfig;
import wuton.synth.WorldWriter;

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
        WorldConfig config = WorldConfig.builder(256, 192).count(12).seed(3).testFraction(0).build();
        WorldWriter writer = new WorldWriter(new SyntheticWorld(config), root);
        writer.prepare(false);
        writer.write(i -> { });
        Dataset world = Dataset.open(root, Split.TRAIN, Pairing.PAIRED, 0);

        long both = 0, either = 0;
        for (int i = 0; i < world.size(); i++) {
            Sample s = world.get(i);
            Plane guessed = GarmentMask.of(s.cloth());
            for (int y = 0; y < guessed.height(); y++) {
                for (int x = 0; x < guessed.width(); x++) {
                    boolean a = guessed.at(x, y) != 0, b = s.clothMask().at(x, y) != 0;
                    both += a && b ? 1 : 0;
                    either += a || b ? 1 : 0;
                }
            }
        }
        assertThat(both / (double) either).isGreaterThan(0.97);
    }

    private static long sum(Plane mask) {
        long n = 0;
        for (byte v : mask.values()) {
            n += v;
        }
        return n;
    }
}
