package wuton.serve;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The service's counters, written in the Prometheus text format for {@code GET /api/metrics}:
 *
 * <ul>
 *   <li>{@code wuton_http_requests_total{route, status}}: answered requests, by route template and status;</li>
 *   <li>{@code wuton_http_errors_total}: requests answered with a 5xx status;</li>
 *   <li>{@code wuton_tryon_seconds}: histogram of the time a {@code POST /api/tryon} took, upload to answer;</li>
 *   <li>{@code wuton_queue_depth}: try-ons waiting for the model now;</li>
 *   <li>{@code wuton_batch_size}: histogram of the number of try-ons per model call;</li>
 *   <li>{@code wuton_batch_failures_total}: model calls that threw;</li>
 *   <li>{@code wuton_nonfinite_results_total}: try-ons refused because the model's image held NaN or infinite
 *   values (broken weights, or a native library computing wrongly on this machine: docs/native.md).</li>
 * </ul>
 *
 * Thread-safe; recording costs an increment or two, no lock.
 */
final class Metrics {
    private static final double[] SECONDS_BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64};

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final LongAdder errors = new LongAdder();
    private final LongAdder batchFailures = new LongAdder();
    private final LongAdder nonFiniteResults = new LongAdder();
    private final Histogram tryOnSeconds = new Histogram(SECONDS_BUCKETS);
    private final Histogram batchSizes = new Histogram(BATCH_BUCKETS);
    private volatile IntSupplier queueDepth = () -> 0;

    /** A cumulative histogram with fixed upper bounds, as Prometheus reads it. */
    private static final class Histogram {
        private final double[] bounds;
        private final AtomicLongArray counts;
        private final DoubleAdder sum = new DoubleAdder();
        private final LongAdder count = new LongAdder();

        Histogram(double[] bounds) {
            this.bounds = bounds;
            this.counts = new AtomicLongArray(bounds.length);
        }

        void observe(double value) {
            for (int i = 0; i < bounds.length; i++) {
                if (value <= bounds[i]) {
                    counts.incrementAndGet(i);
                }
            }
            sum.add(value);
            count.increment();
        }

        void write(StringBuilder out, String name) {
            for (int i = 0; i < bounds.length; i++) {
                out.append(name).append("_bucket{le=\"").append(number(bounds[i])).append("\"} ")
                    .append(counts.get(i)).append('\n');
            }
            out.append(name).append("_bucket{le=\"+Inf\"} ").append(count.sum()).append('\n');
            out.append(name).append("_sum ").append(number(sum.sum())).append('\n');
            out.append(name).append("_count ").append(count.sum()).append('\n');
        }
    }

    /** Where the queue depth is read from when metrics are written. */
    void queueDepth(IntSupplier depth) {
        queueDepth = depth;
    }

    /** One answered request; {@code route} is the route's template ({@code /api/garments/{file}}), not the path. */
    void request(String route, int status, double seconds) {
        requests.computeIfAbsent(route + '\u0000' + status, key -> new LongAdder()).increment();
        if (status >= 500) {
            errors.increment();
        }
        if (route.equals(Server.TRYON_ROUTE)) {
            tryOnSeconds.observe(seconds);
        }
    }

    /** One model call of this many try-ons. */
    void batch(int size) {
        batchSizes.observe(size);
    }

    void batchFailed() {
        batchFailures.increment();
    }

    /** One try-on answered with an error because its image was not finite. */
    void nonFiniteResult() {
        nonFiniteResults.increment();
    }

    /** Everything, in the Prometheus text exposition format (version 0.0.4). */
    String prometheus() {
        StringBuilder out = new StringBuilder();
        header(out, "wuton_http_requests_total", "counter", "Requests answered, by route and status.");
        new TreeMap<>(requests).forEach((key, n) -> {
            String[] routeAndStatus = key.split("\u0000");
            out.append("wuton_http_requests_total{route=\"").append(label(routeAndStatus[0])).append("\",status=\"")
                .append(routeAndStatus[1]).append("\"} ").append(n.sum()).append('\n');
        });
        header(out, "wuton_http_errors_total", "counter", "Requests answered with a 5xx status.");
        out.append("wuton_http_errors_total ").append(errors.sum()).append('\n');
        header(out, "wuton_tryon_seconds", "histogram", "Time to answer POST /api/tryon, upload to answer.");
        tryOnSeconds.write(out, "wuton_tryon_seconds");
        header(out, "wuton_queue_depth", "gauge", "Try-ons waiting for the model.");
        out.append("wuton_queue_depth ").append(queueDepth.getAsInt()).append('\n');
        header(out, "wuton_batch_size", "histogram", "Try-ons per model call.");
        batchSizes.write(out, "wuton_batch_size");
        header(out, "wuton_batch_failures_total", "counter", "Model calls that failed.");
        out.append("wuton_batch_failures_total ").append(batchFailures.sum()).append('\n');
        header(out, "wuton_nonfinite_results_total", "counter", "Try-ons refused: the model's image held NaN or infinity.");
        out.append("wuton_nonfinite_results_total ").append(nonFiniteResults.sum()).append('\n');
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
            .append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String label(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
            ? Long.toString((long) value) : String.format(Locale.ROOT, "%s", value);
    }
}
