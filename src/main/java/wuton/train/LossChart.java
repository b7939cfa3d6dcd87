package wuton.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import wuton.common.AtomicFiles;

/**
 * A run's loss curves as SVG, from the rows of its {@code metrics.csv}: one panel per {@link LossTerm}, the
 * step on the x axis, each panel scaled to its own range, whose ends are written in the panel. The same chart
 * is the run's {@code loss.svg} (every term, {@link #write}) and its section of the evaluation report (the
 * four headline terms, {@link #svg(Path)}). SVG text needs no font files, and a browser opens it as it is.
 */
public final class LossChart {
    /** The curves the evaluation report shows for each run. */
    static final List<LossTerm> REPORT_CURVES = List.of(LossTerm.L1, LossTerm.PERCEPTUAL, LossTerm.GENERATOR,
        LossTerm.DISCRIMINATOR);
    /** Panels per row of the chart. */
    private static final int COLUMNS = 4;
    private static final int PANEL_WIDTH = 320;
    private static final int PANEL_HEIGHT = 160;
    /** Space between a panel's border and its plot, where the title and the range are written. */
    private static final int MARGIN = 20;
    private static final int FONT_SIZE = 12;
    private static final int TEXT_INSET = 4;
    private static final String FRAME = "#bbb";
    private static final String CURVE = "#1f77b4";

    private LossChart() {
    }

    /** The report's chart of a run folder, or an empty string when it has fewer than two logged rows. */
    public static String svg(Path run) {
        Path csv = new RunDirectory(run).metrics();
        if (!Files.isRegularFile(csv)) {
            return "";
        }
        List<MetricsLog.Row> rows = MetricsLog.read(csv);
        return rows.size() < 2 ? "" : svg(rows, REPORT_CURVES);
    }

    /**
     * Writes every term of the rows into {@code file} as a standalone SVG document, atomically; nothing when
     * there are fewer than two rows (no curve to draw).
     */
    public static void write(Path file, List<MetricsLog.Row> rows) {
        if (rows.size() >= 2) {
            AtomicFiles.write(file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + svg(rows, List.of(LossTerm.values())) + "\n");
        }
    }

    /** One {@code <svg>} element holding a panel per term, {@value #COLUMNS} to a row, in the order given. */
    static String svg(List<MetricsLog.Row> rows, List<LossTerm> terms) {
        int columns = Math.min(COLUMNS, terms.size());
        int panelRows = (terms.size() + COLUMNS - 1) / COLUMNS;
        int width = columns * PANEL_WIDTH;
        int height = panelRows * PANEL_HEIGHT;
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width
            + "\" height=\"" + height + "\" viewBox=\"0 0 " + width + " " + height + "\" font-family=\"sans-serif\""
            + " font-size=\"" + FONT_SIZE + "\"><rect width=\"" + width + "\" height=\"" + height
            + "\" fill=\"white\"/>");
        for (int i = 0; i < terms.size(); i++) {
            svg.append("<g transform=\"translate(").append((i % COLUMNS) * PANEL_WIDTH).append(',')
                .append((i / COLUMNS) * PANEL_HEIGHT).append(")\">").append(panel(terms.get(i), rows)).append("</g>");
        }
        return svg.append("</svg>").toString();
    }

    /**
     * One term against the step in panel coordinates: the curve fills the plot inside the margins, its
     * lowest value at the bottom and its highest at the top; a non-finite value breaks the curve.
     */
    static String panel(LossTerm term, List<MetricsLog.Row> rows) {
        double min = rows.stream().mapToDouble(r -> r.loss(term)).filter(Double::isFinite).min().orElse(0);
        double max = rows.stream().mapToDouble(r -> r.loss(term)).filter(Double::isFinite).max().orElse(1);
        double span = max > min ? max - min : 1;
        double first = rows.get(0).step();
        double steps = Math.max(1, rows.get(rows.size() - 1).step() - first);
        int plotWidth = PANEL_WIDTH - 2 * MARGIN;
        int plotHeight = PANEL_HEIGHT - 2 * MARGIN;
        StringBuilder path = new StringBuilder();
        boolean drawing = false;
        for (MetricsLog.Row r : rows) {
            double v = r.loss(term);
            if (!Double.isFinite(v)) {
                drawing = false;
                continue;
            }
            double x = MARGIN + plotWidth * (r.step() - first) / steps;
            double y = MARGIN + plotHeight * (1 - (v - min) / span);
            if (!path.isEmpty()) {
                path.append(' ');
            }
            path.append(drawing ? 'L' : 'M').append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
            drawing = true;
        }
        return "<rect x=\"0.5\" y=\"0.5\" width=\"" + (PANEL_WIDTH - 1) + "\" height=\"" + (PANEL_HEIGHT - 1)
            + "\" fill=\"none\" stroke=\"" + FRAME + "\"/>"
            + "<text x=\"" + TEXT_INSET + "\" y=\"" + (MARGIN - TEXT_INSET - 2) + "\">" + escape(term.column())
            + " (max " + number(max) + ")</text>"
            + "<text x=\"" + TEXT_INSET + "\" y=\"" + (PANEL_HEIGHT - TEXT_INSET) + "\">min " + number(min)
            + ", steps " + (long) first + "-" + (long) (first + steps) + "</text>"
            + "<path fill=\"none\" stroke=\"" + CURVE + "\" stroke-width=\"1.5\" d=\"" + path + "\"/>";
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
