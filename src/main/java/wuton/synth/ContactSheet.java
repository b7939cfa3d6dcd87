package wuton.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import wuton.common.UserError;
import wuton.image.ImageFiles;
import wuton.labels.CocoKeypoint;

/**
 * A contact sheet of a written world's test pairs, read back from its files: for each sample the
 * person, the garment it is paired with, the colourised parsing, the pose drawn on the person and the
 * unpaired ground truth (the person wearing that garment).
 */
public final class ContactSheet {
    private static final String[] COLUMNS = {"person", "garment", "parsing", "pose", "truth"};
    private static final int GROUPS_PER_ROW = 4, TILE_HEIGHT = 160, GAP = 12, HEADER = 24, CAPTION_SCALE = 2;

    private ContactSheet() {
    }

    /** Draws up to {@code samples} test pairs of the world in {@code root} and writes the sheet as PNG. */
    public static void write(Path root, int samples, Path out) {
        List<String> pairs = readLines(root.resolve("test_pairs.txt"));
        int n = Math.min(samples, pairs.size());
        if (n == 0) {
            throw new UserError(root + ": the world has no test pairs to show (use a --test-fraction above 0)");
        }
        BufferedImage first = read(root.resolve(WorldWriter.TEST).resolve(WorldWriter.IMAGE)
            .resolve(pairs.get(0).split(" ")[0]));
        int tileW = Math.round(TILE_HEIGHT * first.getWidth() / (float) first.getHeight());
        int groupW = COLUMNS.length * tileW + GAP;
        int rows = (n + GROUPS_PER_ROW - 1) / GROUPS_PER_ROW;
        BufferedImage sheet = new BufferedImage(GROUPS_PER_ROW * groupW + GAP, HEADER + rows * (TILE_HEIGHT + GAP) + GAP,
            BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.setColor(Color.DARK_GRAY);
        for (int group = 0; group < GROUPS_PER_ROW; group++) {
            for (int col = 0; col < COLUMNS.length; col++) {
                caption(g, COLUMNS[col], GAP + group * groupW + col * tileW + 4, HEADER - 16);
            }
        }
        for (int k = 0; k < n; k++) {
            int x = GAP + (k % GROUPS_PER_ROW) * groupW, y = HEADER + (k / GROUPS_PER_ROW) * (TILE_HEIGHT + GAP);
            BufferedImage[] tiles = sample(root, pairs.get(k));
            for (int col = 0; col < tiles.length; col++) {
                g.drawImage(tiles[col], x + col * tileW, y, tileW, TILE_HEIGHT, null);
            }
        }
        g.dispose();
        ImageFiles.writePng(sheet, out);
    }

    /** A caption in the pixel font, 2 image pixels per font pixel, top-left at (x, y). */
    private static void caption(Graphics2D g, String text, int x, int y) {
        java.awt.geom.AffineTransform at = java.awt.geom.AffineTransform.getTranslateInstance(x, y);
        at.scale(CAPTION_SCALE, CAPTION_SCALE);
        g.fill(at.createTransformedShape(PixelFont.outline(text)));
    }

    private static BufferedImage[] sample(Path root, String pairLine) {
        String[] pair = pairLine.trim().split("\\s+");
        String person = stemOf(pair[0]), cloth = stemOf(pair[1]);
        Path test = root.resolve(WorldWriter.TEST);
        BufferedImage image = read(test.resolve(WorldWriter.IMAGE).resolve(person + ".png"));
        BufferedImage pose = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = pose.createGraphics();
        g.drawImage(image, 0, 0, null);
        drawPose(g, readKeypoints(test.resolve(WorldWriter.POSE).resolve(person + "_keypoints.json")), image.getHeight());
        g.dispose();
        return new BufferedImage[] {
            image,
            read(test.resolve(WorldWriter.CLOTH).resolve(cloth + ".png")),
            read(test.resolve(WorldWriter.PARSE).resolve(person + ".png")),
            pose,
            read(test.resolve(WorldWriter.UNPAIRED_GT).resolve(person + "__" + cloth + ".png")),
        };
    }

    /** OpenPose-style skeleton: a coloured line per limb, a dot per keypoint. */
    private static void drawPose(Graphics2D g, float[] xyc, int height) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        float width = Math.max(1.5f, height / 110f);
        g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        CocoKeypoint[][] limbs = CocoKeypoint.LIMBS;
        for (int l = 0; l < limbs.length; l++) {
            int a = limbs[l][0].ordinal(), b = limbs[l][1].ordinal();
            if (xyc[3 * a + 2] > 0 && xyc[3 * b + 2] > 0) {
                g.setColor(Color.getHSBColor(l / (float) limbs.length, 0.9f, 0.95f));
                g.draw(new Line2D.Float(xyc[3 * a], xyc[3 * a + 1], xyc[3 * b], xyc[3 * b + 1]));
            }
        }
        for (int k = 0; k < CocoKeypoint.count(); k++) {
            if (xyc[3 * k + 2] > 0) {
                g.setColor(xyc[3 * k + 2] >= PersonPainter.VISIBLE ? Color.RED : Color.ORANGE);
                g.fill(new Ellipse2D.Float(xyc[3 * k] - width, xyc[3 * k + 1] - width, 2 * width, 2 * width));
            }
        }
    }

    private static float[] readKeypoints(Path file) {
        try {
            JsonNode points = new ObjectMapper().readTree(file.toFile()).path("people").path(0).path("pose_keypoints_2d");
            float[] xyc = new float[3 * CocoKeypoint.count()];
            for (int i = 0; i < xyc.length && i < points.size(); i++) {
                xyc[i] = (float) points.get(i).asDouble();
            }
            return xyc;
        } catch (IOException e) {
            throw new UserError(file + ": cannot read pose JSON: " + e.getMessage(), e);
        }
    }

    private static String stemOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot);
    }

    private static BufferedImage read(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new UserError(file + ": not an image");
            }
            return image;
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw UserError.io("read", file, e);
        }
    }
}
