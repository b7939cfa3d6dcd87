package wuton.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import wuton.AtomicFiles;
import wuton.train.LossTerm;
import wuton.train.MetricsLog;

/**
 * {@code report.html}: the metrics table, a grid of examples (person, garment, each model's result, the truth
 * when there is one) and each run's training curves from its {@code metrics.csv}. Self-contained: images are
 * inline base64 PNGs and the curves inline SVG, so the file opens in a browser with no network.
 */
public final class HtmlReport {
    /** The curves drawn for each run. */
    private static final List<LossTerm> CURVES = List.of(LossTerm.L1, LossTerm.PERCEPTUAL, LossTerm.GENERATOR, LossTerm.DISCRIMINATOR);
    private static final int CHART_WIDTH = 320;
    private static final int CHART_HEIGHT = 160;
    private static final int CHART_MARGIN = 20;

    private HtmlReport() {
    }

    /** Writes the report, atomically. */
    public static void write(Path file, EvalResults results) {
        AtomicFiles.write(file, html(results));
    }

    static String html(EvalResults r) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>wuton evaluation</title><style>")
            .append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #bbb;")
            .append("padding:4px 8px;text-align:right}th{background:#eee}img{display:block}.na{color:#999}</style></head><body>\n");
        h.append("<h1>wuton evaluation</h1>\n<p>").append(escape(r.mode().name().toLowerCase(Locale.ROOT))).append(" pairs of ")
            .append(escape(r.data().toString())).append(", ").append(escape(r.date().toString())).append(", ")
            .append(escape(r.wutonVersion())).append("</p>\n");
        table(h, "Metrics", r.models(), null);
        for (Region region : Region.values()) {
            if (r.models().stream().anyMatch(m -> m.regions().containsKey(region))) {
                table(h, "Region: " + region.key().replace('_', ' '), r.models(), region);
            }
        }
        examples(h, r);
        curves(h, r.models());
        return h.append("</body></html>\n").toString();
    }

    private static void table(StringBuilder h, String title, List<ModelResult> models, Region region) {
        List<MetricName> names = region == null ? List.of(MetricName.values()) : List.of(MetricName.SSIM, MetricName.PSNR, MetricName.L1);
        h.append("<h2>").append(escape(title)).append("</h2>\n<table><tr><th>model</th><th>pairs</th>");
        for (MetricName n : names) {
            h.append("<th>").append(n.key().toUpperCase(Locale.ROOT)).append(n.higherIsBetter() ? " &uarr;" : " &darr;").append("</th>");
        }
        h.append("</tr>\n");
        for (ModelResult m : models) {
            h.append("<tr><td>").append(escape(m.name())).append("</td><td>").append(m.count()).append("</td>");
            for (MetricName n : names) {
                Metric metric = region == null ? m.metrics().get(n) : m.regions().getOrDefault(region, java.util.Map.of()).get(n);
                h.append(cell(metric));
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static String cell(Metric metric) {
        if (metric instanceof Metric.Measured m) {
            return "<td>" + number(m.summary().mean()) + " &plusmn; " + number(m.summary().std()) + "</td>";
        }
        if (metric instanceof Metric.Single s) {
            return "<td>" + number(s.value()) + "</td>";
        }
        String reason = metric instanceof Metric.Unavailable u ? u.reason() : "not measured";
        return "<td class=\"na\" title=\"" + escape(reason) + "\">n/a</td>";
    }

    private static void examples(StringBuilder h, EvalResults r) {
        if (r.examples().isEmpty()) {
            return;
        }
        h.append("<h2>Examples</h2>\n<table><tr><th>person</th><th>garment</th>");
        for (ModelResult m : r.models()) {
            h.append("<th>").append(escape(m.name())).append("</th>");
        }
        boolean truth = r.examples().stream().anyMatch(e -> e.truth() != null);
        h.append(truth ? "<th>truth</th>" : "").append("</tr>\n");
        for (Example e : r.examples()) {
            h.append("<tr>").append(image(e.person(), e.personId())).append(image(e.cloth(), e.clothId()));
            for (byte[] result : e.results()) {
                h.append(image(result, "result"));
            }
            if (truth) {
                h.append(e.truth() == null ? "<td></td>" : image(e.truth(), "truth"));
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static String image(byte[] png, String alt) {
        return "<td><img alt=\"" + escape(alt) + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\"></td>";
    }

    private static void curves(StringBuilder h, List<ModelResult> models) {
        for (ModelResult m : models) {
            Path csv = m.source().resolve("metrics.csv");
            if (!Files.isDirectory(m.source()) || !Files.isRegularFile(csv)) {
                continue;
            }
            List<MetricsLog.Row> rows = MetricsLog.read(csv);
            if (rows.size() < 2) {
                continue;
            }
            h.append("<h2>Training curves: ").append(escape(m.name())).append("</h2>\n<p>");
            for (LossTerm term : CURVES) {
                h.append(chart(term, rows));
            }
            h.append("</p>\n");
        }
    }

    /** One loss against the step as an inline SVG polyline, scaled to its own range (written at the ends). */
    static String chart(LossTerm term, List<MetricsLog.Row> rows) {
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

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
