package wuton.vision;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.image.ImageFiles;
import wuton.image.Plane;
import wuton.labels.CocoKeypoint;
import wuton.labels.Keypoints;

/**
 * Draws what the vision models see, for a person to look at: the four real test photos and four drawn people
 * from the synthetic world, each with its person mask tinted and its COCO-18 skeleton on top, into
 * {@code target/vision-sheet.png} ({@code docs/vision.png} is a copy). The test checks only that the sheet
 * was drawn and that the mask covers part, not all, of each picture; the eye judges the rest.
 */
class VisionSheetTest {
    static final Path SHEET = Path.of("target", "vision-sheet.png");
    private static final int TILE_HEIGHT = 256;
    private static final int GAP = 4;
    private static final Color MASK_TINT = new Color(0, 200, 255, 110);
    private static final List<String> PHOTOS = List.of("astronaut.png", "messi.png", "basketball.png", "person.png");
    private static final int DRAWN = 4;

    @Test
    void drawsPhotosWithSkeletonAndMask(@TempDir Path tmp) throws IOException {
        List<BufferedImage> pictures = new ArrayList<>();
        for (String name : PHOTOS) {
            pictures.add(ReferenceOutputsTest.photo(name));
        }
        Path test = SyntheticWorldAccuracyTest.world(tmp.resolve("world"));
        try (var files = Files.list(test.resolve("image"))) {
            for (Path p : files.sorted().limit(DRAWN).toList()) {
                pictures.add(ImageIO.read(p.toFile()));
            }
        }
        List<BufferedImage> tiles = new ArrayList<>();
        try (PoseEstimator pose = PoseEstimator.loadDefault(); PersonSegmenter segmenter = PersonSegmenter.loadDefault()) {
            for (BufferedImage picture : pictures) {
                Plane mask = segmenter.mask(picture);
                int person = 0;
                for (byte v : mask.values()) {
                    person += (v & 0xff) >= PersonSegmenter.HALF ? 1 : 0;
                }
                assertThat(person).isBetween(1, mask.values().length - 1);
                tiles.add(tile(picture, mask, pose.estimate(picture)));
            }
        }
        BufferedImage sheet = sheet(tiles, PHOTOS.size());
        Files.createDirectories(SHEET.getParent());
        ImageFiles.writePng(sheet, SHEET);
        assertThat(SHEET).isRegularFile();
    }

    /** The picture, its mask tinted, its skeleton drawn (limbs in white, points coloured by side). */
    private static BufferedImage tile(BufferedImage picture, Plane mask, Keypoints k) {
        double scale = (double) TILE_HEIGHT / picture.getHeight();
        int w = (int) Math.round(picture.getWidth() * scale);
        BufferedImage out = new BufferedImage(w, TILE_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.drawImage(picture, 0, 0, w, TILE_HEIGHT, null);
        BufferedImage tint = new BufferedImage(mask.width(), mask.height(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                if (mask.at(x, y) >= PersonSegmenter.HALF) {
                    tint.setRGB(x, y, MASK_TINT.getRGB());
                }
            }
        }
        g.drawImage(tint, 0, 0, w, TILE_HEIGHT, null);
        g.setStroke(new BasicStroke(2f));
        for (CocoKeypoint[] limb : CocoKeypoint.LIMBS) {
            if (k.present(limb[0]) && k.present(limb[1])) {
                g.setColor(Color.WHITE);
                g.drawLine((int) (k.x(limb[0]) * scale), (int) (k.y(limb[0]) * scale),
                    (int) (k.x(limb[1]) * scale), (int) (k.y(limb[1]) * scale));
            }
        }
        for (CocoKeypoint p : CocoKeypoint.values()) {
            if (k.present(p)) {
                String name = p.name();
                g.setColor(name.startsWith("LEFT") ? Color.GREEN : name.startsWith("RIGHT") ? Color.RED : Color.YELLOW);
                g.fillOval((int) (k.x(p) * scale) - 3, (int) (k.y(p) * scale) - 3, 7, 7);
            }
        }
        g.dispose();
        return out;
    }

    /** Tiles in rows of {@code perRow}, left to right, on dark gray. */
    private static BufferedImage sheet(List<BufferedImage> tiles, int perRow) {
        int rows = (tiles.size() + perRow - 1) / perRow;
        int width = 0;
        for (int r = 0; r < rows; r++) {
            int rowWidth = GAP;
            for (BufferedImage t : tiles.subList(r * perRow, Math.min(tiles.size(), (r + 1) * perRow))) {
                rowWidth += t.getWidth() + GAP;
            }
            width = Math.max(width, rowWidth);
        }
        BufferedImage sheet = new BufferedImage(width, GAP + rows * (TILE_HEIGHT + GAP), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        for (int r = 0; r < rows; r++) {
            int x = GAP;
            for (BufferedImage t : tiles.subList(r * perRow, Math.min(tiles.size(), (r + 1) * perRow))) {
                g.drawImage(t, x, GAP + r * (TILE_HEIGHT + GAP), null);
                x += t.getWidth() + GAP;
            }
        }
        g.dispose();
        return sheet;
    }
}
