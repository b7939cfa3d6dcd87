package wuton.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.image.ImageFiles;
import wuton.image.ImageLimits;
import wuton.image.Rgb;
import wuton.model.ModelConfig;
import wuton.model.ModelSize;
import wuton.testing.HostileImages;

/** The catalogue's garments, fitted to the model's frame and kept within a memory bound. */
class CatalogTest {
    private static final int FRAME_HEIGHT = 64, FRAME_WIDTH = 32;
    private static final ModelConfig MODEL = ModelConfig.of(ModelSize.TINY, FRAME_HEIGHT, FRAME_WIDTH);
    /** Bytes of one garment fitted to the frame: 4 per pixel. */
    private static final long ONE_GARMENT = 4L * FRAME_WIDTH * FRAME_HEIGHT;

    @TempDir
    Path dir;

    private void write(String id, int w, int h, long seed) {
        ImageFiles.writePng(HostileImages.noise(w, h, seed), dir.resolve(id + ".png"));
    }

    @Test
    void aGarmentComesFittedToTheFrameWithWhiteAroundIt() {
        write("wide", 80, 20, 1); // 80 x 20 fits the 32 x 64 frame as 32 x 8, centred: white above and below
        try (Catalog catalog = Catalog.folder(dir, ImageLimits.DEFAULT, MODEL)) {
            BufferedImage frame = catalog.garment("wide");

            assertThat(frame.getWidth()).isEqualTo(FRAME_WIDTH);
            assertThat(frame.getHeight()).isEqualTo(FRAME_HEIGHT);
            int[] pixels = Rgb.pixels(frame);
            assertThat(pixels[0]).isEqualTo(Rgb.WHITE);
            assertThat(pixels[pixels.length - 1]).isEqualTo(Rgb.WHITE);
        }
    }

    @Test
    void theLeastRecentlyUsedGarmentLeavesTheCacheFirst() throws IOException {
        write("a", 20, 30, 1);
        write("b", 20, 30, 2);
        write("c", 20, 30, 3);
        try (Catalog catalog = Catalog.folder(dir, ImageLimits.DEFAULT, MODEL, 2 * ONE_GARMENT)) {
            BufferedImage a = catalog.garment("a");
            BufferedImage b = catalog.garment("b");
            assertThat(catalog.garment("a")).isSameAs(a); // a is now the most recently used, b the least

            catalog.garment("c"); // a third garment: b leaves the cache

            assertThat(catalog.garment("a")).isSameAs(a);
            BufferedImage bAgain = catalog.garment("b");
            assertThat(bAgain).isNotSameAs(b);
            assertThat(Rgb.pixels(bAgain)).isEqualTo(Rgb.pixels(b));
        }
    }

    @Test
    void aReplacedPhotoIsReadAgainAndAVanishedOneNamesItsFile() throws IOException {
        write("a", 20, 30, 1);
        try (Catalog catalog = Catalog.folder(dir, ImageLimits.DEFAULT, MODEL)) {
            BufferedImage before = catalog.garment("a");
            assertThat(catalog.garment("a")).isSameAs(before);

            write("a", 20, 30, 2);
            Files.setLastModifiedTime(dir.resolve("a.png"), FileTime.fromMillis(0)); // a new time, even on a coarse clock
            BufferedImage after = catalog.garment("a");
            assertThat(Rgb.pixels(after)).isNotEqualTo(Rgb.pixels(before));

            Files.delete(dir.resolve("a.png"));
            assertThatThrownBy(() -> catalog.garment("a")).hasMessageContaining("a.png");
        }
    }
}
