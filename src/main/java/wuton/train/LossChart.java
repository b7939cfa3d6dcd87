package wuton.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** A run's loss curves as inline SVG, one small chart per loss, from its {@code metrics.csv}. */
public final class LossChart {
    /** The curves drawn for each run. */
    private static final List<LossTerm> CURVES = List.of(LossTerm.L1, LossTerm.PERCEPTUAL, LossTerm.GENERATOR, LossTerm.DISCRIMINATOR);
    private static final int CHART_WIDTH = 320;
    private static final int CHART_HEIGHT = 160;
    private static final int CHART_MARGIN = 20;

    private LossChart() {
    }

    /** The charts of a run folder, or an empty string when it has fewer than two logged rows. */
    public static String svg(Path run) {
        Path csv = new RunDirectory(run).metrics();
        if (!Files.isRegularFile(csv)) {
            return "";
        }
        List<MetricsLog.Row> rows = MetricsLog.read(csv);
        if (rows.size() < 2) {
            return "";
        }
        StringBuilder svg = new StringBuilder();
        for (LossTerm term : CURVES) {
            svg.append(svg(term, rows));
        }
        return svg.toString();
    }

    /** One loss against the step as an inline SVG polyline, scaled to its own range (written at the ends). */
    static String svg(LossTerm term, List<MetricsLog.Row> rows) {
        double min = rows.stream().mapToDouble(r -> r.loss(term)).filter(Double::isFinite).min().orElse(0);
        double max = rows.stream().mapToDouble(r -> r.loss(term)).filter(Double::isFinite).max().orElse(1);
        double span = max > min ? max - min : 1;
        double first = rows.get(0).step();
        double steps = Math.max(1, rows.get(rows.size() - 1).step() - first);
        int plotWidth = CHART_WIDTH - 2 * CHART_MARGIN;
        int plotHeight = CHART_HEIGHT - 2 * CHART_MARGIN;
        StringBuilder points = new StringBuilder();
        for (MetricsLog.Row r : rows) {
            if (Double.isFinite(r.loss(term))) {
                double x = CHART_MARGIN + plotWidth * (r.step() - first) / steps;
                double y = CHART_MARGIN + plotHeight * (1 - (r.loss(term) - min) / span);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + CHART_WIDTH + "\" height=\"" + CHART_HEIGHT + "\">"
            + "<rect x=\"0.5\" y=\"0.5\" width=\"" + (CHART_WIDTH - 1) + "\" height=\"" + (CHART_HEIGHT - 1) + "\" fill=\"none\" stroke=\"#bbb\"/>"
            + "<text x=\"4\" y=\"14\" font-size=\"12\">" + escape(term.column()) + " (max " + number(max) + ")</text>"
            + "<text x=\"4\" y=\"" + (CHART_HEIGHT - 4) + "\" font-size=\"12\">min " + number(min) + ", steps "
            + (long) first + "-" + (long) (first + steps) + "</text>"
            + "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" points=\"" + points.toString().trim() + "\"/></svg>";
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
