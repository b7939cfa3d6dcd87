package wuton.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.TryOn;
import wuton.image.ImageFiles;
import wuton.image.ImageLimits;
import wuton.image.Photos;
import wuton.image.Plane;
import wuton.image.Rgb;
import wuton.labels.LipLabel;
import wuton.synth.WorldConfig;
import wuton.synth.WorldWriter;
import wuton.testing.Worlds;

/**
 * Draws h(p) for a person to look at, into {@code target/h-of-p-sheet.png} ({@code docs/h-of-p.png} is a copy):
 * for the four real test photos and two drawn people, one row each of the photo, the guessed parsing map over it,
 * the agnostic person p* that the teacher sees, and the shipped teacher's and student's try-on of one drawn
 * garment. The test checks that every photo's p* hides part, not all, of the person; the eye judges the rest.
 */
class PhotoAnalysisSheetTest {
    static final Path SHEET = Path.of("target", "h-of-p-sheet.png");
    private static final List<String> PHOTOS = List.of("astronaut.png", "messi.png", "basketball.png", "person.png");
    private static final int DRAWN = 2, TILE_HEIGHT = 200, GAP = 4;

    @Test
    void drawsTheGuessedParsingAndTheAgnosticPersonOfRealPhotos(@TempDir Path world) throws IOException {
        // studio pictures: the drawn rows of docs/h-of-p.png show whole people, as h(p) finds them
        Worlds.write(world, WorldConfig.builder(256, 192).count(DRAWN + 1).seed(11).testFraction(0)
            .look(WorldConfig.Look.STUDIO).build());
        List<BufferedImage> photos = new ArrayList<>();
        for (String name : PHOTOS) {
            try (InputStream in = PhotoAnalysisSheetTest.class.getResourceAsStream("/wuton/vision/" + name)) {
                photos.add(Rgb.of(ImageIO.read(in)));
            }
        }
        for (int i = 0; i < DRAWN; i++) {
            photos.add(Photos.read(world.resolve("train/image/" + WorldWriter.stem(i) + ".png"), ImageLimits.DEFAULT));
        }
        BufferedImage garment = Photos.read(world.resolve("train/cloth/" + WorldWriter.stem(DRAWN) + ".png"),
            ImageLimits.DEFAULT);

        List<List<BufferedImage>> rows = new ArrayList<>();
        try (TryOn teacher = TryOn.load(Path.of("models/wuton-teacher.safetensors"));
             TryOn student = TryOn.loadDefault()) {
            for (BufferedImage photo : photos) {
                PhotoAnalysis.Result found = teacher.analyse(photo);
                Plane hidden = Agnostic.mask(found.parse(), found.pose());
                long hiddenPixels = count(hidden), personPixels = count(found.silhouette());
                assertThat(hiddenPixels).isPositive().isLessThan(personPixels);
                rows.add(List.of(photo, overlay(photo, found.parse()), Agnostic.person(photo, hidden),
                    teacher.apply(TryOn.Request.withParsing(photo, found.parse(), found.pose(), garment)),
                    student.apply(photo, garment)));
            }
        }
        Files.createDirectories(SHEET.getParent());
        ImageFiles.writePng(sheet(rows), SHEET);
        assertThat(SHEET).isRegularFile();
    }

    private static long count(Plane mask) {
        long n = 0;
        for (byte v : mask.values()) {
            n += v != 0 ? 1 : 0;
        }
        return n;
    }

    /** The parsing map's label colours over the photo darkened, so that both can be seen. */
    private static BufferedImage overlay(BufferedImage photo, Plane parse) {
        BufferedImage out = new BufferedImage(photo.getWidth(), photo.getHeight(), BufferedImage.TYPE_INT_RGB);
        int[] src = Rgb.pixels(photo), dst = Rgb.pixels(out);
        for (int i = 0; i < dst.length; i++) {
            int label = parse.values()[i];
            dst[i] = label == LipLabel.BACKGROUND.id ? mix(src[i], 0, 0.5) : mix(src[i], LipLabel.of(label).rgb, 0.6);
        }
        return out;
    }

    private static int mix(int a, int b, double share) {
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            double v = (1 - share) * (a >> shift & 0xff) + share * (b >> shift & 0xff);
            out |= (int) Math.round(v) << shift;
        }
        return out;
    }

    /** One row per photo, each tile scaled to {@value #TILE_HEIGHT} pixels high, on dark gray. */
    private static BufferedImage sheet(List<List<BufferedImage>> rows) {
        int width = 0;
        for (List<BufferedImage> row : rows) {
            int w = GAP;
            for (BufferedImage tile : row) {
                w += scaledWidth(tile) + GAP;
            }
            width = Math.max(width, w);
        }
        BufferedImage sheet = new BufferedImage(width, GAP + rows.size() * (TILE_HEIGHT + GAP), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        for (int r = 0; r < rows.size(); r++) {
            int x = GAP;
            for (BufferedImage tile : rows.get(r)) {
                g.drawImage(tile, x, GAP + r * (TILE_HEIGHT + GAP), scaledWidth(tile), TILE_HEIGHT, null);
                x += scaledWidth(tile) + GAP;
            }
        }
        g.dispose();
        return sheet;
    }

    private static int scaledWidth(BufferedImage tile) {
        return (int) Math.round(tile.getWidth() * (double) TILE_HEIGHT / tile.getHeight());
    }
}
