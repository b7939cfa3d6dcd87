package wuton.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import wuton.common.AtomicFiles;

/**
 * {@code metrics.json}, whose schema docs/eval.md describes:
 * <pre>
 * {"mode": "paired"|"unpaired", "data": path, "date": ISO-8601, "wutonVersion": string,
 *  "baseline": "identity" | null,
 *  "models": [{"name", "source" (null for the baseline), "count", "beatsIdentity" (not on the baseline itself),
 *              "metrics": {"ssim": METRIC, "psnr", "l1", "lpips", "fid", "kid", "is"},
 *              "regions": {"garment": {"ssim", "psnr", "l1"}, "arms_and_hands", "accessories", "face_and_rest"}}]}
 * METRIC: {"mean", "std", "count"} | {"value"} (FID) | {"available": false, "reason"}
 * </pre>
 * The baseline, where there is one, is the first model; {@code beatsIdentity} ({@link Baseline#beats}) is there
 * only when both its and the model's SSIM were measured.
 */
public final class MetricsJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MetricsJson() {
    }

    /** The document as a JSON tree. */
    public static ObjectNode of(EvalResults results) {
        ObjectNode root = JSON.createObjectNode();
        root.put("mode", results.mode().name().toLowerCase(Locale.ROOT));
        root.put("data", results.data().toString());
        root.put("date", results.date().toString());
        root.put("wutonVersion", results.wutonVersion());
        Optional<ModelResult> baseline = results.baseline();
        root.put("baseline", baseline.map(ModelResult::name).orElse(null));
        ArrayNode models = root.putArray("models");
        for (ModelResult m : results.models()) {
            ObjectNode model = models.addObject();
            model.put("name", m.name());
            model.put("source", m.source() == null ? null : m.source().toAbsolutePath().normalize().toString());
            model.put("count", m.count());
            if (baseline.isPresent() && !m.baseline()) {
                Baseline.beats(m, baseline.get()).ifPresent(beats -> model.put("beatsIdentity", beats));
            }
            putAll(model.putObject("metrics"), m.metrics());
            ObjectNode regions = model.putObject("regions");
            m.regions().forEach((region, metrics) -> putAll(regions.putObject(region.key()), metrics));
        }
        return root;
    }

    /** Writes the document, atomically. */
    public static void write(Path file, EvalResults results) {
        try {
            AtomicFiles.write(file, JSON.writeValueAsString(of(results)) + "\n");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putAll(ObjectNode into, Map<MetricName, Metric> metrics) {
        metrics.forEach((name, metric) -> put(into.putObject(name.key()), metric));
    }

    private static void put(ObjectNode node, Metric metric) {
        if (metric instanceof Metric.Measured m) {
            node.put("mean", m.summary().mean());
            node.put("std", m.summary().std());
            node.put("count", m.summary().count());
        } else if (metric instanceof Metric.Single s) {
            node.put("value", s.value());
        } else if (metric instanceof Metric.Unavailable u) {
            node.put("available", false);
            node.put("reason", u.reason());
        }
    }
}
