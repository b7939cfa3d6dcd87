package wuton.eval;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import wuton.common.AtomicFiles;

/**
 * {@code report.html}: the metrics table, a grid of examples (person, garment, each model's result, the truth
 * when there is one) and each evaluated run's training curves. Self-contained: images are
 * inline base64 PNGs and the curves inline SVG, so the file opens in a browser with no network.
 *
 * <p>Where the evaluation has the {@link Identity} baseline, a line above the table names each model that does not
 * beat it ({@link Baseline#beats}), and every cell where a model scores worse than it is red (class {@code worse}).
 */
public final class HtmlReport {

    private HtmlReport() {
    }

    /**
     * Writes the report, atomically.
     *
     * @param trainingCurves SVG markup of each evaluated run's loss curves, by run name (in the order shown)
     */
    public static void write(Path file, EvalResults results, Map<String, String> trainingCurves) {
        AtomicFiles.write(file, html(results, trainingCurves));
    }

    static String html(EvalResults r, Map<String, String> trainingCurves) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>wuton evaluation</title><style>")
            .append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #bbb;")
            .append("padding:4px 8px;text-align:right}th{background:#eee}img{display:block}.na{color:#999}")
            .append(".worse{background:#fdd;color:#a00}.flag{color:#a00;font-weight:bold}tr.baseline td{font-style:italic}")
            .append("</style></head><body>\n");
        h.append("<h1>wuton evaluation</h1>\n<p>").append(escape(r.mode().name().toLowerCase(Locale.ROOT))).append(" pairs of ")
            .append(escape(r.data().toString())).append(", ").append(escape(r.date().toString())).append(", ")
            .append(escape(r.wutonVersion())).append("</p>\n");
        ModelResult baseline = r.baseline().orElse(null);
        if (baseline != null) {
            h.append("<p>").append(escape(baseline.name())).append(": the person photo returned unchanged, the score to beat;")
                .append(" red cells are worse than it.</p>\n");
            flags(h, r.models(), baseline);
        }
        table(h, "Metrics", r.models(), null, baseline);
        for (Region region : Region.values()) {
            if (r.models().stream().anyMatch(m -> m.regions().containsKey(region))) {
                table(h, "Region: " + region.key().replace('_', ' '), r.models(), region, baseline);
            }
        }
        examples(h, r);
        curves(h, trainingCurves);
        return h.append("</body></html>\n").toString();
    }

    /** "X does not beat identity (SSIM 0.7900 vs 0.8300)" for each model whose SSIM is not above the baseline's. */
    private static void flags(StringBuilder h, List<ModelResult> models, ModelResult baseline) {
        for (ModelResult m : models) {
            if (!m.baseline() && !Baseline.beats(m, baseline).orElse(true)) {
                h.append("<p class=\"flag\">").append(escape(m.name())).append(" does not beat ").append(escape(baseline.name()))
                    .append(" (SSIM ").append(number(Baseline.ssim(m).getAsDouble())).append(" vs ")
                    .append(number(Baseline.ssim(baseline).getAsDouble())).append(")</p>\n");
            }
        }
    }

    /** One table, overall ({@code region} null) or of one region; cells worse than the baseline's (if any) marked. */
    private static void table(StringBuilder h, String title, List<ModelResult> models, Region region, ModelResult baseline) {
        List<MetricName> names = region == null ? List.of(MetricName.values()) : List.of(MetricName.SSIM, MetricName.PSNR, MetricName.L1);
        h.append("<h2>").append(escape(title)).append("</h2>\n<table><tr><th>model</th><th>pairs</th>");
        for (MetricName n : names) {
            String hover = n.description().isEmpty() ? "" : " title=\"" + escape(n.description()) + "\"";
            h.append("<th").append(hover).append(">").append(escape(n.heading())).append(n.higherIsBetter() ? " &uarr;" : " &darr;")
                .append("</th>");
        }
        h.append("</tr>\n");
        for (ModelResult m : models) {
            h.append(m.baseline() ? "<tr class=\"baseline\">" : "<tr>").append("<td>").append(escape(m.name())).append("</td><td>")
                .append(m.count()).append("</td>");
            for (MetricName n : names) {
                Metric metric = metric(m, region, n);
                boolean worse = baseline != null && !m.baseline() && Baseline.worse(n, metric, metric(baseline, region, n));
                h.append(cell(metric, worse));
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    /** A model's metric overall ({@code region} null) or in a region; null where it has none. */
    private static Metric metric(ModelResult m, Region region, MetricName n) {
        return region == null ? m.metrics().get(n) : m.regions().getOrDefault(region, Map.of()).get(n);
    }

    private static String cell(Metric metric, boolean worse) {
        String td = worse ? "<td class=\"worse\">" : "<td>";
        if (metric instanceof Metric.Measured m) {
            return td + number(m.summary().mean()) + " &plusmn; " + number(m.summary().std()) + "</td>";
        }
        if (metric instanceof Metric.Single s) {
            return td + number(s.value()) + "</td>";
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
                h.append(result == null ? "<td></td>" : image(result, "result"));
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

    /** Each run's training curves, already drawn (SVG markup), under the run's name. */
    private static void curves(StringBuilder h, Map<String, String> trainingCurves) {
        trainingCurves.forEach((run, svg) -> h.append("<h2>Training curves: ").append(escape(run)).append("</h2>\n<p>")
            .append(svg).append("</p>\n"));
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
