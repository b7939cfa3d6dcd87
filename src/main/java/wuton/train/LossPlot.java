package wuton.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import wuton.image.ImageFiles;
import wuton.synth.PixelFont;

/**
 * The loss curves of a run as a PNG: one titled panel per {@link LossTerm}, step on the x axis, each panel
 * scaled to its own range, whose ends are written at the top and bottom left. Drawn with Java2D and
 * {@link PixelFont}, so it needs no system fonts.
 */
public final class LossPlot {
    private static final int PANEL_WIDTH = 360;
    private static final int PANEL_HEIGHT = 220;
    private static final int COLUMNS = 4;
    private static final int MARGIN = 12;
    private static final int TITLE_SCALE = 2;
    private static final int TITLE_HEIGHT = (PixelFont.GLYPH_HEIGHT + 4) * TITLE_SCALE;
    private static final int LABEL_INSET = 4;
    private static final int LABEL_BAND = PixelFont.GLYPH_HEIGHT * TITLE_SCALE + 2 * LABEL_INSET;
    private static final Color BACKGROUND = Color.WHITE;
    private static final Color FRAME = new Color(0xB0B0B0);
    private static final Color TEXT = new Color(0x202020);
    private static final Color CURVE = new Color(0x1F77B4);

    private LossPlot() {
    }

    /** Draws the rows of a metrics log into {@code file}; nothing when there are fewer than two rows. */
    public static void write(Path file, List<MetricsLog.Row> rows) {
        if (rows.size() < 2) {
            return;
        }
        LossTerm[] terms = LossTerm.values();
        int rowsOfPanels = (terms.length + COLUMNS - 1) / COLUMNS;
        BufferedImage image = new BufferedImage(COLUMNS * PANEL_WIDTH, rowsOfPanels * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (LossTerm term : terms) {
            int x0 = (term.ordinal() % COLUMNS) * PANEL_WIDTH;
            int y0 = (term.ordinal() / COLUMNS) * PANEL_HEIGHT;
            panel(g, term, rows, x0, y0);
        }
        g.dispose();
        ImageFiles.writePng(image, file);
    }

    private static void panel(Graphics2D g, LossTerm term, List<MetricsLog.Row> rows, int x0, int y0) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (MetricsLog.Row r : rows) {
            double v = r.loss(term);
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        text(g, term.column().replace('_', ' '), x0 + MARGIN, y0 + MARGIN);
        int left = x0 + MARGIN;
        int top = y0 + MARGIN + TITLE_HEIGHT;
        int width = PANEL_WIDTH - 2 * MARGIN;
        int height = PANEL_HEIGHT - 2 * MARGIN - TITLE_HEIGHT;
        g.setColor(FRAME);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(left, top, width, height);
        if (!(max >= min)) {
            return;
        }
        double span = max > min ? max - min : 1;
        double firstStep = rows.get(0).step();
        double stepSpan = Math.max(1, rows.get(rows.size() - 1).step() - firstStep);
        Path2D.Double curve = new Path2D.Double();
        boolean drawing = false;
        for (MetricsLog.Row r : rows) {
            double v = r.loss(term);
            if (!Double.isFinite(v)) {
                drawing = false;
                continue;
            }
            double x = left + width * (r.step() - firstStep) / stepSpan;
            // the curve keeps clear of the bands where the range labels are
            double y = top + height - LABEL_BAND - (height - 2 * LABEL_BAND) * (v - min) / span;
            if (drawing) {
                curve.lineTo(x, y);
            } else {
                curve.moveTo(x, y);
                drawing = true;
            }
        }
        g.setColor(CURVE);
        g.setStroke(new BasicStroke(2f));
        g.draw(curve);
        text(g, number(max), left + LABEL_INSET, top + LABEL_INSET);
        text(g, number(min), left + LABEL_INSET, top + height - LABEL_INSET - PixelFont.GLYPH_HEIGHT * TITLE_SCALE);
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static void text(Graphics2D g, String text, int x, int y) {
        AffineTransform at = AffineTransform.getTranslateInstance(x, y);
        at.scale(TITLE_SCALE, TITLE_SCALE);
        g.setColor(TEXT);
        g.fill(at.createTransformedShape(PixelFont.outline(text)));
    }
}
