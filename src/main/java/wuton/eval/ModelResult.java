package wuton.eval;

import java.nio.file.Path;
import java.util.Map;

/**
 * The evaluation of one model.
 *
 * @param source   the run folder or model file; null for the baseline
 * @param count    the number of test pairs it was run on
 * @param metrics  every {@link MetricName}, measured or unavailable
 * @param regions  per {@link Region}, SSIM, PSNR and L1 against the ground truth; empty without one
 * @param baseline whether this is the {@link Identity} baseline the other models are compared with
 */
public record ModelResult(String name, Path source, int count, Map<MetricName, Metric> metrics,
                          Map<Region, Map<MetricName, Metric>> regions, boolean baseline) {
}
